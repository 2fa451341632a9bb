"""Checking generated sentences against the passage sentences they cite (or that best support them).

A generated sentence is accepted only when some passage sentence (or two of them) carries its content:

- every number it states (digits or number words) appears in the support;
- every named entity (short forms such as "MSC-EVs", "PD-L1", capitalised names mid-sentence) appears
  there, in either form of a corpus acronym;
- its support score reaches the threshold: half the cosine similarity of the two sentences' embeddings,
  half the share of its content words that the support contains (stemmed, acronyms in either form).

The threshold (`RAG_LLM_MIN_SUPPORT`) is fitted by `bench/calibrate_support.py` on sentences written from
the gold set's evidence and corrupted copies of them (a changed number or entity, an unrelated claim).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from rag.answer.evidence import Evidence, ScoredSentence
from rag.query.hints import PHRASING
from rag.text.acronyms import expand_query, extract_acronyms, short_forms_in
from rag.text.tokens import tokenize

Embed = Callable[[Sequence[str]], np.ndarray]

SIMILARITY_WEIGHT = 0.5  # the rest is content-word coverage
MAX_NOVEL = 0  # content words allowed outside the support and the question (fitted with the threshold)

_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")
_NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
}
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r"|hundred|thousand|million|dozen|half)\b", re.I)
_WORD = re.compile(r"[A-Za-z][\w-]*")
_NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|cannot|without|none|fails?|lacks?)\b|n't\b", re.I)
# Words that frame or hedge a sentence without carrying a claim ("The review highlights that mainly ...").
_FRAMING = frozenset(
    tokenize(
        " ".join(PHRASING) + " review passage text study authors state states highlight highlights discuss discusses "
        "note notes focus focuses overview emphasis emphasise emphasize important crucial key main mainly primarily "
        "significant significantly various several specifically particularly including such example overall however "
        "therefore thus additionally furthermore moreover both each well known called namely respectively"
    )
)


@dataclass(frozen=True)
class Support:
    """How well the passage sentences in `sources` carry one generated sentence."""

    score: float  # SIMILARITY_WEIGHT * similarity + the rest * coverage; 0 when a number or entity is missing
    similarity: float
    coverage: float
    sources: tuple[ScoredSentence, ...]  # the supporting passage sentences (one or two)
    missing: tuple[str, ...] = ()  # numbers, entities and negations the sources lack
    novel: int = 0  # content words found neither in the sources nor in the question

    def passes(self, threshold: float, max_novel: int = MAX_NOVEL) -> bool:
        return bool(self.sources) and not self.missing and self.novel <= max_novel and self.score >= threshold


NO_SUPPORT = Support(0.0, 0.0, 0.0, ())


@dataclass(frozen=True)
class Checked:
    """A generated sentence after the check: its support, and whether its citation had to change."""

    text: str
    support: Support
    supported: bool
    corrected: bool  # supported, but not by the passages it cited

    @property
    def verdict(self) -> str:
        if not self.supported:
            return "unsupported"
        return "corrected" if self.corrected else "supported"


class SupportChecker:
    """Checks generated sentences against one answer's evidence; built once per answer."""

    def __init__(self, evidence: Evidence, embed: Embed, threshold: float, question: str = "") -> None:
        self.evidence = evidence
        self.question_terms = set(tokenize(question))
        self.threshold = threshold
        self.embed = embed
        self.candidates = list(evidence.sentences)
        acronyms = extract_acronyms(p.chunk.text for p in evidence.passages)
        self._terms = [_context_terms(s.text, acronyms) for s in self.candidates]
        self._lower = [_context_text(s.text, acronyms) for s in self.candidates]
        self._vectors = _normalise(embed([s.text for s in self.candidates])) if self.candidates else None

    def check(self, sentences: Sequence[tuple[str, Sequence[int]]]) -> list[Checked]:
        """Each (text, cited passage numbers, 1-based) checked; the numbers may be wrong or absent."""
        if not sentences:
            return []
        vectors = _normalise(self.embed([text for text, _ in sentences]))
        return [self._check(text, cited, vector) for (text, cited), vector in zip(sentences, vectors, strict=True)]

    def _check(self, text: str, cited: Sequence[int], vector: np.ndarray) -> Checked:
        allowed = {n - 1 for n in cited if 0 < n <= len(self.evidence.passages)}
        if allowed:  # a citation that holds is kept, even when another passage would score higher
            own = self.support(text, vector, allowed)
            if own.passes(self.threshold):
                return Checked(text, own, True, False)
        best = self.support(text, vector)
        supported = best.passes(self.threshold)
        return Checked(text, best, supported, supported and bool(allowed))

    def support(self, text: str, vector: np.ndarray, passages: set[int] | None = None) -> Support:
        """The best support for `text` among the candidate sentences (of `passages` only, when given)."""
        terms = set(tokenize(text)) - _FRAMING
        pool = [i for i, s in enumerate(self.candidates) if passages is None or s.passage in passages]
        if not terms or not pool or self._vectors is None:
            return NO_SUPPORT
        similarities = self._vectors[pool] @ vector
        coverages = [len(terms & self._terms[i]) / len(terms) for i in pool]
        # A sentence that lacks none of the numbers and names ranks above any that lacks one.
        ranks = [
            (not _missing(text, self._lower[i]), _combine(float(sim), cov))
            for i, sim, cov in zip(pool, similarities, coverages, strict=True)
        ]
        first = max(range(len(pool)), key=lambda j: ranks[j])
        chosen = [pool[first]]
        similarity, coverage = float(similarities[first]), coverages[first]
        second = self._second(terms, pool, chosen[0], coverage)
        if second is not None:
            chosen.append(second)
            pair = _normalise(self._vectors[chosen].sum(axis=0, keepdims=True))[0]
            similarity = max(similarity, float(pair @ vector))
            coverage = len(terms & (self._terms[chosen[0]] | self._terms[second])) / len(terms)
        sources = tuple(self.candidates[i] for i in chosen)
        missing = _missing(text, " ".join(self._lower[i] for i in chosen))
        score = 0.0 if missing else _combine(similarity, coverage)
        found = set().union(*(self._terms[i] for i in chosen))
        novel = len(terms - found - self.question_terms)
        return Support(round(score, 4), round(similarity, 4), round(coverage, 4), sources, missing, novel)

    def _second(self, terms: set[str], pool: list[int], first: int, coverage: float) -> int | None:
        """The sentence before or after the best one (same passage) that adds the most of the missing content
        words, if any. Only a neighbour: joining two distant sentences would let facts be recombined."""
        if coverage >= 1.0:
            return None
        gains = {
            i: len(terms & (self._terms[first] | self._terms[i])) / len(terms) - coverage
            for i in pool
            if self._adjacent(first, i)
        }
        best = max(gains, key=lambda i: gains[i], default=None)
        return best if best is not None and gains[best] > 0 else None

    def _adjacent(self, a: int, b: int) -> bool:
        x, y = self.candidates[a], self.candidates[b]
        if x.passage != y.passage or a == b:
            return False
        earlier, later = (x, y) if x.start < y.start else (y, x)
        text = self.evidence.passages[x.passage].chunk.text
        return earlier.end <= later.start and not text[earlier.end : later.start].strip()


def numbers_in(text: str) -> set[str]:
    """Numbers a sentence states, as digits ("two" -> "2"); thousands separators dropped."""
    found = {n.replace(",", "") for n in _NUMBER.findall(text)}
    for word in _NUMBER_WORD.findall(text):
        if word.lower() != "one":  # "one of the ...", "the second one": rarely a count
            found.add(_NUMBER_WORDS.get(word.lower(), word.lower()))
    return found


def entities_in(text: str) -> list[str]:
    """Named things: words with a capital after the first letter or mixing letters and digits ("MSC-EVs",
    "miR-21", "PD-L1"), and capitalised words that do not open the sentence or a clause."""
    found = []
    for match in _WORD.finditer(text):
        word = match.group().strip("-")
        before = text[: match.start()].rstrip()
        opens = not before or before[-1] in ".:;!?(\"'"
        inner_capital = any(c.isupper() for c in word[1:])
        mixed = any(c.isdigit() for c in word) and any(c.isalpha() for c in word)
        if inner_capital or mixed or (word[0].isupper() and not opens):
            found.append(word)
    return found


def _missing(text: str, support: str) -> tuple[str, ...]:
    """The numbers and entities of `text` that `support` (lower case, acronyms in both forms) lacks."""
    have = numbers_in(support)
    missing = sorted(n for n in numbers_in(text) if n not in have)
    if _NEGATION.search(text) and not _NEGATION.search(support):
        missing.append("negation")
    words = set(tokenize(support))
    for entity in entities_in(text):
        parts = [p for p in tokenize(entity.replace("-", " ")) if p]
        if parts and not all(p in words for p in parts):
            missing.append(entity)
    return tuple(missing)


def _context_text(sentence: str, acronyms: Mapping[str, str]) -> str:
    """A sentence with both forms of its acronyms, in lower case (number words kept)."""
    expanded = expand_query(sentence, acronyms)
    return f"{expanded} {' '.join(short_forms_in(sentence, acronyms))}".lower()


def _context_terms(sentence: str, acronyms: Mapping[str, str]) -> set[str]:
    return set(tokenize(_context_text(sentence, acronyms)))


def _combine(similarity: float, coverage: float) -> float:
    return SIMILARITY_WEIGHT * max(similarity, 0.0) + (1 - SIMILARITY_WEIGHT) * coverage


def _normalise(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)
