"""Streamlit chat for students: answers from the review, every sentence cited, every citation openable.

A thin adapter over `rag.Assistant`: history in `st.session_state`, replayed on each rerun, one call to
the assistant per question, rendering. Corpus and user text go through `rag.present.render` (escaped Markdown);
nothing here uses `unsafe_allow_html`. Run with `make run` or `streamlit run app.py`.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from rag import Answer, Assistant, IndexInfo, RagError, Settings
from rag.present.feedback import log_feedback
from rag.present.render import AnswerStream, answer_markdown, card_label, escape, highlight, references_markdown
from rag.present.suggest import Suggestions, index_key, stored_suggestions
from rag.present.transcript import to_markdown

MODES = {"extractive": "Extractive, offline: quotes the review's own sentences (no LLM)."}
Message = dict[str, Any]


@st.cache_resource(show_spinner="Loading the model and the index…", on_release=lambda a: a.close())
def load_assistant() -> Assistant:
    """Settings are read once per process; the model and index load once and serve every session."""
    assistant = Assistant(Settings())
    try:
        assistant.warm_up()
    except BaseException:
        assistant.close()  # release the store lock so the next page load can retry
        raise
    return assistant


@st.cache_resource(show_spinner="Finding questions the review answers…")
def load_suggestions(_assistant: Assistant, key: str) -> Suggestions:
    """Starter questions, checked against the assistant once per index (`key`; saved beside the index)."""
    path = _assistant.settings.data_dir / "suggestions.json"
    return stored_suggestions(_assistant, _assistant.embedder.embed, path)


def main() -> None:
    st.set_page_config(page_title="Review study assistant", page_icon="📚")
    try:
        assistant = load_assistant()
        info = assistant.info()
        suggestions = load_suggestions(assistant, f"{info.store['location']}|{index_key(info)}")
    except RagError as error:
        st.error(f"The assistant is not ready: {error}")
        st.stop()
    messages: list[Message] = st.session_state.setdefault("messages", [])
    k = sidebar(assistant.settings, info)
    question = st.chat_input("Ask a question about the review", max_chars=assistant.settings.max_question_chars)
    question = question or st.session_state.pop("pending", None)
    st.title("Study assistant")
    if not messages and not question:
        welcome(info, suggestions)
    for message in messages:
        replay(message)
    if question:
        respond(assistant, suggestions, messages, question, k)
    conversation_controls(info, messages)


def sidebar(settings: Settings, info: IndexInfo) -> int:
    """What is indexed, the answer mode and the passages slider; returns the number of passages to use."""
    with st.sidebar:
        st.header("What is indexed")
        for doc in info.documents:
            scope = "full text" if doc.full_text else "abstract and metadata only (not the full text)"
            st.markdown(f"**{escape(doc.title or doc.doc_id)}**  \n{escape(scope)}, {doc.chunks} passages")
        st.caption(f"{info.chunks} passages in all · model {escape(info.model)} · {escape(info.store['kind'])} store")
        st.subheader("Answer mode")
        st.markdown(escape(MODES.get(settings.answerer, f"LLM ({settings.answerer} {settings.llm_model}).")))
        if settings.answerer != "extractive":
            st.toggle("Generated answers (each sentence checked against the text)", value=True, key="generated")
        k = st.slider("Passages per answer", 1, max(10, settings.top_k), settings.top_k, key="k")
    return int(k)


def conversation_controls(info: IndexInfo, messages: list[Message]) -> None:
    """New chat and Download; rendered after the answer so the download holds the latest turn."""
    with st.sidebar:
        st.button("New chat", on_click=new_chat, icon=":material/add_comment:", width="stretch")
        st.download_button(
            "Download conversation",
            data=to_markdown(messages, ", ".join(d.title or d.doc_id for d in info.documents)),
            file_name="conversation.md",
            mime="text/markdown",
            on_click="ignore",
            disabled=not messages,
            icon=":material/download:",
            width="stretch",
        )


def welcome(info: IndexInfo, suggestions: Suggestions) -> None:
    titles = ", ".join(f"*{escape(d.title or d.doc_id)}*" for d in info.documents)
    full = any(d.full_text for d in info.documents)
    st.markdown(
        f"Ask about {titles}. Every sentence of an answer quotes the review and cites its passage "
        "as a numbered source: open it to check the sentence, highlighted."
    )
    if not full:
        st.caption("Only the abstract and metadata are indexed so far; ask about what they cover.")
    if suggestions.questions:
        st.markdown("**Try one of these:**")
        for i, starter in enumerate(suggestions.questions):
            st.button(starter, key=f"starter-{i}", on_click=ask_later, args=(starter,))


def replay(message: Message) -> None:
    with st.chat_message(message["role"]):
        if message["role"] == "user":
            st.markdown(escape(message["content"]))
        elif message.get("answer") is not None:
            st.markdown(answer_markdown(message["answer"]))
            extras(message)
        else:
            st.error(message["content"])


def respond(assistant: Assistant, suggestions: Suggestions, messages: list[Message], question: str, k: int) -> None:
    """Stream the answer to `question` with the conversation so far as context, then keep both turns."""
    history = [{"role": m["role"], "content": m["content"]} for m in messages]
    user: Message = {"role": "user", "content": question}
    replay(user)
    with st.chat_message("assistant"):
        slot = st.empty()
        answerer = None if st.session_state.get("generated", True) else "extractive"
        stream = AnswerStream(assistant.stream(question, history=history, k=k, answerer=answerer))
        try:
            slot.write_stream(stream)
        except RagError as error:
            slot.error(str(error))
            messages += [user, {"role": "assistant", "content": str(error), "id": next_id()}]
            return
        answer = stream.answer
        assert isinstance(answer, Answer)
        slot.markdown(answer_markdown(answer))
        nearby = suggestions.nearby(assistant.embedder.embed([question])[0]) if answer.abstained else []
        reply: Message = {"role": "assistant", "content": answer.text, "answer": answer, "nearby": nearby}
        reply["id"] = next_id()
        messages += [user, reply]
        extras(reply)


def extras(message: Message) -> None:
    """Under an answer: numbered source cards, nearby answerable questions, and the thumbs."""
    answer: Answer = message["answer"]
    if answer.note:
        st.caption(escape(answer.note))
    for citation in answer.citations:
        with st.expander(card_label(citation)):
            st.markdown(highlight(citation.text, citation.spans))
            if citation.references:
                st.caption("Works cited in this passage")
                st.markdown(references_markdown(citation))
    if message.get("nearby"):
        st.markdown("**Questions the review does answer:**")
        for j, nearby in enumerate(message["nearby"]):
            st.button(nearby, key=f"near-{message['id']}-{j}", on_click=ask_later, args=(nearby,))
    st.feedback("thumbs", key=f"feedback-{message['id']}", on_change=rate, args=(message["id"],))


def rate(message_id: int) -> None:
    """Log a thumbs up/down (clearing a rating logs nothing)."""
    rating = st.session_state.get(f"feedback-{message_id}")
    message = next((m for m in st.session_state.get("messages", []) if m.get("id") == message_id), None)
    if rating is not None and message is not None:
        log_feedback(load_assistant().settings.data_dir, message["answer"], rating)


def ask_later(question: str) -> None:
    st.session_state["pending"] = question


def new_chat() -> None:
    st.session_state["messages"] = []
    st.session_state.pop("pending", None)


def next_id() -> int:
    """Message ids that stay unique across New chat, so widget keys never collide with old state."""
    st.session_state["last_id"] = st.session_state.get("last_id", 0) + 1
    return int(st.session_state["last_id"])


main()
