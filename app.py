"""Streamlit chat for students: answers quoted from the indexed papers, every sentence cited, every citation openable.

A thin adapter over `rag.Assistant`: history in `st.session_state`, replayed on each rerun, one call to the
assistant per question, rendering. The model and index load in a background thread (`rag.present.warmup`),
so the page accepts a question at once. Corpus and user text reach the page only as escaped HTML from
`rag.present.render` (through `st.html`, which Streamlit sanitises again) or escaped Markdown; the one script
is the fixed `rag/present/assets/chat.js`. Run with `make run` or `streamlit run app.py`.
"""

from __future__ import annotations

import logging
from typing import Any, NoReturn

import streamlit as st

from rag import Answer, Assistant, IndexInfo, RagError, Settings
from rag.present import page
from rag.present.feedback import log_feedback
from rag.present.paste import fit_question
from rag.present.render import AnswerStream, answer_html, escape, user_html
from rag.present.sidebar import conversation_controls, sidebar
from rag.present.suggest import (
    STARTERS_FILE,
    Suggestions,
    cached_questions,
    index_key,
    not_yet_asked,
    related_questions,
    stored_suggestions,
)
from rag.present.warmup import Warmup
from rag.settings import load_settings as settings_from_env

log = logging.getLogger("rag.app")
Message = dict[str, Any]
SUMMARY = "indexed.txt"


@st.cache_resource(show_spinner=False)
def load_settings() -> Settings:
    try:
        return settings_from_env()
    except RagError as error:  # a wrong RAG_* value: one line naming it, not a traceback
        stop_with(error)


@st.cache_resource(show_spinner=False, on_release=lambda warmup: warmup.close())
def load_assistant() -> Warmup[Assistant]:
    """Model, index and starter questions, built once per process in a background thread."""
    settings = load_settings()

    def build() -> Assistant:
        assistant = Assistant(settings)
        try:
            assistant.warm_up()
            stored_suggestions(assistant, assistant.embedder.embed, settings.data_dir / STARTERS_FILE)
            info = assistant.info()
            page.remember_summary(settings.data_dir / SUMMARY, info)
            if not any(d.full_text for d in info.documents):
                log.warning("only abstracts are indexed: `python -m rag fetch` (network) or a PDF/JATS in corpus/")
        except BaseException:
            assistant.close()  # release the store lock so a reload can retry
            raise
        return assistant

    return Warmup(build, close=lambda assistant: assistant.close())


@st.cache_resource(show_spinner=False)
def load_suggestions(_assistant: Assistant, key: str) -> Suggestions:
    """Starter questions for one index (`key`), saved beside it; checked against the assistant when it changes."""
    return stored_suggestions(_assistant, _assistant.embedder.embed, load_settings().data_dir / STARTERS_FILE)


def main() -> None:
    st.set_page_config(page_title="Study assistant", page_icon="📚")
    st.html(page.stylesheet())
    settings = load_settings()
    loading = load_assistant()
    if loading.failed:
        not_ready(loading.error)
    st.title("Study assistant")
    st.html(page.script(), unsafe_allow_javascript=True)
    messages: list[Message] = st.session_state.setdefault("messages", [])
    question = st.chat_input(f"Ask a question (up to {settings.max_question_chars:,} characters)", key="ask")
    question = question or st.session_state.pop("pending", None)
    info: IndexInfo | None = None
    try:
        info, suggestions = loaded(loading) if loading.ready else (None, None)
        starters = list(suggestions.questions) if suggestions else cached_questions(settings.data_dir / STARTERS_FILE)
        welcoming = not messages and not question
        if welcoming:
            welcome(settings, info, starters, loading)
        for message in messages:
            replay(message)
        if question:
            respond(settings, loading, messages, question)
        if messages and (left := not_yet_asked(starters, [m["content"] for m in messages if m["role"] == "user"])):
            more_questions(left)
        if loading.ready:  # again: a first answer may have waited for the index
            info, _ = loaded(loading)
        sidebar(settings, loading, info, welcome=welcoming)
    except RagError as error:
        st.error(f"The assistant is not ready: {error}")
    conversation_controls(info, messages)


def loaded(loading: Warmup[Assistant]) -> tuple[IndexInfo, Suggestions]:
    assistant = loading.result()
    info = assistant.info()
    return info, load_suggestions(assistant, f"{info.store['location']}|{index_key(info)}")


def not_ready(error: BaseException | None) -> None:
    """One message with the fix; the next page load tries again."""
    load_assistant.clear()
    if not isinstance(error, RagError):
        raise error or RuntimeError("the assistant failed to load")
    stop_with(error)


def stop_with(error: RagError) -> NoReturn:
    st.error(f"The assistant is not ready: {error}")
    st.stop()


# Conversation -------------------------------------------------------------------------------------


def welcome(settings: Settings, info: IndexInfo | None, starters: list[str], loading: Warmup[Assistant]) -> None:
    summary = page.indexed_summary(info) if info else page.remembered_summary(settings.data_dir / SUMMARY)
    st.html(page.paragraph(summary) if summary else page.paragraph("Loading what is indexed…"))
    st.html(page.paragraph(page.how_answers_are_made(settings.answerer), "rag-note"))
    if not loading.ready:
        wait_for_index(loading)
    if starters:
        st.markdown("**Try one of these:**")
        starter_buttons(starters, "starter")


@st.fragment(run_every=1.0)
def wait_for_index(loading: Warmup[Assistant]) -> None:
    """While the model loads: say so, and refresh the page once it is ready (starters, what is indexed)."""
    if loading.ready or loading.failed:
        st.rerun()
    st.caption("Getting the search ready… you can type your question already.")


def more_questions(starters: list[str]) -> None:
    with st.expander("More questions to try"):
        starter_buttons(starters, "more")


def starter_buttons(starters: list[str], prefix: str) -> None:
    """Two to a row where the page is wide (a phone stacks them), so the welcome fits one screen: taller,
    it opened scrolled to its bottom, the title cut off."""
    columns = st.columns(2)
    for i, starter in enumerate(starters):
        columns[i % 2].button(escape(starter), key=f"{prefix}-{i}", on_click=ask_later, args=(starter,))


def replay(message: Message) -> None:
    with st.chat_message(message["role"]):
        if message["role"] == "user":
            st.html(speaker("You") + user_html(message["content"]))
            if message.get("note"):
                st.html(page.paragraph(message["note"], "rag-note"))
        elif message.get("answer") is not None:
            st.html(speaker("Study assistant") + answer_html(message["answer"], str(message["id"]), message["several"]))
            extras(message)
        else:
            st.error(message["content"])


def speaker(name: str) -> str:
    return page.paragraph(name, "rag-speaker")


def respond(settings: Settings, loading: Warmup[Assistant], messages: list[Message], question: str) -> None:
    """Answer `question` (cut to the limit around its question) with the conversation so far as context."""
    fitted = fit_question(question, settings.max_question_chars)
    user: Message = {"role": "user", "content": fitted.text, "note": fitted.note}
    replay(user)
    history = [{"role": m["role"], "content": m["content"]} for m in messages]
    with st.chat_message("assistant"):
        if not loading.ready:
            with st.spinner("Getting ready: the first answer takes a few seconds more…"):
                loading.result()
        assistant = loading.result()
        info, suggestions = loaded(loading)
        slot = st.empty()
        answerer = None if st.session_state.get("generated", True) else "extractive"
        stream = AnswerStream(assistant.stream(fitted.text, history=history, answerer=answerer))
        try:
            slot.write_stream(stream)
        except RagError as error:
            slot.error(str(error))
            messages += [user, {"role": "assistant", "content": str(error), "id": next_id()}]
            return
        answer = stream.answer
        assert isinstance(answer, Answer)
        reply: Message = {"role": "assistant", "content": answer.text, "answer": answer, "id": next_id()}
        reply["several"] = len(info.documents) > 1
        slot.html(speaker("Study assistant") + answer_html(answer, str(reply["id"]), reply["several"]))
        if answer.abstained:
            reply["nearby"] = related_questions(assistant, assistant.embedder.embed, fitted.text, suggestions)
        messages += [user, reply]
        extras(reply)


def extras(message: Message) -> None:
    """Under an answer: questions the text does answer (after a refusal), then the thumbs and a comment."""
    if message.get("nearby"):
        st.markdown("**Questions the text does answer:**")
        starter_buttons(message["nearby"], f"near-{message['id']}")
    elif message["answer"].abstained:
        st.caption("Nothing in the text is close to this question: see *More questions to try* below.")
    rating(message)


def rating(message: Message) -> None:
    turn = message["id"]
    st.feedback("thumbs", key=f"feedback-{turn}", on_change=rate, args=(turn,))
    if st.session_state.get(f"feedback-{turn}") is None:
        return
    if message.get("commented"):
        st.caption("Thank you: your rating and comment are saved.")
        return
    st.caption("Thank you: your rating is saved. A comment helps even more (optional).")
    with st.form(f"comment-form-{turn}", border=False, clear_on_submit=True):
        st.text_input("Comment (optional)", placeholder="What was missing or wrong?", key=f"comment-{turn}")
        st.form_submit_button("Send comment", on_click=send_comment, args=(message,))


def send_comment(message: Message) -> None:
    """Before the page is drawn again, so it shows one thank-you and no open comment box (drawn after,
    the first thank-you, the box and a second thank-you stood together)."""
    turn = message["id"]
    comment = str(st.session_state.get(f"comment-{turn}") or "").strip()
    if comment:
        rate(turn, comment)
        message["commented"] = True


def rate(message_id: int, comment: str = "") -> None:
    """Log a thumbs up/down, with the comment when one is sent (clearing a rating logs nothing)."""
    score = st.session_state.get(f"feedback-{message_id}")
    message = next((m for m in st.session_state.get("messages", []) if m.get("id") == message_id), None)
    if score is not None and message is not None:
        log_feedback(load_settings().data_dir, message["answer"], score, comment=comment, turn=str(message_id))


def ask_later(question: str) -> None:
    st.session_state["pending"] = question


def next_id() -> int:
    """Message ids that stay unique across New chat, so widget keys never collide with old state."""
    st.session_state["last_id"] = st.session_state.get("last_id", 0) + 1
    return int(st.session_state["last_id"])


main()
