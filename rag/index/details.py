"""The "Document details" section every document gets, written from its metadata.

One fact per line (title, type, authors, journal, issue, DOI, URL, licence, keywords, and a reference
entry per citation style), so a question about the document itself is answered by quoting exactly one
line, whatever format the document came in.
"""

from __future__ import annotations

import re

from rag.index.cite import Name, citations
from rag.types import DocumentMeta, Section

TITLE = "Document details"
CITE_PREFIX = "Cite ("  # "Cite (APA): ..."
TITLE_PREFIX = "Title: "
_CC_PARTS = {"BY": "Attribution", "NC": "NonCommercial", "SA": "ShareAlike", "ND": "NoDerivatives"}


def details_section(meta: DocumentMeta) -> Section | None:
    """The metadata lines of `meta`, or None when it has nothing beyond an id."""
    lines = [line for line in _lines(meta) if line]
    return Section(TITLE, "\n".join(lines), kind="metadata") if lines else None


def _lines(meta: DocumentMeta) -> list[str]:
    lines = [
        f"{TITLE_PREFIX}{_stop(meta.title)}" if meta.title else "",
        f"Article type: {_stop(meta.article_type)}" if meta.article_type else "",
        f"Authors: {_names(meta.authors)}" if meta.authors else "",
        f"Corresponding author: {_names(meta.corresponding)}" if meta.corresponding else "",
        *(f"Affiliation {_stop(a)}" if a[:1].isdigit() else f"Affiliation: {_stop(a)}" for a in meta.affiliations),
        f"Journal: {_stop(_journal(meta))}" if meta.journal or meta.journal_abbrev else "",
        _published(meta),
        f"DOI: {meta.doi}" if meta.doi else "",
        f"URL: {meta.url or f'https://doi.org/{meta.doi}'}" if meta.url or meta.doi else "",
        f"Licence: {licence_words(meta.licence)}" if meta.licence else "",
        f"Keywords: {_stop(', '.join(meta.keywords))}" if meta.keywords else "",
    ]
    lines += [f"{CITE_PREFIX}{style}): {entry}" for style, entry in citations(meta).items()]
    return lines


def licence_words(licence: str) -> str:
    """'CC BY 4.0' -> 'Creative Commons Attribution 4.0 (CC BY 4.0), open access.'; other text as given."""
    match = re.fullmatch(r"CC ((?:BY|NC|SA|ND)(?:-(?:BY|NC|SA|ND))*)(?: (\d\.\d))?", licence.strip())
    if licence.strip() == "CC0":
        return "Creative Commons CC0 public domain dedication, open access."
    if not match:
        return _stop(licence)
    words = "-".join(_CC_PARTS[part] for part in match.group(1).split("-"))
    version = f" {match.group(2)}" if match.group(2) else ""
    return f"Creative Commons {words}{version} ({licence.strip()}), open access."


def _names(names: tuple[str, ...]) -> str:
    return _stop(", ".join(Name.parse(n).full() for n in names))


def _journal(meta: DocumentMeta) -> str:
    if meta.journal and meta.journal_abbrev and meta.journal_abbrev != meta.journal:
        return f"{meta.journal} ({meta.journal_abbrev})"
    return meta.journal or meta.journal_abbrev


def _published(meta: DocumentMeta) -> str:
    parts = [meta.year, f"volume {meta.volume}" if meta.volume else "", f"issue {meta.issue}" if meta.issue else ""]
    parts.append(f"pages {meta.pages}" if "-" in meta.pages else (f"article {meta.pages}" if meta.pages else ""))
    text = ", ".join(p for p in parts if p)
    return f"Published: {text}." if text else ""


def _stop(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "?", "!")) else f"{text}."
