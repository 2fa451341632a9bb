"""Metadata from the first page of a PDF article: the byline (authors, the corresponding one) and the
journal line printed above or beside the title ("Journal (2014) 126, 305-313", "Journal 2014, 14:1").

Publishers print these in a few common shapes; what is not recognised stays empty (the manifest can
always supply it), never guessed.
"""

from __future__ import annotations

import re

from rag.index.loaders.pdf_layout import Line

# "Clinical Science (2014) 126, 305-313"  |  "Smith et al. BMC Health Services Research 2014, 14:1"
_SOURCES = (
    re.compile(
        r"(?P<journal>[A-Z][A-Za-z&.' -]{3,80}?)\s*\((?P<year>(?:19|20)\d\d)\)\s*(?P<volume>\d{1,4})\s*,\s*"
        r"(?P<pages>\d{1,6}\s*[-\u2013]\s*\d{1,6})"
    ),
    re.compile(
        r"et al\.?\s*(?P<journal>[A-Z][A-Za-z&.' -]{3,80}?)\s+(?P<year>(?:19|20)\d\d)\s*,\s*(?P<volume>\d{1,4})\s*:"
        r"\s*(?P<pages>[A-Za-z]?\d{1,6})"
    ),
)
_MARKS = re.compile(r"[\d,*\u2217\u2020\u2021\u00a7\u00b6#\u2016]+")  # affiliation and footnote marks
_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+")


def source(first_page: list[Line]) -> dict[str, str]:
    """journal, year, volume, pages (and url) from the page's header lines, when one matches a known shape."""
    found: dict[str, str] = {}
    for line in first_page[:8]:
        text = " ".join(line.text.split())
        if not found.get("journal"):
            for pattern in _SOURCES:
                if match := pattern.search(text):
                    found.update(
                        {k: re.sub(r"\s+", "", v) if k == "pages" else v.strip() for k, v in match.groupdict().items()}
                    )
                    found["pages"] = found["pages"].replace("\u2013", "-")
                    break
        if not found.get("url") and (url := _URL.search(text)):
            found["url"] = url.group(0).rstrip(".,;)")
    return found


def byline(first_page: list[Line], title_lines: list[Line]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(authors, corresponding authors) from the lines right after the title; ((), ()) when none look like names.

    Names are split at commas and "and"; marks (digits, *, daggers) are dropped; SURNAMES in capitals get
    their usual case. An ASCII asterisk marks the corresponding author.
    """
    if not title_lines:
        return (), ()
    title_text = " ".join(line.text for line in title_lines)
    after = [line for line in first_page if line.top > title_lines[-1].top][:3]
    text = ""
    for line in after:
        if re.match(r"^(abstract|background|summary)\b", line.text.strip(), re.I):
            break
        text += " " + line.text
        if re.search(r"\band\b", line.text):
            break
    # Some layouts run the title and the byline together on one line.
    text = text.replace(title_text, " ").strip() if title_text in text else text.strip()
    names, corresponding = [], []
    for part in re.split(r"\s*,\s*(?=[^\d,])|\s+and\s+", text):
        name = _name(part)
        if name:
            names.append(name)
            if "*" in part:
                corresponding.append(name)
    return (
        (tuple(names), tuple(corresponding))
        if len(names) >= 1 and all(_looks_like_name(n) for n in names)
        else ((), ())
    )


def _name(part: str) -> str:
    words = [_case(w) for w in _MARKS.sub(" ", part).split()]
    return " ".join(w for w in words if w)


def _case(word: str) -> str:
    return word.capitalize() if len(word) > 2 and word.isupper() and word.isalpha() else word


def _looks_like_name(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 6 and all(w[0].isupper() for w in words) and not re.search(r"\d|@|\.(com|org)", name)


_CITE_THIS = re.compile(r"\b(cite this article|please cite this article|to cite this article)\b", re.I)
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)")


def cite_this_doi(text: str) -> str:
    """The DOI of a "Cite this article" line, which some publishers print only at the end: in the line,
    or standing alone right before it (never one from the reference list, which cites other papers)."""
    for match in _CITE_THIS.finditer(text):
        after = _DOI.search(text[match.end() : match.end() + 600])
        before = re.search(r"\bdoi:\s*(10\.\d{4,9}/\S+)\s*$", text[max(0, match.start() - 120) : match.start()], re.I)
        if found := after or before:
            return found.group(1).rstrip(".,;)]")
    return ""
