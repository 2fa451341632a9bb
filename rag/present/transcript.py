"""A conversation as a Markdown file, citations written out, for "Download conversation".

Students keep or hand in this file, so it reads as plain prose ("MSC-EVs.", not "MSC\\-EVs\\.") and each
answer carries its sources in full: paper, section, page and the quoted sentence(s). Only what would
turn text into markup is escaped (`*`, `_`, backticks, brackets, `<`, `>`, `|`, a leading `#`, `>`, list
marker or `1.`), so a passage holding `[click](http://x)` or `<script>` stays those characters anywhere
the file is rendered.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from rag.present.render import sources_title
from rag.types import Answer, Citation

_INLINE = re.compile(r"([\\`*_\[\]<>|~])|&(?=#?\w+;)")
_LINE_START = re.compile(r"^(\s*)(?:([#>+=-])|(\d+)([.)]))")


def to_markdown(messages: Sequence[Mapping[str, Any]], source: str = "", when: datetime | None = None) -> str:
    """Markdown for `messages` ({"role", "content"} dicts; assistant turns may carry an `answer`: Answer)."""
    stamp = (when or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["# Conversation with the study assistant", ""]
    if source:
        lines += [f"Answers come from: {prose(source)}", ""]
    lines += [f"Exported {stamp}.", ""]
    question = 0
    for message in messages:
        if message.get("role") == "user":
            question += 1
            lines += [f"## Question {question}", "", prose(str(message.get("content", ""))), ""]
        else:
            lines += _answer_lines(message)
    return "\n".join(lines).rstrip() + "\n"


def prose(text: str) -> str:
    """`text` as Markdown that renders as exactly these characters, with as few backslashes as that takes."""
    lines = [_INLINE.sub(lambda m: "\\" + m.group(0), line.strip()) for line in text.splitlines()]
    return "  \n".join(_LINE_START.sub(_escape_start, line) for line in lines)


def _escape_start(match: re.Match[str]) -> str:
    """'# x' -> '\\# x', '1. x' -> '1\\. x': what would start a heading, quote or list stays text."""
    lead, mark, number, dot = match.groups()
    return f"{lead}\\{mark}" if mark else f"{lead}{number}\\{dot}"


def _answer_lines(message: Mapping[str, Any]) -> list[str]:
    answer = message.get("answer")
    text = answer.text if isinstance(answer, Answer) else str(message.get("content", ""))
    lines = ["### Answer", "", prose(text), ""]
    if isinstance(answer, Answer) and answer.citations:
        lines += [f"{sources_title(answer)}:", ""]
        lines += [_citation_line(c) for c in answer.citations]
        lines.append("")
    return lines


def _citation_line(citation: Citation) -> str:
    title = prose(" ".join((citation.title or citation.doc_id).split()))
    quote = prose(" ".join(citation.quote.split()))
    return f"{citation.n}. *{title}*, {prose(citation.location)}: “{quote}”"
