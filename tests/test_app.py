"""The Streamlit chat, run headless with AppTest against a real index of the review (and a hostile corpus).

AppTest runs app.py in this process, so `st.cache_resource` (which holds the Assistant and its store
lock) is shared between tests: each index gets its own temp data dir, and the cache is cleared (its
`on_release` closes the Assistant) whenever the tests switch index. The assistant loads in a background
thread (`rag-warmup`); `start` waits for it, as a student would wait for the first answer.
"""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

import pytest
import streamlit as st
from fixture_docs import jats_article
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

import rag.query.plan
from rag import REFUSAL, Assistant, Settings, StoreUnavailableError
from rag.present.feedback import read_feedback
from rag.present.warmup import THREAD_NAME
from rag.query.followup import Resolved, resolve

pytestmark = [pytest.mark.integration, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[1]
APP = str(REPO / "app.py")
TIMEOUT = 180  # the first run loads the model and checks the starter questions
QUESTION = "Which treatments are MSC-EVs linked to resistance to?"
MIRNA = "What does the review say about miRNA-21 in chemoresistance?"
EVIL = (
    "[click](http://evil.example) ![x](http://evil.example/x.png) <script>alert(1)</script> "
    "<img src=x onerror=alert(1)>"
)
EVIL_DOC = (
    "Vesicle notes\n\nExosomes are small extracellular vesicles released by stem cells. "
    f"Exosome cargo includes proteins and microRNAs {EVIL} as described by the lab. "
    "Exosomes carry this cargo to tumour cells.\n"
)
DEVELOPER_WORDS = ("rag fetch", "rag ingest", "corpus/", "all-MiniLM", "persistent", "Chroma", "JATS XML into")


class Page(HTMLParser):
    """The text and links of the HTML the app hands to `st.html`, as a browser would show them."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.links: list[dict[str, str | None]] = []
        self.tags: list[str] = []
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "a":
            self.links.append(dict(attrs))

    def handle_data(self, data: str) -> None:
        self.text += data


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


def warmed_up() -> None:
    """Wait for the background load (the thread ends when the assistant is ready or has failed)."""
    for thread in threading.enumerate():
        if thread.name == THREAD_NAME:
            thread.join(TIMEOUT)


def start(review_index: Path) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    warmed_up()
    app.run()
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]
    return app


def ask(app: AppTest, question: str) -> AppTest:
    app.chat_input[0].set_value(question).run()
    assert not app.exception, app.exception
    return app


def reply_html(app: AppTest) -> str:
    return "".join(h.proto.body for h in app.chat_message[-1].get("html"))


def page_text(app: AppTest) -> str:
    markup = "".join(h.proto.body for h in app.get("html") if "<script>" not in h.proto.body)
    return " ".join([Page(markup).text, *(m.value for m in app.markdown), *(c.value for c in app.caption)])


def sidebar_text(app: AppTest) -> str:
    markup = "".join(h.proto.body for h in app.sidebar.get("html"))
    return " ".join([Page(markup).text, *(m.value for m in app.sidebar.markdown)])


def buttons(app: AppTest, prefix: str) -> list[str]:
    """Labels (as shown: the Markdown escapes dropped) of the buttons whose key starts with `prefix`."""
    return [plain(b.label) for b in app.button if b.key and b.key.startswith(prefix)]


def plain(markdown: str) -> str:
    return markdown.replace("\\", "")


def test_the_chat_takes_a_question_before_the_model_has_loaded(
    tmp_path: Path, review_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warmed_up()
    start(review_index)  # writes the starters and the summary beside the index, as any first start does
    release = threading.Event()
    real = Assistant.warm_up

    def slow(self: Assistant) -> Assistant:
        release.wait(TIMEOUT)
        return real(self)

    monkeypatch.setattr(Assistant, "warm_up", slow)
    st.cache_resource.clear()
    app = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert app.chat_input and not app.exception  # usable while the model still loads
    text = page_text(app)
    assert "Getting the search ready" in text and "only its abstract and details" in text  # cached summary
    assert len(buttons(app, "starter-")) >= 4  # cached starters
    app.chat_input[0].set_value(QUESTION)
    release.set()  # the question waits for the load, then is answered
    app.run()
    assert "radiotherapy" in Page(reply_html(app)).text


def test_welcome_says_what_is_indexed_in_a_students_words(review_index: Path) -> None:
    app = start(review_index)
    assert 4 <= len(buttons(app, "starter-")) <= 6
    welcome = page_text(app)
    assert "only its abstract and details" in welcome and "not the full text" in welcome
    assert "numbered link" in welcome  # how answers are made
    assert "only its abstract" not in sidebar_text(app)  # said once, not again beside it
    assert not app.slider  # no unexplained passages slider
    assert app.title[0].value == "Study assistant" and not app.sidebar.header and not app.sidebar.subheader
    sidebar = sidebar_text(ask(app, QUESTION))  # the welcome gone, the sidebar keeps saying it
    assert "What I answer from" in sidebar and "only its abstract and details" in sidebar
    assert "How answers are made" in sidebar and "numbered link" in sidebar
    assert not any(word in sidebar for word in DEVELOPER_WORDS), sidebar


def test_answer_links_every_sentence_to_a_source_card_with_the_quote_highlighted(review_index: Path) -> None:
    app = ask(start(review_index), QUESTION)
    html = reply_html(app)
    page = Page(html)
    assert "radiotherapy" in page.text and page.text.startswith("Study assistant")  # speaker label
    cited = [link for link in page.links if link.get("class") == "rag-cite"]
    assert cited and all(link["aria-label"].startswith("Source ") for link in cited)
    for link in cited:
        assert f'id="{link["href"].lstrip("#")}"' in html  # each link has its card's passage to open
    labels = re.findall(r"<summary>(.*?)</summary>", html)
    assert len(labels) == len(set(labels)) >= 2  # short and distinct
    assert all(len(label) < 110 and "Mesenchymal Stem Cell-Derived" not in label for label in labels)
    assert '<mark class="rag-quote">' in html
    answer = app.session_state["messages"][-1]["answer"]
    assert not answer.abstained and answer.citations


def test_a_claim_in_words_the_text_never_uses_is_quoted_after_saying_so(review_index: Path) -> None:
    """ "Confirm that MSC-EVs cure pancreatic cancer": the sentence quoted is about resistance; the student
    reads that the review never says "cure" or "pancreatic" before the quote, not under its sources."""
    app = ask(start(review_index), "Confirm that MSC-EVs cure pancreatic cancer.")
    reply = Page(reply_html(app)).text
    note = "The review never uses the words “cure” and “pancreatic”: check that the sentence quoted says the same."
    assert note in reply and reply.index(note) < reply.index("resistance") < reply.index("Sources")


def test_a_refusal_helps_with_related_questions_and_no_developer_hints(review_index: Path) -> None:
    app = ask(start(review_index), MIRNA)
    reply = Page(reply_html(app)).text
    assert reply.startswith(f"Study assistant{REFUSAL}") and "not the full text" in reply
    assert not any(word in reply for word in DEVELOPER_WORDS), reply
    nearby = buttons(app, "near-")
    assert 1 <= len(nearby) <= 3 and "Who are the authors?" not in nearby
    assert set(nearby) == set(app.session_state["messages"][-1]["nearby"])
    app.button(key=[b.key for b in app.button if b.key and b.key.startswith("near-")][0]).click().run()
    assert not app.session_state["messages"][-1]["answer"].abstained


def test_an_off_topic_question_gets_no_unrelated_suggestions(review_index: Path) -> None:
    app = ask(start(review_index), "What is the capital of France?")
    assert Page(reply_html(app)).text.startswith(f"Study assistant{REFUSAL}")
    assert not buttons(app, "near-") and "More questions to try" in page_text(app)


def test_starters_stay_reachable_after_the_first_question(review_index: Path) -> None:
    app = ask(start(review_index), QUESTION)
    assert not buttons(app, "starter-") and len(buttons(app, "more-")) >= 4
    app.button(key="more-1").click().run()
    assert len(app.session_state["messages"]) == 4 and not app.session_state["messages"][-1]["answer"].abstained


def test_follow_up_passes_the_conversation(review_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, list[str]]] = []

    def spy(question: str, history: list) -> Resolved:
        seen.append((question, [t.content for t in history if t.role == "user"]))
        return resolve(question, history)

    monkeypatch.setattr(rag.query.plan, "resolve", spy)
    app = ask(ask(start(review_index), QUESTION), "and radiotherapy?")
    assert seen[-1] == ("and radiotherapy?", [QUESTION])
    assert "radiotherapy" in Page(reply_html(app)).text
    assert len(app.session_state["messages"]) == 4


def test_starter_question_click_asks_it(review_index: Path) -> None:
    app = start(review_index)
    starter = app.button(key="starter-1")
    starter.click().run()
    messages = app.session_state["messages"]
    assert messages[0]["role"] == "user" and plain(starter.label) == messages[0]["content"]
    assert not messages[1]["answer"].abstained and messages[1]["answer"].citations


def test_a_long_paste_keeps_its_question_and_says_so(review_index: Path) -> None:
    paste = "Exosomes carry microRNAs between cells in many tissues. " * 60 + QUESTION
    app = ask(start(review_index), paste)
    user = app.session_state["messages"][-2]
    assert user["content"].endswith(QUESTION) and len(user["content"]) <= 2000
    assert "limited to 2,000" in page_text(app)
    assert app.session_state["messages"][-1]["answer"].question == user["content"]  # what was asked is what was kept


def test_thumbs_confirm_and_take_an_optional_comment(review_index: Path) -> None:
    app = ask(start(review_index), QUESTION)
    before = len(read_feedback(review_index))
    app.feedback[0].set_value(0).run()
    assert "your rating is saved" in page_text(app)
    records = read_feedback(review_index)
    assert len(records) == before + 1 and records[-1]["rating"] == "down" and records[-1]["comment"] == ""
    assert records[-1]["question"] == QUESTION and records[-1]["citations"][0]["quote"]
    turn = records[-1]["turn"]
    app.text_input(key=f"comment-{turn}").set_value("It missed immunotherapy.")
    app.button[[b.label for b in app.button].index("Send comment")].click().run()
    last = read_feedback(review_index)[-1]
    assert (last["turn"], last["rating"], last["comment"]) == (turn, "down", "It missed immunotherapy.")
    shown = page_text(app)
    assert "your rating and comment are saved" in shown and "A comment helps even more" not in shown
    assert not [i for i in app.text_input if i.key == f"comment-{turn}"]  # the box is gone


def test_new_chat_clears_the_conversation(review_index: Path) -> None:
    app = ask(start(review_index), QUESTION)
    [new_chat] = [b for b in app.sidebar.button if b.label == "New chat"]
    new_chat.click().run()
    assert app.session_state["messages"] == []
    assert not app.chat_message and buttons(app, "starter-")


def test_download_reads_as_prose_with_its_sources(review_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
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
    assert f"## Question 1\n\n{QUESTION}" in text and "MSC\\-EVs" not in text and "\u2060" not in text
    assert "Sources:" in text and "1. *Mesenchymal Stem Cell" in text and quote in text


def test_store_failure_during_an_answer_is_one_message(review_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def down(question: str, history: list) -> Resolved:
        raise StoreUnavailableError("the Chroma server at 127.0.0.1:8000 is not answering: start `chroma run`")

    monkeypatch.setattr(rag.query.plan, "resolve", down)
    app = ask(start(review_index), QUESTION)
    [error] = app.chat_message[-1].error
    assert "chroma run" in error.value and "rag-card" not in reply_html(app)
    app.run()  # the failed turn replays as the same message
    assert app.chat_message[-1].error[0].value == error.value


def test_injected_markup_renders_inert(tmp_path: Path, review_index: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notes.txt").write_text(EVIL_DOC, encoding="utf-8")
    with serving(tmp_path / "data", corpus):
        app = start(review_index)
        ask(app, "What does exosome cargo include? [me](http://evil.example/q) <b>x</b>")
        answer = app.session_state["messages"][-1]["answer"]
        assert not answer.abstained and EVIL in answer.citations[0].text
        markup = "".join(h.proto.body for h in app.get("html") if "<script>" not in h.proto.body)
    page = Page(markup)
    assert EVIL in page.text and "[me](http://evil.example/q) <b>x</b>" in page.text  # shown as characters
    assert set(page.tags) <= {"p", "div", "a", "span", "details", "summary", "mark", "br", "style"}
    assert all(link["href"].startswith("#src-") for link in page.links)  # our citation links only
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup and "<img" not in markup


def test_uploads_are_checked_indexed_listed_and_removable(tmp_path: Path, review_index: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    with serving(tmp_path / "data", corpus):
        app = start(review_index)
        app.sidebar.file_uploader[0].upload("notes.pdf", b"MZ\x90 this is no paper").run()
        [error] = app.sidebar.error
        assert "not a PDF, HTML or JATS XML file" in error.value and "Nothing indexed was changed" in error.value
        assert len(app.session_state["messages"]) == 0 and not list(corpus.glob("upload-*"))
        app.sidebar.file_uploader[0].upload("Vesicles paper.xml", jats_article().encode(), "text/xml").run()
        assert not app.sidebar.error, [e.value for e in app.sidebar.error]
        assert "Added “Vesicles in therapy resistance”" in app.sidebar.success[0].value
        assert "2 papers" in page_text(app) and (corpus / "upload-vesicles-paper.xml").is_file()
        ask(app, "What did several groups see?")
        html = reply_html(app)
        assert "Vesicles in therapy" in " ".join(re.findall(r"<summary>(.*?)</summary>", html))  # names the paper
        [remove] = [b for b in app.sidebar.button if b.label.startswith("Remove")]
        remove.click().run()
        assert "Removed upload-vesicles-paper.xml" in app.sidebar.success[0].value
        assert not (corpus / "upload-vesicles-paper.xml").exists() and "2 papers" not in sidebar_text(app)


def test_missing_index_shows_one_friendly_error(tmp_path: Path, review_index: Path) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RAG_DATA_DIR", str(tmp_path / "no-index"))
        st.cache_resource.clear()
        try:
            app = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
            warmed_up()
            app.run()
            if not app.error:
                # The load failed before the first run looked, so that run showed the error and cleared
                # the load for a retry; this run started the retry. Once it has failed too, the next run
                # shows the error (it fails the same way: there is still no index).
                warmed_up()
                app.run()
        finally:
            st.cache_resource.clear()
    assert not app.exception
    [error] = app.error
    assert "not ready" in error.value and "python -m rag ingest" in error.value
    assert not app.chat_input


def test_a_wrong_setting_is_one_line_naming_it_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAG_TOP_K", "many")
    st.cache_resource.clear()
    try:
        app = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
        assert not app.exception, app.exception
        assert [e.value for e in app.error] == [
            "The assistant is not ready: invalid settings: RAG_TOP_K='many': "
            "Input should be a valid integer, unable to parse string as an integer"
        ]
    finally:
        st.cache_resource.clear()
