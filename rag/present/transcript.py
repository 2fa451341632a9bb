"""A conversation as a Markdown file, citations written out, for "Download conversation".

Students keep or hand in this file, so each answer carries its sources in full: title, section, page and
the quoted sentence(s). Corpus and user text are escaped, so the file is safe to render anywhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from rag.present.render import escape
from rag.types import Answer, Citation


def to_markdown(messages: Sequence[Mapping[str, Any]], source: str = "", when: datetime | None = None) -> str:
    """Markdown for `messages` ({"role", "content"} dicts; assistant turns may carry an `answer`: Answer)."""
    stamp = (when or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["# Conversation with the study assistant", ""]
    if source:
        lines += [f"Answers come from: {escape(source)}", ""]
    lines += [f"Exported {stamp}.", ""]
    question = 0
    for message in messages:
        if message.get("role") == "user":
            question += 1
            lines += [f"## Question {question}", "", escape(str(message.get("content", ""))), ""]
        else:
            lines += _answer_lines(message)
    return "\n".join(lines).rstrip() + "\n"


def _answer_lines(message: Mapping[str, Any]) -> list[str]:
    answer = message.get("answer")
    text = answer.text if isinstance(answer, Answer) else str(message.get("content", ""))
    lines = ["### Answer", "", escape(text), ""]
    if isinstance(answer, Answer) and answer.citations:
        lines += ["Sources:", ""]
        lines += [_citation_line(c) for c in answer.citations]
        lines.append("")
    return lines


def _citation_line(citation: Citation) -> str:
    title = escape(" ".join((citation.title or citation.doc_id).split()))
    quote = escape(" ".join(citation.quote.split()))
    return f"{citation.n}. *{title}*, {escape(citation.location)}: “{quote}”"
