"""Follow-up questions ("and radiotherapy?", "what about it?") resolved against the previous turn."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from rag.text.tokens import tokenize
from rag.types import Turn

_CONTINUATION = re.compile(r"^\s*(and|or|but|also|what about|how about|and what about|same for|why|how so)\b", re.I)
_PRONOUN = re.compile(r"\b(it|its|they|them|their|this|that|these|those|he|she|there)\b", re.I)
_SHORT = 4  # content words: a question this short leans on its context


def as_turns(history: Sequence[Turn | Mapping[str, str] | tuple[str, str]]) -> list[Turn]:
    """Accept Turn objects, OpenAI-style {"role", "content"} dicts or (role, content) pairs."""
    turns = []
    for item in history:
        if isinstance(item, Turn):
            turns.append(item)
        elif isinstance(item, Mapping):
            turns.append(Turn(str(item.get("role", "user")), str(item.get("content", ""))))
        else:
            role, content = item
            turns.append(Turn(str(role), str(content)))
    return turns


def standalone_question(question: str, history: Sequence[Turn]) -> str:
    """The question with the previous user question appended when it reads as a follow-up."""
    previous = next((t.content for t in reversed(history) if t.role == "user" and t.content.strip()), "")
    if not previous or not _is_follow_up(question):
        return question
    return f"{question} {previous}"


def _is_follow_up(question: str) -> bool:
    content = tokenize(question)
    return bool(_CONTINUATION.match(question)) or (len(content) <= _SHORT and bool(_PRONOUN.search(question)))
