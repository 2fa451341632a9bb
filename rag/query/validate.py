"""What every adapter accepts as a question and as k, checked in one place."""

from __future__ import annotations

from rag.errors import InputError
from rag.settings import MAX_K


def clean_question(text: object, max_chars: int, field: str = "question") -> str:
    """`text` with control characters as spaces and white space collapsed; InputError when it is not
    text, has nothing printable, or is longer than `max_chars` (counted as given)."""
    if not isinstance(text, str):
        raise InputError(f"the {field} must be text", "question_not_text")
    cleaned = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    if not cleaned:
        raise InputError(f"the {field} is empty", "question_empty")
    if len(text) > max_chars:
        raise InputError(
            f"the {field} is too long: {len(text)} characters, at most {max_chars} are accepted "
            "(RAG_MAX_QUESTION_CHARS)",
            "question_too_long",
        )
    return cleaned


def check_k(k: int) -> int:
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
        raise InputError(f"k must be between 1 and {MAX_K}, got {k!r}", "invalid_k")
    return k
