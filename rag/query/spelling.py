"""Misspelled words corrected against the corpus vocabulary ("wich cancer treatmens" -> "which cancer treatments").

A word is corrected only when neither the corpus nor an English word list knows it, nor the word it
inflects ("readmissions", "agglomerating": the list holds "readmission" and "agglomerate"), so a real word
the text lacks ("football", "readmissions") stays as typed and still leads to "the text does not say";
correcting it would change the question ("readmissions" is not "admissions"). Candidates are the
corpus words and common English words within a small edit distance (RapidFuzz; a dropped or added
letter or two swapped neighbours cost 1, a wrong letter 2, as typing slips go); the closest wins, then
corpus words, then the most frequent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources

from rag.query.hints import QUESTION_WORDS

_WORD = re.compile(r"\b[A-Za-z][a-z]{3,}\b")  # 4+ letters; ALL-CAPS acronyms and words with digits are left alone


_OPENING = re.compile(r"^\s*([A-Za-z]{2,5})\b")
COMMON_ENGLISH = 30_000  # the most frequent English words are correction targets too ("wich" -> "which")
_WEIGHTS = (1, 1, 2)  # insertion, deletion, substitution


@cache
def english_frequencies() -> dict[str, int]:
    """The 82,765-word English frequency list shipped with symspellpy (MIT), most frequent first."""
    text = resources.files("symspellpy").joinpath("frequency_dictionary_en_82_765.txt").read_text(encoding="utf-8")
    pairs = (line.split(" ", 1) for line in text.splitlines() if line)
    return {word: int(count) for word, count in pairs}


def is_common_word(word: str) -> bool:
    """Whether `word` is among the most frequent English words (lower case, as typed), short ones ("so",
    "up") included: they are everyday words, though too short to be correction targets."""
    return word.lower() in _common_set()


@cache
def _common_set() -> frozenset[str]:
    return frozenset(list(english_frequencies())[:COMMON_ENGLISH])


@cache
def _common_english() -> tuple[str, ...]:
    return tuple(word for word in list(english_frequencies())[:COMMON_ENGLISH] if len(word) >= 3)


class SpellChecker:
    def __init__(self, vocabulary: Mapping[str, int] | Callable[[], Mapping[str, int]]) -> None:
        """`vocabulary`: lower-case corpus words and how often they occur, or what reads them on first use."""
        self._vocabulary = vocabulary
        self._candidates: list[str] | None = None

    @property
    def vocabulary(self) -> Mapping[str, int]:
        if callable(self._vocabulary):
            self._vocabulary = self._vocabulary()
        return self._vocabulary

    def correct(self, question: str) -> str:
        """`question` with each unknown word replaced by its closest corpus word (if one is close enough),
        and a slipped question word at its start made whole ("wat", "hw", "Waht" -> "what", "how")."""
        return _WORD.sub(lambda match: self._fix(match.group(0)), self._fix_opening(question))

    def _fix_opening(self, question: str) -> str:
        """Question words are a closed class, so a short first word one slip from one of them is that word,
        even when it is an English word of its own ("wat"); a word the corpus uses stays as typed."""
        match = _OPENING.match(question)
        if not match or match.group(1).lower() in self.vocabulary or match.group(1).lower() in QUESTION_WORDS:
            return question
        typed = match.group(1).lower()
        near = [w for w in QUESTION_WORDS if _slip_cost(typed, w) == 1]
        if len(near) != 1:
            return question
        fixed = near[0].capitalize() if match.group(1)[0].isupper() else near[0]
        return question[: match.start(1)] + fixed + question[match.end(1) :]

    def _fix(self, word: str) -> str:
        lower = word.lower()
        if self._known(lower) or any(self._known(base) for base in _uninflected(lower)):
            return word
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        limit = 2 if len(lower) <= 5 else 3
        hits = process.extract(
            lower, self.candidates(), scorer=Levenshtein.distance, scorer_kwargs={"weights": _WEIGHTS},
            score_cutoff=limit, limit=20,
        )  # fmt: skip
        if not hits:
            return word
        best = min(
            hits, key=lambda hit: (_slip_cost(lower, hit[0]), hit[0] not in self.vocabulary, -self._frequency(hit[0]))
        )[0]
        return best.capitalize() if word[0].isupper() else best

    def _known(self, lower: str) -> bool:
        return lower in self.vocabulary or lower in english_frequencies()

    def candidates(self) -> list[str]:
        if self._candidates is None:
            self._candidates = sorted(set(self.vocabulary) | set(_common_english()))
        return self._candidates

    def _frequency(self, word: str) -> int:
        return self.vocabulary.get(word, 0) or english_frequencies().get(word, 0)


def _uninflected(word: str) -> list[str]:
    """The words `word` may inflect (regular English plurals and verb forms): "readmissions" ->
    "readmission"; "agglomerating" -> "agglomerate"; "studies", "studied" -> "study"; "stopped" -> "stop".
    Not "acess" -> "aces": a plural of a word ending in s takes "es"."""
    if word.endswith("s") and not word.endswith(("ss", "es")):
        return [word[:-1]]
    for suffix in ("es", "ed", "ing"):
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) >= 3:
            return [base, base + "e", *_y_form(base), *_undoubled(base)]
    return []


def _y_form(base: str) -> list[str]:
    return [base[:-1] + "y"] if base.endswith("i") else []


def _undoubled(base: str) -> list[str]:
    return [base[:-1]] if len(base) > 3 and base[-1] == base[-2] else []


def _slip_cost(typed: str, known: str) -> int:
    """Weighted edit distance where two swapped neighbours cost 1 ("pateints" is one slip from "patients",
    as "patents" is), not the 2 a deletion and an insertion add up to."""
    from rapidfuzz.distance import OSA, Levenshtein

    swaps = Levenshtein.distance(typed, known) - OSA.distance(typed, known)
    return Levenshtein.distance(typed, known, weights=_WEIGHTS) - swaps
