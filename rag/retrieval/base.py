"""The two small protocols of the retrieval stage and their registries."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np

from rag.registry import Registry
from rag.settings import Settings
from rag.types import Passage

if TYPE_CHECKING:
    from rag.index.snapshot import IndexSnapshot
    from rag.index.stores import VectorStore


@dataclass(frozen=True)
class SearchQuery:
    """One question as the retrievers see it, prepared once."""

    text: str  # the standalone question: what dense retrieval embeds
    expanded: str  # acronyms expanded both ways plus metadata hints: what lexical retrieval matches
    vector: np.ndarray  # the embedding of `text`


class Retriever(Protocol):
    """Ranks chunk ids for a query: [(chunk id, score)], best first."""

    name: str

    def rank(self, query: SearchQuery, k: int) -> list[tuple[str, float]]: ...


class Reranker(Protocol):
    """Reorders fused passages. `pool` is how many fused candidates it wants to see (0: just the k asked)."""

    name: str
    pool: int

    def rerank(self, query: SearchQuery, passages: Sequence[Passage]) -> list[Passage]: ...


RetrieverFactory = Callable[["IndexSnapshot", "VectorStore"], Retriever]
RerankerFactory = Callable[[Settings], Reranker]

RETRIEVERS: Registry[RetrieverFactory] = Registry(
    "retriever", "RAG_RETRIEVERS", ["rag.retrieval.sparse", "rag.retrieval.dense"]
)
RERANKERS: Registry[RerankerFactory] = Registry("reranker", "RAG_RERANKER", ["rag.retrieval.rerank"])
