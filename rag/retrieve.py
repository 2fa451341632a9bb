"""Hybrid retrieval: dense (Chroma or an in-memory matrix) + BM25 (bm25s), fused by reciprocal rank."""

from __future__ import annotations

import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from rag.acronyms import expand_query
from rag.embed import Embedder
from rag.lexicon import metadata_hints
from rag.settings import Settings
from rag.types import Chunk, Passage

_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_STOPWORDS = frozenset(
    "a an and are as at be by for from has have how in is it its of on or that the this to was were what which who "
    "why with does do did can could would should will about into than then there these those their they them we our "
    "you your me my i am been being also such not no yes all any some more most other".split()
)


class DenseSearch(Protocol):
    """Nearest chunks to a query vector: [(chunk id, cosine similarity)], best first."""

    def dense_search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]: ...


class MatrixDense:
    """Dense search over an in-memory matrix of normalised vectors (benchmarks, tests)."""

    def __init__(self, ids: Sequence[str], vectors: np.ndarray) -> None:
        self.ids = list(ids)
        self.vectors = vectors

    def dense_search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        if not self.ids:
            return []
        scores = self.vectors @ vector
        k = min(k, len(self.ids))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self.ids[i], float(scores[i])) for i in top]


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens, stop words dropped, English stemming (hyphenated terms also split)."""
    words: list[str] = []
    for token in _TOKEN.findall(text.lower()):
        words.append(token)
        if "-" in token:
            words.extend(token.split("-"))
    return [_stem(w) for w in words if w not in _STOPWORDS]


def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


_STEMMER = None


def _stemmer() -> Any:  # PyStemmer has no type hints
    global _STEMMER
    if _STEMMER is None:
        import Stemmer

        _STEMMER = Stemmer.Stemmer("english")
    return _STEMMER


class SparseIndex:
    """BM25 over token lists (bm25s)."""

    def __init__(self, ids: Sequence[str], texts: Sequence[str]) -> None:
        import bm25s

        self.ids = list(ids)
        self.document_tokens = [tokenize(t) for t in texts]
        self._bm25 = bm25s.BM25()
        self._vocab: set[str] = set()
        if self.ids:
            self._bm25.index(self.document_tokens, show_progress=False)
            self._vocab = set(self._bm25.vocab_dict)
        df: dict[str, int] = {}
        for tokens in self.document_tokens:
            for token in set(tokens):
                df[token] = df.get(token, 0) + 1
        n = max(len(self.ids), 1)
        self.idf = {t: float(np.log(1 + (n - d + 0.5) / (d + 0.5))) for t, d in df.items()}
        self.default_idf = float(np.log(1 + (n + 0.5) / 0.5))

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        tokens = [t for t in tokenize(query) if t in self._vocab]
        if not tokens or not self.ids:
            return []
        k = min(k, len(self.ids))
        docs, scores = self._bm25.retrieve([tokens], k=k, show_progress=False, n_threads=1)
        return [(self.ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]


def rrf_fuse(
    rankings: Sequence[Sequence[str]], k: int = 60, weights: Sequence[float] | None = None
) -> list[tuple[str, float]]:
    """Reciprocal rank fusion: score(d) = sum over rankings of weight / (k + rank(d))."""
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights or [1.0] * len(rankings), strict=True):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))


@dataclass(frozen=True)
class Fusion:
    """How the two retrievers' candidates are combined; shared by the assistant and the eval harness."""

    candidates: int = 30
    rrf_k: int = 60
    dense_weight: float = 0.3

    @classmethod
    def from_settings(cls, settings: Settings) -> Fusion:
        return cls(settings.candidates, settings.rrf_k, settings.dense_weight)

    def fuse(self, dense: Sequence[str], sparse: Sequence[str]) -> list[tuple[str, float]]:
        pool = self.candidates
        return rrf_fuse([dense[:pool], sparse[:pool]], self.rrf_k, [self.dense_weight, 1.0])


def rewrite_query(query: str, acronyms: Mapping[str, str]) -> str:
    """The query as BM25 searches it: acronyms expanded both ways, plus document-metadata hints."""
    expanded = expand_query(query, acronyms)
    hints = metadata_hints(query)
    return f"{expanded} {hints}" if hints else expanded


@dataclass
class Retrieval:
    query: str
    searched: str
    vector: np.ndarray
    passages: list[Passage]
    timings_ms: dict[str, float] = field(default_factory=dict)


class HybridRetriever:
    """Dense + BM25 candidates, fused by RRF; the query is rewritten once and embedded once."""

    def __init__(
        self,
        embedder: Embedder,
        dense: DenseSearch,
        sparse: SparseIndex,
        chunks: Mapping[str, Chunk],
        acronyms: Mapping[str, str],
        titles: Mapping[str, str],
        fusion: Fusion,
    ) -> None:
        self.embedder = embedder
        self.dense = dense
        self.sparse = sparse
        self.chunks = chunks
        self.acronyms = acronyms
        self.titles = titles
        self.fusion = fusion

    def retrieve(self, query: str, k: int) -> Retrieval:
        timings: dict[str, float] = {}
        clock = time.perf_counter()
        searched = rewrite_query(query, self.acronyms)
        vector = self.embedder.embed([query])[0]  # the plain question: expansions would blur it towards the topic
        timings["embed"] = _since(clock)

        clock = time.perf_counter()
        dense = [cid for cid, _ in self.dense.dense_search(vector, self.fusion.candidates) if cid in self.chunks]
        timings["dense"] = _since(clock)

        clock = time.perf_counter()
        sparse = [cid for cid, _ in self.sparse.search(searched, self.fusion.candidates)]
        timings["sparse"] = _since(clock)

        clock = time.perf_counter()
        fused = self.fusion.fuse(dense, sparse)[:k]
        passages = [self._passage(cid, score, dense, sparse) for cid, score in fused]
        timings["fuse"] = _since(clock)
        return Retrieval(query, searched, vector, passages, timings)

    def _passage(self, chunk_id: str, score: float, dense: list[str], sparse: list[str]) -> Passage:
        chunk = self.chunks[chunk_id]
        return Passage(
            chunk=chunk,
            score=score,
            dense_rank=dense.index(chunk_id) + 1 if chunk_id in dense else 0,
            sparse_rank=sparse.index(chunk_id) + 1 if chunk_id in sparse else 0,
            title=self.titles.get(chunk.doc_id, ""),
        )


def _since(start: float) -> float:
    return (time.perf_counter() - start) * 1000.0
