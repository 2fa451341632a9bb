"""Word tokens as BM25, evidence scoring, follow-ups and the answerers see them: lower case, stop words
dropped, English stemming (PyStemmer), hyphenated terms kept whole and split."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any

_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LETTERS = re.compile(r"[a-z]{3,}")
STOPWORDS = frozenset(
    "a an and are as at be by for from has have how in is it its of on or that the this to was were what which who "
    "why with does do did can could would should will about into than then there these those their they them we our "
    "you your me my i am been being also such not no yes all any some more most other".split()
)


def plain_words(text: str) -> list[str]:
    """Lower-case words as typed, before stop words and stemming ("33re", "5-fu", "n-domain")."""
    return _TOKEN.findall(text.lower())


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens, stop words dropped, British spellings made American ("characterised",
    "tumour", "fibre" meet "characterized", "tumor", "fiber"), irregular plurals made singular ("mice",
    "analyses", "criteria" meet "mouse", "analysis", "criterion"), English stemming (hyphenated terms also
    split)."""
    words: list[str] = []
    for token in plain_words(text):
        words.append(token)
        if "-" in token:
            words.extend(token.split("-"))
    return [_term(w) for w in words if w not in STOPWORDS]


@lru_cache(maxsize=1 << 16)
def _term(word: str) -> str:
    """A word's index term; cached because every question re-tokenises the same candidate sentences."""
    return str(_stemmer().stemWord(_american(_singular(word))))


# Plurals that English stemming leaves apart from their singulars, common in scientific writing.
_IRREGULAR_PLURALS = {
    "mice": "mouse", "lice": "louse", "women": "woman", "men": "man", "children": "child", "feet": "foot",
    "teeth": "tooth", "geese": "goose", "criteria": "criterion", "phenomena": "phenomenon",
    "ganglia": "ganglion", "mitochondria": "mitochondrion", "taxa": "taxon", "bacteria": "bacterium",
    "media": "medium", "spectra": "spectrum", "strata": "stratum", "septa": "septum", "atria": "atrium",
    "ova": "ovum", "maxima": "maximum", "minima": "minimum", "optima": "optimum", "curricula": "curriculum",
    "nuclei": "nucleus", "stimuli": "stimulus", "fungi": "fungus", "foci": "focus", "loci": "locus",
    "bacilli": "bacillus", "radii": "radius", "alveoli": "alveolus", "emboli": "embolus", "thrombi": "thrombus",
    "villi": "villus", "glomeruli": "glomerulus", "hippocampi": "hippocampus", "calculi": "calculus",
    "matrices": "matrix", "indices": "index", "appendices": "appendix", "vertices": "vertex", "apices": "apex",
    "cortices": "cortex", "helices": "helix", "lumina": "lumen", "foramina": "foramen", "genera": "genus",
    "corpora": "corpus",
}  # fmt: skip
_COCCI = re.compile(r"(?<=[a-z])cocci$")  # streptococci -> streptococcus
_SIS = re.compile(r"(?<=[a-z]{4})sis$")  # diagnosis -> diagnose: meets "diagnoses", "diagnosed"


def _singular(word: str) -> str:
    """One form for a word's singular and plural where stemming keeps them apart ("analysis" stems to
    "analysi", "analyses" to "analys"); a noun in "-sis" is made the verb-like "-se" its plural and its
    verb share."""
    word = _IRREGULAR_PLURALS.get(word, word)
    return _SIS.sub("se", _COCCI.sub("coccus", word))


_BRITISH = (
    (re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations|er|ers)$"), r"iz\1"),  # characterise, organisation
    (re.compile(r"(?<=[a-z]{3})our(s|ed|ing|ite|ites)?$"), r"or\1"),  # tumour, behaviour, colour
    (re.compile(r"(?<=[a-z]{2}[bt])re(s|d)?$"), r"er\1"),  # fibre, centre, litre
    (re.compile(r"(?<=[a-z]{2})yse(s|d)?$"), r"yze\1"),  # analyse
)


def _american(word: str) -> str:
    for pattern, replacement in _BRITISH:
        word = pattern.sub(replacement, word)
    return word


@cache
def _stemmer() -> Any:  # PyStemmer has no type hints; imported on first use
    import Stemmer

    return Stemmer.Stemmer("english")


def word_counts(texts: Iterable[str]) -> dict[str, int]:
    """Lower-case words of three or more letters and how often they occur (a corpus vocabulary)."""
    counts: dict[str, int] = {}
    for text in texts:
        for word in _LETTERS.findall(text.lower()):
            counts[word] = counts.get(word, 0) + 1
    return counts


@cache
def function_words() -> frozenset[str]:
    """English function words ("themselves", "whom", "upon"): a longer list than STOPWORDS, which BM25 and
    the index keep as they are. Read from bm25s on first use (its import costs a cold start 0.2 s)."""
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    return frozenset(STOPWORDS_EN_PLUS)
