"""BM25 alone, dense alone and the project's hybrid (both fused), in process over (ids, texts).

Built from `rag.retrieval.hybrid`'s pieces with the assistant's `Fusion` (candidates, rrf_k, dense weight), so a
benchmark scores the same retrieval the assistant runs, without Chroma.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from eval.cache import cached_embeddings
from rag.index.bm25 import Bm25Index
from rag.index.embed import Embedder
from rag.retrieval import Fusion
from rag.retrieval.dense import MatrixDense

SYSTEMS = ("assistant", "bm25", "dense")


@dataclass
class Retrievers:
    sparse: Bm25Index
    dense: MatrixDense
    fusion: Fusion

    def rankings(self, query: str, vector: np.ndarray, depth: int) -> dict[str, list[str]]:
        """Ranked ids per system. The hybrid fuses the top `candidates` of each side, exactly as the
        assistant does, so its list holds at most 2 x candidates ids (recall@100 is bounded by that)."""
        sparse = self.sparse.search(query, max(depth, self.fusion.candidates))
        dense = self.dense.dense_search(vector, max(depth, self.fusion.candidates))
        fused = [doc for doc, _ in self.fusion.fuse({"dense": dense, "bm25": sparse})]
        return {"assistant": fused[:depth], "bm25": _ids(sparse)[:depth], "dense": _ids(dense)[:depth]}

    def scored(self, query: str, vector: np.ndarray, depth: int) -> dict[str, list[tuple[str, float]]]:
        """Each retriever's (id, score) list, for tuning a fusion on them."""
        return {"bm25": self.sparse.search(query, depth), "dense": self.dense.dense_search(vector, depth)}


def _ids(ranking: Sequence[tuple[str, float]]) -> list[str]:
    return [item for item, _ in ranking]


def build_retrievers(
    embedder: Embedder,
    ids: Sequence[str],
    texts: Sequence[str],
    cache_dir: Path,
    label: str,
    fusion: Fusion,
    progress: bool = True,
    sparse_texts: Sequence[str] | None = None,
) -> Retrievers:
    """`sparse_texts` (default `texts`) is what BM25 indexes, e.g. the section title plus the text."""
    vectors = cached_embeddings(embedder, texts, cache_dir, label, progress)
    sparse = Bm25Index(ids, sparse_texts if sparse_texts is not None else texts)
    return Retrievers(sparse, MatrixDense(ids, vectors), fusion)
