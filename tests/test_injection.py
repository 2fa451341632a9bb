"""The injection corpus (tests/hostile.py, 310 strings) through every way text reaches a client:

- documents, titles and questions through the API JSON (REST, OpenAI, SSE; a hash embedder, so no model);
- LLM output through the API (a fake chat model that answers with the hostile strings, streamed per character);
- the Streamlit page's rendering (`rag.present.render`);
- the widget (tests/test_widget_browser.py, in Chromium).

Every text field must be inert (`hostile.problems`); each test prints how many strings it sent.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from fakes import HashEmbedder
from fastapi.testclient import TestClient
from hostile import ALLOWED, STRINGS, problems
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from rag import Answer, Assistant, Settings
from rag.adapters.api import create_app
from rag.answer.answerers import ANSWERERS
from rag.answer.answerers.chat import LangChainChat
from rag.answer.answerers.llm import LlmAnswerer
from rag.present.render import AnswerStream, answer_html, escape, passage_html, references_html, user_html
from rag.types import AnswerSentence, Citation, Reference

KEY = "k"
AUTH = {"Authorization": f"Bearer {KEY}"}
TOPIC = "Exosomes carry microRNA cargo between tumour cells"


def texts(value: Any) -> Iterator[str]:
    """Every string in a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)


def assert_inert(data: Any, where: str) -> int:
    bad = {text: found for text in texts(data) if (found := problems(text, ALLOWED))}
    assert not bad, f"{where}: {list(bad.items())[:3]}"
    return sum(1 for _ in texts(data))


@pytest.fixture(scope="module")
def hostile_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One document per hostile string: the string is its title and sits in its text, twice."""
    corpus = tmp_path_factory.mktemp("hostile") / "corpus"
    corpus.mkdir()
    documents = []
    for i, text in enumerate(STRINGS):
        name = f"doc{i:03d}.md"
        body = f"{TOPIC} {text} in study {i}. The vesicles of study {i} also hold {text} as cargo.\n"
        (corpus / name).write_text(body, encoding="utf-8")
        documents.append({"id": f"doc{i:03d}", "title": text, "file": name, "format": "md"})
    (corpus / "manifest.toml").write_text(tomli_w.dumps({"documents": documents}), encoding="utf-8")
    return corpus


def _client(corpus: Path, data_dir: Path, **overrides: Any) -> Iterator[TestClient]:
    settings = Settings(
        data_dir=data_dir, corpus_dir=corpus, api_keys=KEY, api_keys_file=None, rate_limit_per_minute=10**6, **overrides
    )
    assistant = Assistant(settings, embedder=HashEmbedder())
    assistant.ingest()
    with TestClient(create_app(settings, assistant)) as client:
        yield client
    assistant.close()


@pytest.fixture(scope="module")
def api(hostile_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    yield from _client(hostile_corpus, tmp_path_factory.mktemp("hostile-index"))


def test_documents_and_titles_come_out_inert(api: TestClient) -> None:
    corpus = api.get("/v1/corpus", headers=AUTH).json()
    loaded = len(corpus["documents"])
    assert loaded == len([s for s in STRINGS if "\x00" not in s])  # files with NUL bytes are refused at ingest
    fields = assert_inert(corpus, "/v1/corpus")
    raw: set[str] = set()
    for query in ("exosomes carry microRNA cargo", "vesicles study cargo", "tumour cells hold"):
        found = api.post("/v1/search", json={"query": query, "k": 100, "raw": True}, headers=AUTH).json()
        raw |= {p["raw_text"] for p in found["passages"]}
        fields += assert_inert({**found, "passages": [{**p, "raw_text": ""} for p in found["passages"]]}, query)
    assert any(problems(text) for text in raw)  # the raw passages asked for are as stored: not inert
    print(f"{loaded} hostile titles and documents (of {len(STRINGS)}), {fields} text fields inert")


@pytest.mark.parametrize("route", ["/v1/ask", "/v1/chat/completions", "stream"])
def test_every_hostile_question_comes_out_inert(api: TestClient, route: str) -> None:
    fields = 0
    for i, text in enumerate(STRINGS):
        question = f"What do exosomes carry {text}?"
        if route == "/v1/ask":
            body = api.post("/v1/ask", json={"question": question}, headers=AUTH).json()
        else:
            chat = {"messages": [{"role": "user", "content": question}], "stream": route == "stream"}
            response = api.post("/v1/chat/completions", json=chat, headers=AUTH)
            body = _events(response.text) if route == "stream" else response.json()
        fields += assert_inert(body, f"{route} #{i} {text!r}")
    print(f"{len(STRINGS)} hostile questions through {route}: {fields} text fields inert")


def _events(stream: str) -> list[Any]:
    events = [line.removeprefix("data: ") for line in stream.splitlines() if line.startswith("data: ")]
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    joined = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks if c.get("choices"))
    return [*chunks, joined]  # the pieces a client joins must be inert too


@pytest.fixture(scope="module")
def llm_api(hostile_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The API over an LLM answerer whose model answers with the hostile strings, one character at a time."""
    replies = [f"Exosomes carry {text} cargo [1]. The vesicles hold {text} too [2]." for text in STRINGS]
    ANSWERERS.register("hostile-llm")(
        lambda settings: LlmAnswerer("hostile-llm", LangChainChat(FakeListChatModel(responses=replies)), settings)
    )
    yield from _client(hostile_corpus, tmp_path_factory.mktemp("llm-index"), answerer="hostile-llm", min_evidence=0.0)


def test_hostile_llm_output_comes_out_inert(llm_api: TestClient) -> None:
    fields = answered = 0
    for i in range(len(STRINGS)):
        chat = {"messages": [{"role": "user", "content": "What do exosomes carry as cargo?"}], "stream": i % 2 == 1}
        response = llm_api.post("/v1/chat/completions", json=chat, headers=AUTH)
        body = _events(response.text) if chat["stream"] else response.json()
        fields += assert_inert(body, f"LLM reply #{i} {STRINGS[i]!r}")
        answered += not (body[-2] if chat["stream"] else body)["abstained"]
    assert answered > len(STRINGS) // 2  # the model's text did reach the answers
    print(f"{len(STRINGS)} hostile LLM replies ({answered} answered): {fields} text fields inert")


# The Streamlit page -----------------------------------------------------------------------------------


def _hostile_answer(text: str) -> Answer:
    passage = f"{TOPIC}. {text} is quoted. Another sentence."
    start = passage.index(text)
    citation = Citation(
        n=1,
        doc_id=text,
        title=text,
        section=text,
        page=3,
        text=passage,
        quote=passage[start : start + len(text) + 10],
        spans=((start, start + len(text) + 10),),
        references=(Reference(label=text, text=text, doi=text),),
    )
    return Answer(text, f"{text} [1]", False, (citation,), (AnswerSentence(text, (1,)),), reason=text)


_OUR_TAGS = {"a", "span", "mark", "details", "summary", "p", "br", "ol", "ul", "li", "div", "small", "strong", "em"}


class _Markup(HTMLParser):
    """The elements and attributes of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _OUR_TAGS:
            self.found.append(f"element <{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("src", "style", "srcset"):
                self.found.append(f"attribute {name}")
            if name == "href" and not (value or "").startswith("#"):
                self.found.append(f"link to {value}")


def _html_problems(markup: str) -> list[str]:
    """Why an HTML fragment of the page is not inert: elements other than ours, links off the page,
    event handlers or control characters."""
    parser = _Markup()
    parser.feed(markup)
    return parser.found + [f"control character {ch!r}" for ch in markup if ord(ch) < 32 and ch not in "\n\t"]


def test_the_page_renders_every_hostile_string_inert() -> None:
    """What app.py shows: the answer with its source cards, the passage, the references and the question
    as escaped HTML; card labels, sidebar text and the stream preview as escaped Markdown."""
    shown = 0
    for text in STRINGS:
        answer = _hostile_answer(text)
        citation = answer.citations[0]
        markup = [
            answer_html(answer, "t", several_documents=True),
            passage_html(citation.text, citation.spans),
            references_html(citation),
            user_html(text),
        ]
        markdown = [  # card labels are plain text inside the escaped HTML of answer_html
            escape(text),
            "".join(AnswerStream([text[: len(text) // 2], text[len(text) // 2 :], answer])),
        ]
        for item in markup:
            assert _html_problems(item) == [], (text, item)
        for item in markdown:
            assert problems(item, (), html=False) == [], (text, item)
        shown += len(markup) + len(markdown)
    print(f"{len(STRINGS)} hostile strings, {shown} page texts (HTML and Markdown) inert")
