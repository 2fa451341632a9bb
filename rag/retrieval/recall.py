"""Recall beyond the top chunks: passages holding sentences found by their own vectors, and the
neighbours of strong sentences (the number a question asks for is often in the next sentence, which
overlapping chunks may have put in another chunk)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from rag.index.stores import SentenceHit
from rag.retrieval.base import SearchQuery
from rag.types import Chunk, Passage

SENTENCE_HITS = 10  # sentences searched by their own vectors per question
SENTENCES = "sentences"  # the rank name of passages added for a sentence hit


class ServedChunks(Protocol):
    """The served generation (an `IndexSnapshot`): its sentences, chunks by place, and titles."""

    def sentence_search(self, vector: np.ndarray, k: int) -> list[SentenceHit]: ...

    def find_chunks(
        self, doc_id: str, kind: str | None = None, positions: Sequence[int] | None = None
    ) -> list[Chunk]: ...

    def title(self, doc_id: str) -> str: ...


class SentenceRecall:
    def __init__(self, served: ServedChunks, hits: int = SENTENCE_HITS) -> None:
        self.store = served
        self.hits = hits

    def sentence_hits(self, query: SearchQuery) -> dict[str, int]:
        """The chunks holding the sentences nearest to the question, each with its best sentence's rank,
        in rank order. `HybridRetriever` fetches them with its own passages: one read instead of two."""
        ranks: dict[str, int] = {}
        for rank, hit in enumerate(self.store.sentence_search(query.vector, self.hits), start=1):
            if hit.sentence.chunk_id:
                ranks.setdefault(hit.sentence.chunk_id, rank)
        return ranks

    def neighbours(self, passages: Sequence[Passage], edges: Sequence[tuple[int, int]]) -> list[Passage]:
        """Chunks next to the passages at `edges` ((passage index, -1 or +1): the side a strong sentence
        touches), that are not among `passages` yet."""
        held = {p.chunk.chunk_id for p in passages}
        wanted: dict[str, set[int]] = {}
        for index, side in edges:
            chunk = passages[index].chunk
            wanted.setdefault(chunk.doc_id, set()).add(chunk.position + side)
        found = [c for doc_id, at in wanted.items() for c in self.store.find_chunks(doc_id, positions=sorted(at))]
        return [Passage(c, 0.0, {}, self.store.title(c.doc_id)) for c in found if c.chunk_id not in held]
