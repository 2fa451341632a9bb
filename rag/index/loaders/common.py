"""Helpers shared by the full-text loaders: whitespace, licences, and merging found metadata."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from rag.text.sentences import split_sentences
from rag.types import DocumentMeta, Section

_CC_URL = re.compile(r"creativecommons\.org/(?:licenses|publicdomain)/([a-z-]+)/(\d(?:\.\d)?)?", re.I)
_CC_TEXT = re.compile(
    r"Creative Commons (Attribution(?:[- ]Non[- ]?Commercial)?(?:[- ](?:Share[- ]?Alike|No[- ]?Deriv\w*))?)"
    r"(?:\s+(\d\.\d))?",
    re.I,
)
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.I)


def clean(text: str) -> str:
    """Collapse runs of whitespace (including no-break spaces) to single spaces."""
    return " ".join(text.replace("\u00a0", " ").split())


TITLE_CHARS = 160  # a caption's first sentence longer than this is cut at a word


def float_title(label: str, caption: str) -> str:
    """'Table 1: Accuracy of the oaDOI service': a table's label and the first sentence of its
    caption (without the label), the section title every passage of it carries, so a table row or a
    piece of a long legend says what it belongs to. The label alone when there is no caption."""
    spans = split_sentences(caption)
    first = caption[spans[0][0] : spans[0][1]] if spans else caption
    first = first.strip().rstrip(".")
    if len(first) > TITLE_CHARS:
        first = first[:TITLE_CHARS].rsplit(" ", 1)[0]
    return f"{label}: {first}" if label and first else label or first


def initials(given: str) -> str:
    """'AM' for 'Adel Mohammed'; given names already written as initials ('NJ') are kept."""
    if given.isupper() and " " not in given and len(given) <= 3:
        return given.replace(".", "")
    return "".join(part[0] for part in re.split(r"[\s.\-]+", given) if part)


def find_doi(text: str) -> str:
    match = _DOI.search(text)
    return match.group(1).rstrip(".,;)]") if match else ""


def licence_name(text: str) -> str:
    """'CC BY 4.0' from a Creative Commons URL or statement; '' when none is recognised."""
    if match := _CC_URL.search(text):
        kind = match.group(1).upper()
        name = "CC0" if kind == "ZERO" else f"CC {kind}"
        return f"{name} {match.group(2)}" if match.group(2) else name
    if match := _CC_TEXT.search(text):
        words = match.group(1).lower()
        parts = ["BY"]
        if "commercial" in words:
            parts.append("NC")
        if "share" in words:
            parts.append("SA")
        if "deriv" in words:
            parts.append("ND")
        name = "CC " + "-".join(parts)
        return f"{name} {match.group(2)}" if match.group(2) else name
    if re.search(r"\bCC[- ]BY\b", text):
        version = re.search(r"\bCC[- ]BY(?:[- ][A-Z]{2})*\s+(\d\.\d)", text)
        return f"CC BY {version.group(1)}" if version else "CC BY"
    return ""


def merge_meta(meta: DocumentMeta, sections: list[Section], **found: Any) -> DocumentMeta:
    """Fill empty manifest fields from what the file says; manifest values win when non-empty.

    A document with body text is full text: the corpus keeps it over an abstract-only copy of the
    same DOI (see `rag.index.corpus.prefer_full_text`).
    """
    updates = {key: value for key, value in found.items() if value and not getattr(meta, key)}
    full_text = meta.full_text or any(s.kind == "body" and s.text.strip() for s in sections)
    return replace(meta, **updates, full_text=full_text)


def table_rows(trs: Iterable[Any], text_of: Callable[[Any], str]) -> list[str]:
    """Lines of an XML/HTML table (`<tr>` elements) via `table_lines`, with row and column spans laid out
    as a grid (a value spanning two rows belongs to both). The header is the `<thead>` rows, else leading
    rows of `<th>` cells only, else the first row (tables without markup usually start with column names)."""
    rows: list[list[str]] = []
    header_rows = 0
    pending: dict[int, tuple[int, str]] = {}  # column -> (rows still spanned, text)
    for tr in trs:
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
        row = _grid_row(cells, text_of, pending)
        if not any(row):
            continue
        in_head = tr.getparent() is not None and str(tr.getparent().tag).lower() == "thead"
        if in_head or (header_rows == len(rows) and cells and all(str(c.tag).lower() == "th" for c in cells)):
            header_rows += 1
        rows.append(row)
    return table_lines(rows, header_rows or (1 if len(rows) > 1 else 0))


def _grid_row(cells: list[Any], text_of: Callable[[Any], str], pending: dict[int, tuple[int, str]]) -> list[str]:
    row: list[str] = []
    queue = list(cells)
    while queue or any(col >= len(row) for col in pending):
        col = len(row)
        if col in pending:
            left, text = pending.pop(col)
            if left > 1:
                pending[col] = (left - 1, text)
            row.append(text)
            continue
        if not queue:
            row.append("")
            continue
        cell = queue.pop(0)
        text, span_rows, span_cols = text_of(cell), _span(cell, "rowspan"), _span(cell, "colspan")
        for k in range(span_cols):
            row.append(text)
            if span_rows > 1:
                pending[col + k] = (span_rows - 1, text)
    return row


def _span(cell: Any, name: str) -> int:
    value = str(cell.get(name) or "1")
    return max(1, min(int(value), 50)) if value.isdigit() else 1


def table_lines(rows: list[list[str]], header_rows: int) -> list[str]:
    """Table rows as self-contained lines: each body row names its columns ("Material: GO | Limit: 0.1 nM"),
    so a quoted row still says what each value is. `header_rows` rows at the top are the header (several
    header rows are joined per column); without a header, rows stay "cell | cell".
    """
    headers: list[str] = []
    for row in rows[:header_rows]:
        for i, cell in enumerate(row):
            while len(headers) <= i:
                headers.append("")
            headers[i] = f"{headers[i]} {cell}".strip() if cell and cell not in headers[i] else headers[i]
    lines = []
    for row in rows[header_rows:]:
        if not any(row):
            continue
        if not any(headers):
            lines.append(" | ".join(_unrepeated(row)))
            continue
        pairs = [(headers[i] if i < len(headers) else "", cell) for i, cell in enumerate(row) if cell]
        pairs = [pair for i, pair in enumerate(pairs) if i == 0 or pair != pairs[i - 1]]
        lines.append(" | ".join(f"{head}: {cell}" if head and head != cell else cell for head, cell in pairs))
    return lines


def _unrepeated(row: list[str]) -> list[str]:
    """A cell spanning columns is written once."""
    return [cell for i, cell in enumerate(row) if i == 0 or cell != row[i - 1]]
