"""In-text citations linked to a document's reference list.

Recognised forms: "[23]", "[23-25]", "[4, 7]", "[1]–[4]" (a range written as two brackets), and
"(23)", "(4, 7)", "(23–25)". Parenthesised numbers are only taken after a word ("resistance (23)"),
never after ":", ",", ";", "and"/"or" or at the start, where "(1) ... (2) ..." enumerates items;
they are linked only when they name a known label, and four-digit years never do.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.types import Reference

_LIST = r"\d{1,4}(?:\s*[-\u2013,]\s*\d{1,4})*"
_BRACKETS = re.compile(rf"\[({_LIST})\](?:\s*[-\u2013]\s*\[(\d{{1,4}})\])?")
_PARENS = re.compile(rf"(?<![\w(/\-])\(({_LIST})\)")
_ENUMERATION_BEFORE = re.compile(r"(^|[:;,(]|\b(and|or)\b)\s*$", re.I)
_MAX_RANGE = 50


def cited_labels(text: str) -> list[str]:
    """Reference numbers cited in `text`, in order of first appearance, ranges expanded."""
    found: list[tuple[int, list[str]]] = []
    for match in _BRACKETS.finditer(text):
        body = match.group(1)
        if match.group(2):  # "[1]–[4]" means 1 to 4
            body = f"{body}-{match.group(2)}"
        found.append((match.start(), _parse(body)))
    for match in _PARENS.finditer(text):
        if _ENUMERATION_BEFORE.search(text[max(0, match.start() - 12) : match.start()]):
            continue
        found.append((match.start(), [n for n in _parse(match.group(1)) if len(n) <= 3]))
    labels: list[str] = []
    for _, numbers in sorted(found, key=lambda item: item[0]):
        labels.extend(n for n in numbers if n not in labels)
    return labels


def cited_references(text: str, references: Sequence[Reference]) -> tuple[Reference, ...]:
    if not references:
        return ()
    by_label = {ref.label: ref for ref in references}
    return tuple(by_label[label] for label in cited_labels(text) if label in by_label)


def _parse(body: str) -> list[str]:
    labels: list[str] = []
    for part in body.split(","):
        labels.extend(_expand(part.strip()))
    return labels


def _expand(part: str) -> list[str]:
    bounds = re.split(r"\s*[-\u2013]\s*", part)
    if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
        low, high = int(bounds[0]), int(bounds[1])
        if low <= high <= low + _MAX_RANGE:
            return [str(n) for n in range(low, high + 1)]
    return [b for b in bounds if b.isdigit()]
