"""Questions over the length limit: keep the question, say what was kept.

A student who pastes a long paragraph usually asks about it at the end ("... What does this mean?").
Cutting the message at the limit would keep the paragraph and lose the question, so the kept part is
the last question sentence with as much of the text before it as fits, starting at a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_QUESTION = re.compile(r"[^.!?\n]*\?")  # a sentence ending with a question mark
_SENTENCE_START = re.compile(r"(?<=[.!?])\s+(?=\S)|\n+\s*")


@dataclass(frozen=True)
class Fitted:
    """The text to ask, and a note for the student when it is not the whole message ('' when it is)."""

    text: str
    note: str = ""


def fit_question(message: str, limit: int) -> Fitted:
    """`message` cut to at most `limit` characters around its last question (its end when it has none)."""
    text = message.strip()
    if len(text) <= limit:
        return Fitted(text)
    questions = list(_QUESTION.finditer(text))
    end = questions[-1].end() if questions else len(text)
    window = text[max(0, end - limit) : end]
    question = len(questions[-1].group(0).strip()) if questions else 0
    start = _SENTENCE_START.search(window)
    if end > limit and start and start.end() <= len(window) - question:
        window = window[start.end() :]  # begin at a sentence, not mid-word
    kept = window.strip()
    where = "that end with your last question" if questions else "at its end"
    note = (
        f"Your message has {len(text):,} characters; questions are limited to {limit:,}, "
        f"so I used the {len(kept):,} characters {where}."
    )
    return Fitted(kept, note)
