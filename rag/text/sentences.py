"""Sentence boundaries with character offsets, tuned for scientific prose."""

from __future__ import annotations

import re

# Tokens ending in "." that do not end a sentence.
_ABBREVIATIONS = {
    "al",
    "fig",
    "figs",
    "e.g",
    "i.e",
    "vs",
    "etc",
    "approx",
    "ref",
    "refs",
    "no",
    "vol",
    "eq",
    "sci",
    "dr",
    "prof",
    "int",
    "j",
    "biol",
    "med",
    "res",
    "natl",
    "acad",
    "proc",
    "suppl",
    "st",
    "ca",
    "cf",
    "u.s",  # "funding from the U.S. National Institutes of Health"; "…in the U.S. The…" is rarer
    "u.k",
    "u.s.a",
}
_BOUNDARY = re.compile(r"[.!?][\"'\u201d)\]]*\s+(?=[\"'\u201c(\[]?[A-Z0-9])")


def split_sentences(text: str, lines_only: bool = False) -> list[tuple[int, int]]:
    """Return (start, end) offsets of each sentence in `text`, whitespace trimmed.

    Line breaks always end a sentence; `lines_only` keeps each line whole (metadata, table rows).
    """
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        if lines_only:
            _append_trimmed(spans, text, offset, offset + len(line))
        else:
            for start, end in _split_line(line):
                _append_trimmed(spans, text, offset + start, offset + end)
        offset += len(line) + 1
    return spans


def _split_line(line: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _BOUNDARY.finditer(line):
        end = match.start() + 1
        if _is_abbreviation(line[start:end]):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(line)))
    return spans


def _is_abbreviation(fragment: str) -> bool:
    words = fragment.rstrip(".").split()
    if not words:
        return True
    last = words[-1].lower().lstrip("(")
    return last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())


def _append_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
