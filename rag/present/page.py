"""What the chat page says about the index, in a student's words, and the page's own CSS and script.

Every text here has a bounded size whatever the corpus holds: one paper is named with its scope,
several by their count and a few titles (the sidebar lists them all, in a scrolling list).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from rag.present.render import short_title, text_html
from rag.types import DocumentInfo, IndexInfo

ASSETS = Path(__file__).parent / "assets"
NAMED = 3  # titles named in one-line summaries

HOW_IT_WORKS = (
    "Every sentence of an answer is quoted from the text, followed by a numbered link to the passage it comes "
    "from: open it to see the sentence highlighted. When the text does not answer a question, I say so "
    "instead of guessing."
)


def scope(document: DocumentInfo) -> str:
    """What of one paper is indexed, plainly."""
    if document.full_text:
        return "the full text"
    return "only its abstract and details (authors, keywords, how to cite it), not the full text"


def indexed_summary(info: IndexInfo) -> str:
    """One sentence: what the answers come from."""
    docs = info.documents
    if not docs:
        return "Nothing is indexed yet."
    if len(docs) == 1:
        return f"I answer from “{_title(docs[0])}”: {scope(docs[0])}."
    full = sum(1 for d in docs if d.full_text)
    named = ", ".join(f"“{short_title(_title(d))}”" for d in docs[:NAMED])
    more = f" and {len(docs) - NAMED} more" if len(docs) > NAMED else ""
    return f"I answer from {len(docs)} papers ({full} in full text): {named}{more}."


def source_line(info: IndexInfo) -> str:
    """Who the answers come from, for the downloaded conversation."""
    names = [_title(d) for d in info.documents[:NAMED]]
    more = f" and {len(info.documents) - NAMED} more" if len(info.documents) > NAMED else ""
    return "; ".join(names) + more


def document_lines(documents: Sequence[DocumentInfo]) -> list[str]:
    """One line per paper: title, what of it is indexed, and its passages."""
    return [f"“{_title(d)}”: {scope(d)} ({d.chunks} passages)." for d in documents]


def paragraph(text: str, css: str = "") -> str:
    """`text` as an escaped HTML paragraph."""
    kind = f' class="{css}"' if css else ""
    return f"<p{kind}>{text_html(text)}</p>"


@cache
def stylesheet() -> str:
    return f"<style>{(ASSETS / 'chat.css').read_text(encoding='utf-8')}</style>"


@cache
def script() -> str:
    """The page's fixed script (a live region for new answers, citation links that open their card)."""
    return f"<script>{(ASSETS / 'chat.js').read_text(encoding='utf-8')}</script>"


def _title(document: DocumentInfo) -> str:
    return " ".join((document.title or document.doc_id).split())


ANSWER_MODES = {
    "extractive": HOW_IT_WORKS,
}
LLM_MODE = (
    "Answers are written by a language model from the passages found for your question; each sentence is "
    "tied to the passage that supports it, with a numbered link you can open to check it."
)


def how_answers_are_made(answerer: str) -> str:
    return ANSWER_MODES.get(answerer, LLM_MODE)


def remember_summary(path: Path, info: IndexInfo) -> None:
    """Save the one-line summary so the next start can say what is indexed before the index has loaded."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(indexed_summary(info), encoding="utf-8")
    except OSError:
        pass  # a read-only data dir only means "Loading…" shows a moment longer at the next start


def remembered_summary(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""
