"""In-text citation forms linked to reference labels."""

from __future__ import annotations

import pytest

from rag.text.references import cited_labels, cited_references
from rag.types import Reference


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("as shown [23].", ["23"]),
        ("ranges [23-25] and [7\u20138]", ["23", "24", "25", "7", "8"]),
        ("lists [4, 7] and [4,9]", ["4", "7", "9"]),
        ("PLOS style [1]\u2013[4] then [10]", ["1", "2", "3", "4", "10"]),
        ("Vancouver in parentheses (23), also (4, 7\u20138).", ["23", "4", "7", "8"]),
        ("first (3) then [1]", ["3", "1"]),
        ("four areas: (1) making sense, (2) interacting and (3) enacting", []),
        ("(1) at the start", []),
        ("no citations here", []),
    ],
)
def test_cited_labels(text: str, labels: list[str]) -> None:
    assert cited_labels(text) == labels


@pytest.mark.parametrize(
    "text", ["in (2011) they", "f(2) = 3", "the value (1234)", "n = 5 (n = 5)", "Angiotensin-(1–7)"]
)
def test_things_that_are_not_citations(text: str) -> None:
    assert cited_labels(text) == []


def test_implausible_ranges_are_not_expanded() -> None:
    assert cited_labels("[1-200]") == ["1", "200"]


def test_cited_references_keeps_only_known_labels_in_order() -> None:
    refs = [Reference(label=str(n), text=f"work {n}") for n in range(1, 6)]
    found = cited_references("see [5] then (2) and [9]", refs)
    assert [r.label for r in found] == ["5", "2"]
    assert cited_references("see [1]", []) == ()
