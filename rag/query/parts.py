"""The parts of a question that asks two or three things ("what does CSP stand for and how was it made?").

One sentence rarely answers both parts, and scored against the whole question the sentence that answers
one part holds only half its words, so it looks like weak evidence. Each part is scored on its own.
A part starts where "and" (or a new question) is followed by a question word or an auxiliary; "between A
and B" or "A and B" inside a part do not split it.
"""

from __future__ import annotations

import re

from rag.text.tokens import tokenize

MAX_PARTS = 3
_JOIN = re.compile(
    r"(?:\s*[,;])?\s+and\s+(?=(?:how|what|which|why|when|where|who|whose|whom|is|are|was|were|did|does|do|has|"
    r"have|had|can|could|would|at what|in which|to what|by how)\b)",
    re.I,
)
_NEXT_QUESTION = re.compile(r"\?\s+(?=\S)")
_BARE = frozenset({"when", "where", "whose", "whom"})  # "..., and when?" adds no words of its own


def question_parts(question: str) -> tuple[str, ...]:
    """The question's parts when it asks more than one thing, else ()."""
    pieces = [piece for sentence in _NEXT_QUESTION.split(question) for piece in _JOIN.split(sentence)]
    parts = tuple(p.strip(" ,;?.!") + "?" for p in pieces if set(tokenize(p)) - _BARE)
    return parts[:MAX_PARTS] if len(parts) >= 2 else ()
