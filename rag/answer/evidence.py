"""Sentence-level evidence: every sentence of the retrieved passages, scored against the question."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from rag.index.chunk import chunk_sentences
from rag.query.hints import PHRASING
from rag.text.acronyms import defines, expand_query, short_forms_in
from rag.text.tokens import tokenize
from rag.types import Passage

_PHRASING = frozenset(tokenize(" ".join(PHRASING)))
DENSE_WEIGHT = 0.5  # the rest is lexical (IDF-weighted share of query terms in the sentence)
DEFINITION_BONUS = 0.5  # lifts "extracellular vesicles (EVs)" above other sentences that merely use "EVs"
METADATA_DENSE_WEIGHT = 0.25  # citation strings and author lists embed poorly; their words decide


@dataclass(frozen=True)
class ScoredSentence:
    passage: int  # index into Evidence.passages
    start: int
    end: int
    text: str
    dense: float
    lexical: float
    score: float


@dataclass(frozen=True)
class Evidence:
    passages: list[Passage]
    sentences: list[ScoredSentence]  # best first, one entry per distinct sentence text

    @property
    def strength(self) -> float:
        return self.sentences[0].score if self.sentences else 0.0


class SentenceVectors(Protocol):
    """Embeddings of sentences, looked up (or computed) by (doc id, sentence text); one row each."""

    def vectors(self, sentences: Sequence[tuple[str, str]]) -> np.ndarray: ...


@dataclass(frozen=True)
class Query:
    """What the scorer needs to know about one question."""

    text: str  # the question as asked, plus any metadata hints
    vector: np.ndarray  # its embedding (the retrieval's, reused)
    metadata_intent: bool = False  # about the document itself: metadata lines may answer
    define: Sequence[str] = ()  # short forms the question asks the meaning of


@dataclass(frozen=True)
class SentenceScorer:
    """Scores the sentences of retrieved passages against a question; holds what is fixed per index."""

    vectors: SentenceVectors
    idf: Mapping[str, float]
    default_idf: float
    acronyms: Mapping[str, str]

    def score(self, query: Query, passages: Sequence[Passage]) -> Evidence:
        """Score each distinct sentence once (the copy in the best-ranked passage wins).

        Lexical support is the IDF-weighted share of the question's terms found in the sentence, its
        section title, or the other form of an acronym it uses, so "MSC-EVs" in a question matches
        "mesenchymal stem cells" in the text without the expansion diluting the question's own terms.
        Metadata lines (title, citation styles) repeat the topic words of every question, so they only
        count when the question asks about the document itself. When the question asks what a short
        form stands for, the sentences that define it get DEFINITION_BONUS.
        """
        candidates = _candidates(passages, query.metadata_intent)
        if not candidates:
            return Evidence(list(passages), [])
        keys = [(passages[i].chunk.doc_id, t) for i, _, _, t in candidates]
        dense = self.vectors.vectors(keys) @ query.vector
        terms = _weighted_terms(query.text, self.idf, self.default_idf, known_only=query.metadata_intent)
        scored = []
        for (i, start, end, text), similarity in zip(candidates, dense, strict=True):
            chunk = passages[i].chunk
            lexical = _lexical(terms, _context(chunk.section, text, self.acronyms))
            weight = METADATA_DENSE_WEIGHT if chunk.kind == "metadata" else DENSE_WEIGHT
            score = weight * float(similarity) + (1 - weight) * lexical
            if any(defines(text, short) for short in query.define):
                score += DEFINITION_BONUS
            scored.append(ScoredSentence(i, start, end, text, float(similarity), lexical, score))
        scored.sort(key=lambda s: (-s.score, s.passage, s.start))
        return Evidence(list(passages), scored)


def _candidates(passages: Sequence[Passage], metadata_intent: bool) -> list[tuple[int, int, int, str]]:
    """(passage index, start, end, text) of each distinct sentence, in passage rank order."""
    candidates: list[tuple[int, int, int, str]] = []
    seen: set[str] = set()
    for index, passage in enumerate(passages):
        if passage.chunk.kind == "metadata" and not metadata_intent:
            continue
        for start, end in chunk_sentences(passage.chunk):
            text = passage.chunk.text[start:end]
            if text not in seen:
                seen.add(text)
                candidates.append((index, start, end, text))
    return candidates


def _context(section: str, sentence: str, acronyms: Mapping[str, str]) -> str:
    """What a sentence offers to match: its words, its section title, and both forms of its acronyms
    (the singular short form too: the stemmer leaves a vowel-less "MSCs" as it is)."""
    return f"{section} {expand_query(sentence, acronyms)} {' '.join(short_forms_in(sentence, acronyms))}"


def _weighted_terms(text: str, idf: Mapping[str, float], default_idf: float, known_only: bool) -> dict[str, float]:
    """IDF per question term. Words the corpus never uses count fully (they signal a question the text
    does not cover), except in questions about the document itself, whose verbs ("wrote", "cite") are
    phrasing that the metadata hints already translated."""
    terms = set(tokenize(text)) - _PHRASING
    if known_only:
        return {t: idf[t] for t in terms if t in idf}
    return {t: idf.get(t, default_idf) for t in terms}


def _lexical(query_terms: Mapping[str, float], sentence: str) -> float:
    total = sum(query_terms.values())
    if not total:
        return 0.0
    present = set(tokenize(sentence))
    return sum(w for t, w in query_terms.items() if t in present) / total
