"""Names a question asks about ("MmPPOX", "LipY", "33RE", "oaDOI", "MSC-EVs") and whether a text names them.

A name is a word with a capital letter followed later by another capital or a digit: the way papers write
compounds, genes, proteins, tools and abbreviations. Ordinary capitalised words ("The", "Which") are not.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

NAME = re.compile(r"\b[A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*[A-Z0-9][A-Za-z0-9-]*\b")
_DESCRIPTOR = re.compile(r"(?:-[a-z]+)+$")  # "MSC-EV-derived": "-derived" describes the name
_PLURAL = re.compile(r"(?<=[A-Z0-9])s$")  # "MSCs", "EVs"
_JOINERS = re.compile(r"[\s\-‐‑–]+")


def names_in(text: str) -> list[str]:
    """The names `text` uses, in order, each once ("MSC-EV-derived miR-21" -> ["MSC-EV", "miR-21"])."""
    found = (_PLURAL.sub("", _DESCRIPTOR.sub("", n)) for n in NAME.findall(text))
    return list(dict.fromkeys(n for n in found if len(n) > 1))


_CAPITALISED = re.compile(r"(?<![.?!:]\s)(?<!^)\b[A-Z][a-z]{2,}\b")


def capitalised_words(text: str) -> list[str]:
    """Words written with a capital inside a sentence ("Nobel", "Everest", "Tamoxifen"): proper nouns, as a
    question types them. A sentence's first word does not count."""
    return _CAPITALISED.findall(text.strip())


def names(name: str, text: str, long_forms: Mapping[str, str]) -> bool:
    """Whether `text` names `name`: as written (any case, hyphens and spaces aside), by its long form
    ("mesenchymal stem cells" for "MSC"), or, for a compound such as "MSC-EV", by each of its parts."""
    plain = _flat(text)
    if _named(name, plain, long_forms):
        return True
    pieces = [p for p in name.split("-") if p]
    return len(pieces) > 1 and all(_named(p, plain, long_forms) for p in pieces)


def _named(name: str, plain: str, long_forms: Mapping[str, str]) -> bool:
    long_form = long_forms.get(name, "")
    return _flat(name) in plain or bool(long_form) and _flat(long_form) in plain


def _flat(text: str) -> str:
    return _JOINERS.sub("", text.lower())
