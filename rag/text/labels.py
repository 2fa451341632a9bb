"""Figure and table labels ("Table 1", "Fig. 3B", "Figures 2 and 3", "Table S1"): which ones a question asks
about, and which ones a sentence refers to."""

from __future__ import annotations

import re

from rag.text.tokens import tokenize

_LABEL = re.compile(
    r"\b(fig(?:ure)?s?|tables?)\.?\s*((?:S?\d+[A-Za-z]?(?:\s*(?:,|and|&|or|to|[-–])\s*(?=S?\d))?)+)", re.I
)
_NUMBER = re.compile(r"S?\d+", re.I)
# What asking about a figure or table says besides its label: "What does Table 1 show?"
_SHOWING = frozenset(
    tokenize(
        "show shows shown showing depict depicts illustrate illustrates present presents display displays "
        "describe summarize summarise overview explain mean tell give list contain contains about me"
    )
)


def labels_in(text: str) -> frozenset[tuple[str, str]]:
    """("figure" or "table", number) of every label `text` names: "Figs. 2 and 3B" -> figure 2, figure 3."""
    found: set[tuple[str, str]] = set()
    for match in _LABEL.finditer(text):
        kind = "table" if match.group(1).lower().startswith("tab") else "figure"
        found.update((kind, number.upper()) for number in _NUMBER.findall(match.group(2)))
    return frozenset(found)


def asked_labels(question: str) -> frozenset[tuple[str, str]]:
    """The figures and tables a question is about, when they are all it asks about ("What does Table 1
    show?", "Describe Figure 2"); empty when a label only places what is asked ("Which drug in Table 2…?")."""
    labels = labels_in(question)
    if not labels:
        return labels
    rest = set(tokenize(_LABEL.sub(" ", question))) - _SHOWING
    return labels if not rest else frozenset()


def captioned(section: str, labels: frozenset[tuple[str, str]]) -> bool:
    """Whether `section` is the caption (or table) of one of `labels`: its title starts with that label
    ("Fig. 2", "Table 1: Substrate specificity…"). A caption that mentions another figure ("Figure 3: as
    in Figure 2, but…") is not the other figure's."""
    title = section.rsplit(">", 1)[-1].strip()
    match = _LABEL.match(title)
    return match is not None and not labels.isdisjoint(labels_in(match.group(0)))
