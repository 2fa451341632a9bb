"""Helpers shared by the full-text loaders: whitespace, licences, and merging found metadata."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

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
