"""PDF page layout: words into lines in reading order, without running headers and footers.

Works on pdfplumber words (text plus box and font). Two-column pages are detected from an x near
mid-page that few rows cross while many rows end just left of it or start just right of it; rows
crossing it (titles, wide tables) are read in place, and the column text between them is read
left column first, then right.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
_CID = re.compile(r"\(cid:\d+\)")
_BOLD = re.compile(r"bold|heavy|black|demi|semibold", re.I)
# Relation signs a symbol font draws off the text's baseline ("K i = 11.21 ± 0.74 nM").
_RELATIONS = frozenset("= ± < > ≤ ≥ ≈ ×".split())
_MINUS = frozenset("−-")  # the lower half of a "±" drawn in two pieces
_PAGE_NUMBER = re.compile(r"^(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.I)
_EDGE = 0.07  # fraction of the page width treated as margin (rotated journal banners live there)
_ZONE = 0.08  # fraction of the page height where running headers and footers live


@dataclass(frozen=True)
class Line:
    page: int  # 1-based
    top: float
    bottom: float
    x0: float
    x1: float
    text: str
    size: float
    bold: bool
    column: int = 0  # 0 = full width, 1 = left, 2 = right


def normalise(text: str) -> str:
    """Ligatures spelled out, unmapped glyph codes dropped."""
    for ligature, letters in LIGATURES.items():
        text = text.replace(ligature, letters)
    return _CID.sub("", text)


def page_lines(words: list[dict[str, Any]], page: int, width: float) -> list[Line]:
    """Lines of one page in reading order."""
    words = [
        w for w in words if w.get("upright", True) and _EDGE * width < w["x1"] and w["x0"] < (1 - _EDGE / 2) * width
    ]
    words = [{**w, "text": normalise(w["text"])} for w in words]
    words = _plus_minus([w for w in words if w["text"].strip()])
    rows = _rows(words)
    gutter = _gutter(rows, width)
    lines: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []
    for row in rows:
        if gutter is None or any(w["x0"] < gutter < w["x1"] for w in row):
            lines += left + right
            left, right = [], []
            lines.append(_line(row, page, 0))
            continue
        if part := [w for w in row if w["x1"] <= gutter]:
            left.append(_line(part, page, 1))
        if part := [w for w in row if w["x0"] >= gutter]:
            right.append(_line(part, page, 2))
    return lines + left + right


def _plus_minus(words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A "±" some fonts draw as a "+" stacked over a "−" at the same x, one word: apart, the "+" sits
    higher than its line and started a line of its own ("+ domain (Ki = 11.21 − 0.74 nM)")."""
    minus = [i for i, w in enumerate(words) if w["text"] in _MINUS]
    joined: dict[int, int] = {}  # "+" -> the "−" under it
    for i, word in enumerate(words):
        if word["text"] == "+":
            below = next((j for j in minus if j not in joined.values() and _stacked(word, words[j])), None)
            if below is not None:
                joined[i] = below
    merged = []
    for i, word in enumerate(words):
        if i in joined:
            other = words[joined[i]]
            top, bottom = (word["top"] + other["top"]) / 2, (word["bottom"] + other["bottom"]) / 2
            merged.append({**word, "text": "±", "top": top, "bottom": bottom})
        elif i not in joined.values():
            merged.append(word)
    return merged


def _stacked(plus: dict[str, Any], minus: dict[str, Any]) -> bool:
    return abs(plus["x0"] - minus["x0"]) < 0.5 and 0 < minus["top"] - plus["top"] < 0.8 * plus["size"]


def _rows(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Group words into rows: same-size words sharing a top edge, and smaller words (superscripts,
    subscripts, lifted apostrophes) overlapping a row's box. A relation sign ("=", "±") joins the row it
    overlaps most: a symbol font's boxes sit off the text's baseline."""
    texts = [w for w in words if w["text"] not in _RELATIONS]
    rows: list[list[dict[str, Any]]] = []
    bounds: list[tuple[float, float, float]] = []  # top, bottom, size of the row's first word
    for word in sorted(texts, key=lambda w: (-w["size"], w["top"])):
        height = max(word["bottom"] - word["top"], 0.1)
        for i, (top, bottom, size) in enumerate(bounds):
            if abs(word["size"] - size) < 0.6:
                same = abs(word["top"] - top) <= 0.3 * height
            else:  # a smaller word joins only a row it touches: a superscript, not a footnote beside it
                same = min(bottom, word["bottom"]) - max(top, word["top"]) >= 0.4 * height and _touches(word, rows[i])
            if same:
                rows[i].append(word)
                break
        else:
            rows.append([word])
            bounds.append((word["top"], word["bottom"], word["size"]))
    for word in (w for w in words if w["text"] in _RELATIONS):
        height = max(word["bottom"] - word["top"], 0.1)
        overlaps = [
            min(bottom, word["bottom"]) - max(top, word["top"]) if _beside(word, row) else 0.0
            for (top, bottom, _), row in zip(bounds, rows, strict=True)
        ]
        best = max(range(len(rows)), key=overlaps.__getitem__, default=None)
        if best is not None and overlaps[best] >= 0.4 * height:
            rows[best].append(word)
        else:
            rows.append([word])
            bounds.append((word["top"], word["bottom"], word["size"]))
    ordered = sorted(zip(bounds, rows, strict=True), key=lambda item: item[0][0])
    return [sorted(row, key=lambda w: w["x0"]) for _, row in ordered]


def _beside(word: dict[str, Any], row: list[dict[str, Any]]) -> bool:
    """A word of `row` within two of `word`'s heights to its left or right (the same column's line)."""
    reach = 2 * max(word["bottom"] - word["top"], 0.1)
    return any(w["x0"] - reach <= word["x1"] and word["x0"] <= w["x1"] + reach for w in row)


def _touches(word: dict[str, Any], row: list[dict[str, Any]]) -> bool:
    return any(abs(word["x0"] - w["x1"]) < 3 or abs(w["x0"] - word["x1"]) < 3 for w in row)


def _gutter(rows: list[list[dict[str, Any]]], width: float) -> float | None:
    """The x between two columns, or None for a one-column page.

    For each x near mid-page, count rows with a word across x (full-width rows) and rows that end
    just left of x or start just right of it without crossing (column rows). Columns exist when
    enough column rows lie on both sides of an x that clearly fewer rows cross than elsewhere. Column rows need not
    share baselines, and reference numbers hanging in the gutter only narrow the empty run.
    """
    low, high = int(0.3 * width), int(0.7 * width)
    reach = int(0.15 * width)  # ragged-right column lines end this far short of the gutter
    crossing = [0] * (high - low + 1)
    near_left = [0] * len(crossing)
    near_right = [0] * len(crossing)
    for row in rows:
        covered: set[int] = set()
        ends: set[int] = set()
        starts: set[int] = set()
        for w in row:
            covered.update(range(max(low, int(w["x0"]) + 1), min(high, int(w["x1"])) + 1))
            ends.update(range(max(low, int(w["x1"]) + 1), min(high, int(w["x1"]) + reach) + 1))
            starts.update(range(max(low, int(w["x0"]) - reach), min(high, int(w["x0"]) - 1) + 1))
        for x in covered:
            crossing[x - low] += 1
        for x in ends - covered:
            near_left[x - low] += 1
        for x in starts - covered:
            near_right[x - low] += 1
    fewest = min(crossing)
    empty = [i for i, n in enumerate(crossing) if n <= fewest + 2]  # footers span the gutter unevenly
    runs: list[list[int]] = [[empty[0]]]
    for i in empty[1:]:
        if i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    run = max(runs, key=lambda r: (len(r), -abs(low + (r[0] + r[-1]) / 2 - width / 2)))
    middle = (run[0] + run[-1]) // 2
    typical = sorted(crossing)[len(crossing) // 2]
    if len(run) < 4 or min(near_left[middle], near_right[middle]) < 3 or fewest > 0.8 * typical:
        return None
    return low + (run[0] + run[-1]) / 2


def _line(words: list[dict[str, Any]], page: int, column: int) -> Line:
    sizes = Counter(round(w["size"], 1) for w in words)
    return Line(
        page=page,
        top=min(w["top"] for w in words),
        bottom=max(w["bottom"] for w in words),
        x0=words[0]["x0"],
        x1=max(w["x1"] for w in words),
        text=_joined(words),
        size=sizes.most_common(1)[0][0],
        bold=all(_BOLD.search(w.get("fontname", "")) for w in words),
        column=column,
    )


def _joined(words: list[dict[str, Any]]) -> str:
    """The words of a line with spaces, except before a subscript set against its word ("K" + "i" is "Ki",
    as a question types it; "IC" + "50", "P" + "2"): smaller, lower, and touching."""
    text = words[0]["text"]
    for before, word in itertools.pairwise(words):
        text += "" if _subscript(word, before) else " "
        text += word["text"]
    return text


def _subscript(word: dict[str, Any], before: dict[str, Any]) -> bool:
    height = max(before["bottom"] - before["top"], 0.1)
    smaller = word["size"] < before["size"] - 0.6
    lower = word["top"] - before["top"] >= 0.2 * height
    return smaller and lower and -0.5 < word["x0"] - before["x1"] < 1.0


def drop_furniture(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    """Remove running headers and footers, and bare page numbers.

    A line near the top or bottom edge is furniture when each of its words (digits ignored, so
    "Page 2 of 10" repeats) shows up near the edges of several pages. Comparing words rather than
    whole lines survives a header being split into two lines on one page and one line on another.
    """
    threshold = max(2, round(0.25 * len(pages)))
    seen: Counter[str] = Counter()
    for lines, height in zip(pages, heights, strict=True):
        seen.update({word for line in lines if _in_zone(line, height) for word in _words(line)})
    kept = []
    for lines, height in zip(pages, heights, strict=True):
        kept.append([line for line in lines if not (_in_zone(line, height) and _is_furniture(line, seen, threshold))])
    return kept


def _is_furniture(line: Line, seen: Counter[str], threshold: int) -> bool:
    return bool(_PAGE_NUMBER.match(line.text.strip())) or all(seen[word] >= threshold for word in _words(line))


def _in_zone(line: Line, height: float) -> bool:
    return line.top < _ZONE * height or line.bottom > (1 - _ZONE) * height


def _words(line: Line) -> set[str]:
    return {re.sub(r"\d+", "#", word) for word in line.text.lower().split()}
