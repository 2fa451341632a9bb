"""The Streamlit chat, run headless with AppTest against a real index of the review (and a hostile corpus).

AppTest runs app.py in this process, so `st.cache_resource` (which holds the Assistant and its store
lock) is shared between tests: each index gets its own temp data dir, and the cache is cleared (its
`on_release` closes the Assistant) whenever the tests switch index.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import streamlit as st
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

import rag.query.plan
from rag import REFUSAL, Assistant, Settings, StoreUnavailableError
from rag.present.feedback import read_feedback
from rag.query.followup import standalone_question

pytestmark = [pytest.mark.integration, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[1]
APP = str(REPO / "app.py")
TIMEOUT = 180  # the first run loads the model and checks the starter questions
QUESTION = "Which treatments are MSC-EVs linked to resistance to?"
EVIL = (
    "[click](http://evil.example) ![x](http://evil.example/x.png) <script>alert(1)</script> "
    "<img src=x onerror=alert(1)>"
)
EVIL_DOC = (
    "Vesicle notes\n\nExosomes are small extracellular vesicles released by stem cells. "
    f"Exosome cargo includes proteins and microRNAs {EVIL} as described by the lab. "
    "Exosomes carry this cargo to tumour cells.\n"
)


@contextmanager
def serving(data_dir: Path, corpus_dir: Path) -> Iterator[Path]:
    """Point the app at an index (built here) through the environment, as a deployment would."""
    with Assistant(Settings(data_dir=data_dir, corpus_dir=corpus_dir)) as assistant:
        assistant.ingest()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RAG_DATA_DIR", str(data_dir))
        patch.setenv("RAG_CORPUS_DIR", str(corpus_dir))
        st.cache_resource.clear()
        try:
            yield data_dir
        finally:
            st.cache_resource.clear()  # closes the Assistant: releases the store lock


@pytest.fixture(scope="module")
def review_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with serving(tmp_path_factory.mktemp("app-index"), REPO / "corpus") as data_dir:
        yield data_dir


def start(review_index: Path) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]
    return app


def ask(app: AppTest, question: str) -> AppTest:
    app.chat_input[0].set_value(question).run()
    assert not app.exception, app.exception
    return app


def last_reply(app: AppTest) -> str:
    return app.chat_message[-1].markdown[0].value


def plain(markdown: str) -> str:
    """Rendered text of escaped Markdown (our escaping only adds backslashes)."""
    return markdown.replace("\\", "")


def test_welcome_offers_starter_questions_the_review_answers(review_index: Path) -> None:
    app = start(review_index)
    starters = [b for b in app.button if b.key and b.key.startswith("starter-")]
    assert 4 <= len(starters) <= 6
    sidebar = " ".join(m.value for m in app.sidebar.markdown)
    assert "abstract and metadata only" in sidebar and "Extractive" in sidebar
    assert app.slider(key="k").value == Settings().top_k


def test_answer_cites_sources_that_open_to_the_highlighted_sentence(review_index: Path) -> None:
    app = ask(start(review_index), QUESTION)
    reply = last_reply(app)
    assert "radiotherapy" in reply and ":blue-badge[1]" in reply
    cards = app.chat_message[-1].expander
    assert cards and cards[0].label.startswith("\\[1\\] Mesenchymal Stem Cell")
    assert ":orange-background[" in cards[0].markdown[0].value
    answer = app.session_state["messages"][-1]["answer"]
    assert not answer.abstained and answer.citations


def test_off_topic_question_abstains_and_suggests_answerable_questions(review_index: Path) -> None:
    app = ask(start(review_index), "What is the capital of France?")
    reply = plain(last_reply(app))
    assert reply.startswith(REFUSAL)
    assert "abstract and metadata only" in reply and "corpus/" in reply  # what is indexed, how to add the text
    nearby = [b.label for b in app.chat_message[-1].button]
    starters = {b.label for b in app.button if b.key and b.key.startswith("starter-")}
    assert nearby and set(nearby) <= set(app.session_state["messages"][-1]["nearby"])
    assert not starters  # the welcome is gone once the chat has started
    app.chat_message[-1].button[0].click().run()
    assert not app.session_state["messages"][-1]["answer"].abstained


def test_follow_up_passes_the_conversation(review_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, list[str]]] = []

    def spy(question: str, history: list) -> str:
        seen.append((question, [t.content for t in history if t.role == "user"]))
        return standalone_question(question, history)

    monkeypatch.setattr(rag.query.plan, "standalone_question", spy)
    app = ask(ask(start(review_index), QUESTION), "and radiotherapy?")
    assert seen[-1] == ("and radiotherapy?", [QUESTION])
    assert "radiotherapy" in last_reply(app)
    assert len(app.session_state["messages"]) == 4


def test_starter_question_click_asks_it(review_index: Path) -> None:
    app = start(review_index)
    starter = app.button(key="starter-0")
    starter.click().run()
    messages = app.session_state["messages"]
    assert messages[0] == {"role": "user", "content": starter.label}
    assert not messages[1]["answer"].abstained and messages[1]["answer"].citations


def test_feedback_is_logged_with_question_answer_and_citations(review_index: Path) -> None:
    app = ask(start(review_index), QUESTION)
    before = len(read_feedback(review_index))
    app.feedback[0].set_value(0).run()
    records = read_feedback(review_index)
    assert len(records) == before + 1
    record = records[-1]
    assert record["question"] == QUESTION and record["rating"] == "down" and record["score"] == 0
    assert "radiotherapy" in record["answer"] and record["citations"][0]["quote"] and record["time"]


def test_new_chat_clears_the_conversation(review_index: Path) -> None:
    app = ask(start(review_index), QUESTION)
    [new_chat] = [b for b in app.sidebar.button if b.label == "New chat"]
    new_chat.click().run()
    assert app.session_state["messages"] == []
    assert not app.chat_message
    assert any(b.key and b.key.startswith("starter-") for b in app.button)


def test_download_holds_the_conversation_with_citations(review_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stores: list[MemoryMediaFileStorage] = []

    class Recording(MemoryMediaFileStorage):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            stores.append(self)

    monkeypatch.setattr("streamlit.testing.v1.app_test.MemoryMediaFileStorage", Recording)
    app = ask(start(review_index), QUESTION)
    [button] = app.download_button
    assert button.proto.label == "Download conversation" and not button.proto.disabled
    file_id = button.proto.url.rsplit("/", 1)[1].split(".")[0]
    text = stores[-1].get_file(file_id).content.decode()
    quote = app.session_state["messages"][-1]["answer"].citations[0].quote
    assert "## Question 1" in text and "MSC\\-EVs" in text and "Sources:" in text
    assert "1. *Mesenchymal Stem Cell" in text and quote in plain(text)


def test_store_failure_during_an_answer_is_one_message(review_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def down(question: str, history: list) -> str:
        raise StoreUnavailableError("the Chroma server at 127.0.0.1:8000 is not answering: start `chroma run`")

    monkeypatch.setattr(rag.query.plan, "standalone_question", down)
    app = ask(start(review_index), QUESTION)
    [error] = app.chat_message[-1].error
    assert "chroma run" in error.value and not app.chat_message[-1].expander
    app.run()  # the failed turn replays as the same message
    assert app.chat_message[-1].error[0].value == error.value


def test_injected_markdown_and_html_render_inert(tmp_path: Path, review_index: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notes.txt").write_text(EVIL_DOC, encoding="utf-8")
    with serving(tmp_path / "data", corpus):
        app = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
        ask(app, "What does exosome cargo include? [me](http://evil.example/q) <b>x</b>")
        answer = app.session_state["messages"][-1]["answer"]
        assert not answer.abstained and EVIL in answer.citations[0].text
        rendered = [m.value for m in app.markdown] + [e.label for e in app.expander]
    page = "\n".join(rendered)
    link = "\\(http\\:\u2060\\/\\/evil\\.example"  # escaped, and a WORD JOINER breaks the GFM autolink
    assert f"\\[click\\]{link}\\)" in page and f"\\!\\[x\\]{link}\\/x\\.png\\)" in page
    assert "\\<script\\>alert\\(1\\)\\<\\/script\\>" in page and "\\<img src\\=x onerror\\=alert\\(1\\)\\>" in page
    assert f"\\[me\\]{link}\\/q\\) \\<b\\>x\\<\\/b\\>" in page  # the student's own text too
    assert not re.search(r"https?\\?:\\?/", page)  # no URL GFM would turn into a link
    unescaped = r"(?<!\\)<(script|img|b>)|(?<!\\)!\\?\[|(?<!\\)\]\\?\(http|(?<!\\)\[(click|me)"
    assert not re.search(unescaped, page), re.search(unescaped, page)


def test_missing_index_shows_one_friendly_error(tmp_path: Path, review_index: Path) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RAG_DATA_DIR", str(tmp_path / "no-index"))
        st.cache_resource.clear()
        try:
            app = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
        finally:
            st.cache_resource.clear()
    assert not app.exception
    [error] = app.error
    assert "not ready" in error.value and "python -m rag ingest" in error.value
    assert not app.chat_input
