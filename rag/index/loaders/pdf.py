"""PDF articles: text per page, with section paths, captions and the numbered reference list.

Keeps: body text in reading order (two columns read left then right), one Section per
(section, page) so every passage knows its page, section titles from the PDF outline when there
is one (else from heading-like lines: numbered, bold or capitals, short), figure and table
captions as their own sections, the reference list parsed into entries when numbered.
Repairs: words hyphenated at line ends are re-joined, ligatures spelled out, a sentence a page break
cut in two is made whole on the page where it starts, an indented list goes on with the sentence
that opens it, a legend read after the column text goes to its figure, and a table's rows that end in
values are lines of their own.
Drops: running headers and footers (lines repeated near the top or bottom of pages), page
numbers, rotated margin banners, images, and text of figures drawn as vector graphics when it
cannot be told apart from body text (it stays in the body).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rag.errors import LoaderError
from rag.index.loaders import register
from rag.index.loaders.common import clean, find_doi, float_title, licence_name, merge_meta
from rag.index.loaders.pdf_front import byline, cite_this_doi, source
from rag.index.loaders.pdf_layout import Line, drop_furniture, page_lines
from rag.text.sentences import split_sentences
from rag.types import Document, DocumentMeta, Reference, Section

_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+[A-Z][^.]{2,80}$")
_KNOWN = re.compile(
    r"^(abstract|background|introduction|methods?|materials and methods|results|discussion|conclusions?|"
    r"results and discussion|references|bibliography|acknowledge?ments?|funding|competing interests|"
    r"clinical perspectives|abbreviations|supplementary (online )?data|author contributions)$",
    re.I,
)
# A gap wider than this share of the type size starts a new word. Tightly justified lines set spaces of
# 1.45 pt in 9 pt type: a fixed 1.5 pt ran whole lines into one word ("clearthevasodilatorpeptide…").
WORD_GAP = 0.13
_CAPTION = re.compile(r"^(Fig(?:ure)?\.?|Table|Scheme)\s*(S?\d{1,2})\b\s*[.:|]?\s*", re.I)
_REF_START = re.compile(r"^\[?(\d{1,3})[\].]?\s+\S")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)[a-z]?\b")


@dataclass
class _Block:
    """Lines of one section on one page, or of one caption."""

    path: str
    kind: str
    page: int
    lines: list[Line] = field(default_factory=list)


@register("pdf", (".pdf",))
def load_pdf(path: Path, meta: DocumentMeta) -> Document:
    _check_complete(path)
    pages, heights, outline = _read(path)
    # Licence notices often sit in the footer, and the journal line in the running header: both are read
    # before furniture removal drops them.
    licence = licence_name(" ".join(line.text for page in pages for line in page))
    printed = source(pages[0]) if pages else {}
    pages = drop_furniture(pages, heights)
    lines = [line for page in pages for line in page]
    if not lines:
        raise LoaderError(f"{path.name}: no text layer found (scanned PDF?); run OCR first")
    body_size = Counter(round(line.size) for line in lines).most_common(1)[0][0]
    title_lines = _title_lines(pages[0], body_size)
    notes = _first_page_notes(pages[0], body_size, heights[0])
    noted = {id(note) for note in notes}
    lines = [line for line in lines if id(line) not in noted]
    headings = _outline_headings(outline, pages) if outline else {}
    if len(headings) < 2:  # no outline, or one that does not match the text (a lone title bookmark)
        headings = _heading_lines(lines, body_size, title_lines)
    blocks = _blocks(lines, headings, title_lines, body_size)
    _add_to_front_matter(blocks, notes)
    sections, references = _sections(blocks)
    first_text = " ".join(line.text for line in pages[0])
    all_text = " ".join(line.text for page in pages for line in page)
    authors, corresponding = byline(pages[0], title_lines)
    found = {
        "title": clean(" ".join(line.text for line in title_lines)),
        "doi": find_doi(first_text) or cite_this_doi(all_text),
        "licence": licence,
        "year": _year(first_text),
        "authors": authors,
        "corresponding": corresponding,
        **printed,
    }
    return Document(merge_meta(meta, sections, **found), tuple(sections), tuple(references))


def _check_complete(path: Path) -> None:
    """Refuse a file cut short (an interrupted download): it yields no text, or half a paper.

    Like Acrobat, look for the end-of-file marker in the last 1024 bytes; a complete PDF ends with one.
    """
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - 1024))
        if b"%%EOF" not in handle.read():
            raise LoaderError(
                f"{path.name}: the file is incomplete (no end-of-file marker; an interrupted download?); "
                "get a complete copy"
            )


def _read(path: Path) -> tuple[list[list[Line]], list[float], list[tuple[int, str, int]]]:
    """Lines per page, page heights and the outline as (depth, title, page index)."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pypdf import PdfReader

    try:
        with _quiet(), pdfplumber.open(path) as pdf:
            pages, heights = [], []
            for number, page in enumerate(pdf.pages, start=1):
                words = page.extract_words(
                    x_tolerance_ratio=WORD_GAP, y_tolerance=2, extra_attrs=["fontname", "size", "upright"]
                )
                pages.append(page_lines(words, number, float(page.width)))
                heights.append(float(page.height))
    except PDFSyntaxError as exc:
        raise LoaderError(f"{path.name}: not a readable PDF ({clean(str(exc)) or 'syntax error'})") from exc
    try:
        with _quiet():
            reader = PdfReader(path)
            outline = _flatten(reader, reader.outline)
    except Exception:  # a broken outline only costs the bookmarks, never the text
        outline = []
    return pages, heights, outline


@contextmanager
def _quiet() -> Iterator[None]:
    """pdfminer and pypdf log a warning per odd colour space or font; one bad glyph is not news."""
    loggers = [logging.getLogger(name) for name in ("pdfminer", "pypdf")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _flatten(reader: Any, items: list[Any], depth: int = 0) -> list[tuple[int, str, int]]:
    flat: list[tuple[int, str, int]] = []
    for item in items:
        if isinstance(item, list):
            flat += _flatten(reader, item, depth + 1)
        else:
            flat.append((depth, clean(str(item.title)), reader.get_destination_page_number(item)))
    return flat


def _title_lines(first_page: list[Line], body_size: int) -> list[Line]:
    """The largest text in the top half of page 1, when clearly larger than the body."""
    candidates = [line for line in first_page if line.top < 400 and not _KNOWN.match(line.text.strip())]
    if not candidates:
        return []
    size = max(line.size for line in candidates)
    return [line for line in candidates if line.size == size] if size >= 1.4 * body_size else []


def _first_page_notes(first_page: list[Line], body_size: int, height: float) -> list[Line]:
    """The notes at the foot of page 1, in a smaller type than the body and below its text: correspondence,
    affiliations, the copyright and licence statement, abbreviations. Read in place, they ran on from the
    abstract's last paragraph and were quoted as part of it ("… staff and management. * Correspondence: …").
    They are front matter. A caption in small type at the foot of the page is not a note."""
    body = [line for line in first_page if not _in_smaller_type(line, body_size)]

    def below_the_body(line: Line) -> bool:  # under every body line of its column (of the page, if full width)
        above = [b.bottom for b in body if line.column == 0 or b.column in (0, line.column)]
        return line.top > max(above, default=0.0)

    low = [line for line in first_page if _in_smaller_type(line, body_size) and line.top > height / 2]
    notes = [line for line in low if below_the_body(line)]
    return [] if not notes or _CAPTION.match(notes[0].text) else notes


def _in_smaller_type(line: Line, body_size: int) -> bool:
    """Set smaller than the body text (legends, table cells, footnotes): sizes round to the body's otherwise."""
    return line.size < body_size - 0.4


def _add_to_front_matter(blocks: list[_Block], notes: list[Line]) -> None:
    front = next((b for b in blocks if b.path == "Front matter"), None)
    if front is not None:
        front.lines.extend(notes)
    elif notes:
        blocks.insert(1, _Block("Front matter", "metadata", 1, notes))


def _year(text: str) -> str:
    match = re.search(r"\((19|20)\d\d\)|©\s*(19|20)\d\d|\b(19|20)\d\d,\s*\d+\s*:", text)
    return re.search(r"(19|20)\d\d", match.group(0)).group(0) if match else ""  # type: ignore[union-attr]


# --- headings -----------------------------------------------------------------------------------


def _outline_headings(outline: list[tuple[int, str, int]], pages: list[list[Line]]) -> dict[int, str]:
    """Map id(line) -> section path, finding each bookmark's title on its page."""
    headings: dict[int, str] = {}
    path: list[str] = []
    for depth, title, index in outline:
        path = [*path[:depth], title]
        if not 0 <= index < len(pages):
            continue
        wanted = _letters(title)
        line = next(
            (ln for ln in pages[index] if id(ln) not in headings and _letters(ln.text).startswith(wanted)), None
        )
        if line is None:
            line = next(
                (
                    ln
                    for ln in pages[index]
                    if id(ln) not in headings and wanted.startswith(_letters(ln.text)) and len(_letters(ln.text)) > 3
                ),
                None,
            )
        if line is not None:
            headings[id(line)] = " > ".join(path)
    return headings


def _heading_lines(lines: list[Line], body_size: int, title_lines: list[Line]) -> dict[int, str]:
    headings: dict[int, str] = {}
    path: list[str] = []
    skip = {id(line) for line in title_lines}
    in_references = False
    for line in lines:
        level = _heading_level(line, body_size)
        if level is None or id(line) in skip or (in_references and _NUMBERED.match(line.text.strip())):
            continue
        in_references = _kind(line.text) == "references" or (in_references and level > 0)
        text = clean(line.text)
        path = [*path[:level], text] if level <= len(path) else [*path, text]
        headings[id(line)] = " > ".join(path)
    return headings


def _heading_level(line: Line, body_size: int) -> int | None:
    """0 for a top-level heading, 1+ for subsections, None for ordinary text."""
    text = line.text.strip()
    if len(text) > 80 or len(text) < 3 or _CAPTION.match(text) or text.endswith((".", ",", ";", ":")):
        return None
    if match := _NUMBERED.match(text):
        return match.group(1).count(".")
    if _KNOWN.match(text) and (line.bold or line.size > body_size or text.isupper()):
        return 0
    letters = re.sub(r"[^A-Za-z]", "", text)
    if len(letters) < 4 or line.size < body_size - 0.5:
        return None
    if text.isupper() and line.bold:
        return 0
    if line.bold and text[0].isupper() and len(text.split()) <= 12:
        return 1
    return None


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


# --- sections -----------------------------------------------------------------------------------


def _blocks(lines: list[Line], headings: dict[int, str], title_lines: list[Line], body_size: int) -> list[_Block]:
    """Cut the line stream at headings, page breaks and captions.

    After a caption, lines in a smaller type than the body (table cells, legends) stay with it.
    """
    title_ids = {id(line) for line in title_lines}
    blocks: list[_Block] = [_Block("Title", "metadata", 1)]
    path, kind = "Front matter", "metadata"
    previous: Line | None = None
    for line in lines:
        current = blocks[-1]
        if id(line) in title_ids:
            current.lines.append(line)
            continue
        if id(line) in headings:
            path = headings[id(line)]
            kind = _kind(path)
            blocks.append(_Block(path, kind, line.page))
            if len(_letters(line.text)) > len(_letters(path.split(" > ")[-1])) + 3:  # "Background: text..."
                blocks[-1].lines.append(line)
        elif (
            (match := _CAPTION.match(line.text))
            and (line.bold or _starts_paragraph(line, previous))
            and kind != "references"
        ):
            label = f"{'Table' if match.group(1).lower().startswith('table') else 'Figure'} {match.group(2)}"
            blocks.append(_Block(label, "table" if label.startswith("Table") else "figure", line.page, [line]))
        elif (
            current.kind in ("figure", "table")
            and current.page == line.page
            and (_in_smaller_type(line, body_size) or (previous is not None and not _starts_paragraph(line, previous)))
        ):
            current.lines.append(line)
        elif (above := _legend_of(blocks, line, body_size)) is not None:
            above.lines.append(line)
        else:
            if current.page != line.page or current.kind in ("figure", "table") or current.path != path:
                blocks.append(_Block(path, kind, line.page))
            blocks[-1].lines.append(line)
        previous = line
    return [b for b in blocks if b.lines]


def _legend_of(blocks: list[_Block], line: Line, body_size: int) -> _Block | None:
    """The figure or table with a caption or legend line just above `line` or beside it, a line in the
    legend's smaller type read later: a caption set in one column with its legend running the full page
    width below it is read left column, right column, then the legend, which landed inside the body text
    it followed ("…effects of Ac-SDKP evident, ( A ) Residues of N-domain ACE (cyan) interacting with…");
    a legend line cut at the column gutter landed in the right column's text."""
    if not _in_smaller_type(line, body_size):
        return None
    for block in reversed(blocks):
        if block.page != line.page:
            return None
        if block.kind in ("figure", "table") and any(_next_to(line, other) for other in block.lines):
            return block
    return None


def _next_to(line: Line, other: Line) -> bool:
    """Just below `other` (lines of a tightly set legend overlap a little), or on its row to the right of
    it (a legend line cut in two at the column gutter)."""
    gap = line.top - other.bottom
    below = -0.5 * line.size <= gap <= line.size and line.x0 < other.x1 and other.x0 < line.x1
    beside = abs(line.top - other.top) <= 0.3 * line.size and line.x0 >= other.x1 - 1
    return below or beside


def _kind(path: str) -> str:
    top = path.split(" > ")[0].strip().lower()
    top = re.sub(r"^\d+(\.\d+)*\.?\s*", "", top)
    if top == "abstract":
        return "abstract"
    if re.match(r"(references|bibliography|literature cited)$", top):
        return "references"
    return "body"


def _starts_paragraph(line: Line, previous: Line | None) -> bool:
    if previous is None or previous.page != line.page or previous.column != line.column:
        return True
    gap = line.top - previous.bottom
    return gap > 0.6 * line.size or line.x0 - previous.x0 > 5


def _sections(blocks: list[_Block]) -> tuple[list[Section], list[Reference]]:
    sections: list[Section] = []
    seen_floats: set[str] = set()
    for block in blocks:
        if block.kind in ("figure", "table"):
            if block.path in seen_floats:  # "Table 2 (continued)"
                continue
            seen_floats.add(block.path)
        table = block.kind == "table"  # a table's cells are no sentence running on, and each line is a row
        text = (table and _numeric_table(block.lines)) or _paragraphs(block.lines, run_on=not table, rows=table)
        if text:
            title = _table_title(block.path, text) if block.kind == "table" else block.path
            sections.append(Section(title, text, page=block.page, kind=block.kind))
    return rejoin_page_breaks(sections), _reference_entries(_first_reference_run(blocks))


_GOES_ON = re.compile(r"^[a-z0-9(\[]")  # "them to the study…", "(1 psi = 6.9 kPa) of hydrogen…", "1. the…"
_SENTENCE_END = re.compile(r"[.!?][\"'’”)\]]*$")


def rejoin_page_breaks(sections: list[Section]) -> list[Section]:
    """A section's page ends mid-sentence ("…before posing") and the same section goes on over the page
    ("them to the study interviewees, …"), maybe after a figure or table set between them: the rest of the
    sentence moves back to where it starts, so it is never two fragments that each read as a sentence."""
    joined: list[Section] = []
    for section in sections:
        at = _last_text(joined)
        if at is not None and _cut_by_page(joined[at], section):
            first, _, others = section.text.partition("\n")
            end = split_sentences(first)[0][1]
            joined[at] = replace(joined[at], text=join_lines(joined[at].text, first[:end]))
            rest = "\n".join(p for p in (first[end:].strip(), others) if p)
            if not rest:
                continue
            section = replace(section, text=rest)
        joined.append(section)
    return joined


def _last_text(sections: list[Section]) -> int | None:
    """The index of the last section of running text, looking past the figures and tables after it."""
    for at in range(len(sections) - 1, -1, -1):
        if sections[at].kind not in ("figure", "table"):
            return at
    return None


def _cut_by_page(previous: Section, section: Section) -> bool:
    return (
        previous.title == section.title
        and previous.kind == section.kind
        and section.kind in ("abstract", "body")
        and runs_on(previous.text, section.text)
    )


def runs_on(text: str, following: str) -> bool:
    """Whether `following` goes on with the sentence `text` leaves open: a page break, or an indented list
    ("The specific objectives were to assess" / "1. the organization of patient flow…")."""
    return bool(text) and _SENTENCE_END.search(text) is None and _GOES_ON.match(following) is not None


# A table row of a label then two or more numbers ("Opportunity to ask questions 62.8 37.2 78").
_NUMERIC_ROW = re.compile(r"^(?P<label>.*?[A-Za-z].*?)(?P<values>(?:\s+[-+±<>~]?\d[\d.,]*%?){2,})$")
MIN_ROWS = 3


def _numeric_table(lines: list[Line]) -> str:
    """A table of a label column and number columns as rows with their headers, as the XML and HTML
    loaders give them ("Item: Opportunity to ask questions | Yes (%): 62.8 | No (%): 37.2 | Respondents:
    78"), so a row says what each number is. Only when every header cell can be matched to a column:
    the header line just above the first row splits into one more cell than the rows have numbers
    ("(%)" stays with its word); otherwise '' and the text is kept as it reads."""
    texts = [clean(line.text) for line in lines]
    rows = {i: m for i, m in enumerate(map(_NUMERIC_ROW.match, texts)) if m and i > 0}
    if len(rows) < MIN_ROWS:
        return ""
    counts = Counter(len(m["values"].split()) for m in rows.values())
    width, seen = counts.most_common(1)[0]
    first = min(rows)
    if seen < MIN_ROWS or first < 2 or (first - 1) in rows:
        return ""
    header = _header_cells(texts[first - 1])
    if len(header) != width + 1:
        return ""
    out = texts[: first - 1]
    for i, text in enumerate(texts[first:], start=first):
        match = rows.get(i)
        if match is None or len(match["values"].split()) != width:
            out.append(text)
            continue
        cells = [match["label"].strip(), *match["values"].split()]
        out.append(" | ".join(f"{name}: {cell}" for name, cell in zip(header, cells, strict=True)))
    return "\n".join(out)


def _header_cells(text: str) -> list[str]:
    """Header words as cells: a bracketed unit joins the word before it ("Yes (%)")."""
    cells: list[str] = []
    for token in text.split():
        if cells and token.startswith("("):
            cells[-1] += f" {token}"
        else:
            cells.append(token)
    return cells


def _table_title(label: str, text: str) -> str:
    """'Table 2: Patient satisfaction': the label and the caption's first sentence (see `float_title`)."""
    match = _CAPTION.match(text)
    return float_title(label, text[match.end() :]) if match else label


def _first_reference_run(blocks: list[_Block]) -> list[Line]:
    """Lines of the main reference list; a supplement's own list (numbered from 1 again) is left out."""
    lines: list[Line] = []
    for block in blocks:
        if block.kind == "references":
            lines += block.lines
        elif lines and block.kind not in ("figure", "table"):
            break
    return lines


def _paragraphs(lines: list[Line], run_on: bool = True, rows: bool = False) -> str:
    """Join lines into paragraphs (one per text line of the result), re-joining hyphenated words; with
    `run_on`, a line that goes on with an open sentence stays in its paragraph (see `runs_on`); with
    `rows` (a table), a line after one that ends in a value starts a row of its own, so "Tyr 369 OH NAS
    2.7" is not read as one sentence with the rows around it (a cell of words over two lines stays whole)."""
    paragraphs: list[str] = []
    current = ""
    previous: Line | None = None
    for line in lines:
        text = line.text.strip()
        new = previous is not None and _starts_paragraph(line, previous) and previous.column == line.column
        new = new or (rows and previous is not None and _next_row(line, previous))
        if new and not (run_on and runs_on(current, text)):
            paragraphs.append(current)
            current = text
        else:
            current = join_lines(current, text)
        previous = line
    paragraphs.append(current)
    return "\n".join(clean(p) for p in paragraphs if clean(p))


_ENDS_IN_VALUE = re.compile(r"\d[%)]*$")  # "OH NAS 2.7", "Redundancy 3.9 (3.9)", "78%"
_FOOTNOTE_MARK = re.compile(r"^[∗*†‡§¶]")


def _next_row(line: Line, previous: Line) -> bool:
    """A line below one that ends in a value, or a footnote, not beside the line before (a "+" set a
    little higher is part of its row)."""
    below = line.page != previous.page or line.top >= previous.bottom - 0.5 * line.size
    ends_row = _ENDS_IN_VALUE.search(previous.text.strip()) or _FOOTNOTE_MARK.match(line.text.strip())
    return below and ends_row is not None


def join_lines(first: str, second: str) -> str:
    """'inhibi-' + 'tors' -> 'inhibitors'; 'N-' + 'domain' stays 'N-domain'."""
    if not first:
        return second
    if re.search(r"[a-z]{2}-$", first) and second[:1].islower():
        return first[:-1] + second
    if first.endswith(("-", "\u2013", "/")):
        return first + second
    return f"{first} {second}"


# --- references ---------------------------------------------------------------------------------


def _reference_entries(lines: list[Line]) -> list[Reference]:
    """Numbered entries, each starting with the next number in sequence."""
    raw: list[tuple[str, str]] = []
    expected = 1
    for line in lines:
        match = _REF_START.match(line.text.strip())
        if match and int(match.group(1)) == expected:
            raw.append((match.group(1), line.text.strip()[match.end() - 1 :]))
            expected += 1
        elif raw:
            raw[-1] = (raw[-1][0], join_lines(raw[-1][1], line.text.strip()))
    return [_reference(label, clean(text)) for label, text in raw]


def _reference(label: str, text: str) -> Reference:
    year = _YEAR.search(text)
    authors, title = "", ""
    if year and (text[year.start() - 1 : year.start()] == "(" or ":" not in text[: year.start()]):
        authors = text[: year.start()].rstrip(" (,.")
        rest = text[year.end() :].lstrip(").,; ")
        title = rest.split(". ")[0]
    elif ":" in text:
        authors, rest = text.split(":", 1)
        title = rest.strip().split(". ")[0]
    return Reference(
        label=label,
        text=text,
        authors=clean(authors)[:300],
        year=year.group(1) if year else "",
        title=clean(title)[:300],
        doi=find_doi(text),
    )
