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
    "tumour", "fibre" meet "characterized", "tumor", "fiber"), English stemming (hyphenated terms also
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
    return str(_stemmer().stemWord(_american(word)))


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
