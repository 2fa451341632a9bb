"""Control characters: never text a person reads. NUL, bells and terminal escape sequences come from broken
encodings, PDF text layers and LLM output; bidirectional overrides can make text read other than it is."""

from __future__ import annotations

import re

# C0 (except tab and line feed), DEL, C1, and the bidirectional embeddings, overrides and isolates.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def blank_controls(text: str) -> str:
    """`text` with each control character replaced by a space (offsets stay valid)."""
    return CONTROL.sub(" ", text)
