"""The chat page's sidebar: what the answers come from, how they are made, the student's own papers
(upload, list, remove) and the conversation's controls. Streamlit page components; `app.py` calls `sidebar`
and `conversation_controls`, passing what they need.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

import streamlit as st

from rag.errors import RagError
from rag.present import page, uploads
from rag.present.render import escape
from rag.present.transcript import to_markdown
from rag.present.warmup import Warmup
from rag.settings import Settings
from rag.types import IndexInfo


def sidebar(settings: Settings, loading: Warmup[uploads.Indexer], info: IndexInfo | None, welcome: bool) -> None:
    """`welcome`: the page shows its welcome, which already says what is indexed and how answers are made
    (the sidebar saying it again put the same two paragraphs side by side)."""
    with st.sidebar:
        if not welcome:
            st.markdown("**What I answer from**")
            if info is None:
                st.caption("Loading the index…")
            else:
                st.html(page.paragraph(page.indexed_summary(info)))
        if info is not None and len(info.documents) > 1:
            with st.expander(f"All {len(info.documents)} papers"):
                st.html("".join(page.paragraph(line) for line in page.document_lines(info.documents)))
        if not welcome:
            st.markdown("**How answers are made**")
            st.html(page.paragraph(page.how_answers_are_made(settings.answerer), "rag-note"))
        if settings.answerer != "extractive":
            st.toggle("Generated answers (each sentence checked against the text)", value=True, key="generated")
        your_papers(settings, loading, info)


def your_papers(settings: Settings, loading: Warmup[uploads.Indexer], info: IndexInfo | None) -> None:
    """Upload a PDF, HTML or JATS file; list and remove the uploaded ones."""
    st.markdown("**Add your own papers**")
    note = st.session_state.pop("upload_note", None)
    if note:
        (st.success if note[0] == "ok" else st.error)(note[1])
    upload = st.file_uploader(
        "A paper as a PDF, a saved web page (HTML) or the journal's XML",  # the size limit is shown below it
        type=list(uploads.ACCEPTED),
        key=f"uploader-{st.session_state.setdefault('uploader', 0)}",
    )
    if upload is not None:
        add_paper(settings, loading, upload.name, upload.getvalue())
    for doc in uploads.uploaded(info.documents if info else ()):
        title = doc.title or doc.doc_id
        st.html(page.paragraph(f"“{title}”: {doc.chunks} passages", "rag-note"))
        if st.button(f"Remove “{escape(title)}”", key=f"remove-{doc.doc_id}", icon=":material/delete:"):
            with st.spinner("Removing it from the index…"):
                finish_upload(partial(remove_paper, settings, loading, doc.doc_id))


def remove_paper(settings: Settings, loading: Warmup[uploads.Indexer], doc_id: str) -> str:
    return f"Removed {uploads.remove_upload(loading.result(), settings.corpus_dir, doc_id)}."


def add_paper(settings: Settings, loading: Warmup[uploads.Indexer], name: str, data: bytes) -> None:
    bar = st.progress(0.0, text="Checking the file…")

    def step(fraction: float, text: str) -> None:
        bar.progress(fraction, text=text)

    def add() -> str:
        added = uploads.add_upload(loading.result(), settings.corpus_dir, name, data, settings.max_file_bytes, step)
        return f"Added “{added.title}” ({added.passages} passages). Answers now name the paper each quote is from."

    finish_upload(add)


def finish_upload(action: Callable[[], str]) -> None:
    """Run an upload or removal; keep its one-line outcome for the next run, which shows the new index."""
    try:
        st.session_state["upload_note"] = ("ok", action())
    except RagError as error:
        st.session_state["upload_note"] = ("error", f"{error}. Nothing indexed was changed.")
    st.session_state["uploader"] = st.session_state.get("uploader", 0) + 1  # an empty picker, not the same file again
    st.rerun()


def conversation_controls(info: IndexInfo | None, messages: Sequence[Mapping[str, Any]]) -> None:
    """New chat and Download; rendered after the answer so the download holds the latest turn."""
    with st.sidebar:
        st.markdown("**This conversation**")
        st.button("New chat", on_click=new_chat, icon=":material/add_comment:", width="stretch")
        st.download_button(
            "Download conversation",
            data=to_markdown(messages, page.source_line(info) if info else ""),
            file_name="conversation.md",
            mime="text/markdown",
            on_click="ignore",
            disabled=not messages,
            icon=":material/download:",
            width="stretch",
        )


def new_chat() -> None:
    st.session_state["messages"] = []
    st.session_state.pop("pending", None)
