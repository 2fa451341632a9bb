"""The parts of a question that asks two or three things ("what does CSP stand for and how was it made?").

One sentence rarely answers both parts, and scored against the whole question the sentence that answers
one part holds only half its words, so it looks like weak evidence. Each part is retrieved and scored on its
own.
A part starts where "and" (or a new question) is followed by a question word or an auxiliary; "between A
and B" or "A and B" inside a part do not split it. Two things asked with their own articles share the rest
of the question: "what were the recall and the precision of oaDOI?" asks "what were the recall of oaDOI?"
and "what were the precision of oaDOI?" (each part is only scored, never shown, so its grammar may limp).
"""

from __future__ import annotations

import re

from rag.query.hints import QUESTION_WORDS
from rag.text.names import NAME
from rag.text.tokens import tokenize

MAX_PARTS = 3
_JOIN = re.compile(
    r"(?:\s*[,;])?\s+and\s+(?=(?:how|what|which|why|when|where|who|whose|whom|is|are|was|were|did|does|do|has|"
    r"have|had|can|could|would|at what|in which|to what|by how)\b)",
    re.I,
)
_NEXT_QUESTION = re.compile(r"\?\s+(?=\S)")
# "<before> the A and (of) the B <after>": A runs from its article to "and", B from its article to the first
# preposition, comma or the end, and <after> is shared ("of oaDOI"). "between"/"both" before A make one
# relation of two things, not two questions.
_ARTICLE = r"(?:the|its|their)\s+"
_PREPOSITION = r"(?:of|in|for|on|with|by|at|from|to|after|before|during)\b"
_COORDINATED = re.compile(
    rf"""^(?P<before>.*?\b)
    (?P<a>{_ARTICLE}(?:(?!\b(?:the|its|their|and|between|both)\b)\S+\s+)*?\S+)
    \s+and\s+(?:(?:of|in|for|on|with)\s+)?
    (?P<b>{_ARTICLE}\S+(?:\s+(?!{_PREPOSITION})[^\s,;?]+)*)
    (?P<after>.*)$""",
    re.I | re.X,
)
_BARE = frozenset(QUESTION_WORDS)  # "..., and when?" adds no words of its own


_PRONOUN = re.compile(r"\b(it|its|they|them|their|this|these|those)\b", re.I)


def question_parts(question: str) -> tuple[str, ...]:
    """The question's parts when it asks more than one thing, else (). A later part that says "they" or
    "it" carries the names of the first part ("how do they act?" after "what are MSCs?")."""
    pieces = [piece for sentence in _NEXT_QUESTION.split(question) for piece in _JOIN.split(sentence)]
    if len(pieces) == 1:
        pieces = _distributed(question)
    parts = [p.strip(" ,;?.!") for p in pieces if set(tokenize(p)) - _BARE][:MAX_PARTS]
    if len(parts) < 2:
        return ()
    names = " ".join(dict.fromkeys(NAME.findall(parts[0])))
    later = [f"{p} ({names})" if names and _PRONOUN.search(p) else p for p in parts[1:]]
    return tuple(f"{p}?" for p in [parts[0], *later])


def _distributed(question: str) -> list[str]:
    """The two questions a coordination of two articled things stands for, or the question alone."""
    match = _COORDINATED.match(question.strip())
    if not match or re.search(r"\b(between|both)\b", match["before"], re.I):
        return [question]
    before, after = match["before"], match["after"]
    return [f"{before}{match['a']}{after}", f"{before}{match['b']}{after}"]
