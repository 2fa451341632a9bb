"""Dense retrieval: nearest chunk vectors to the question's embedding (the store, or a matrix in memory)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from rag.index.snapshot import IndexSnapshot
from rag.index.stores import VectorStore
from rag.retrieval.base import RETRIEVERS, SearchQuery


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


class DenseRetriever:
    name = "dense"

    def __init__(self, search: DenseSearch) -> None:
        self.search = search

    def rank(self, query: SearchQuery, k: int) -> list[tuple[str, float]]:
        return self.search.dense_search(query.vector, k)


@RETRIEVERS.register("dense")
def _dense(snapshot: IndexSnapshot, store: VectorStore) -> DenseRetriever:
    return DenseRetriever(snapshot)  # the store's nearest chunks, limited to the served generation
