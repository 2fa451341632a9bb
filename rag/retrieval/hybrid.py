"""`HybridRetriever`: every configured retriever ranks the chunks, the rankings are fused, a reranker
orders the result. The question is embedded once and rewritten once (see `rag.query`)."""

from __future__ import annotations

import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from rag.index.embed import Embedder
from rag.retrieval.base import Reranker, Retriever, SearchQuery
from rag.retrieval.fusion import Fusion, spread
from rag.retrieval.recall import SENTENCES
from rag.types import Chunk, Passage

WITHIN_FACTOR = 4  # candidates asked of each retriever when only some documents' passages are wanted


class ChunkSource(Protocol):
    """The served chunks (an `IndexSnapshot`): membership, the document of a chunk, chunks by id, titles."""

    def __contains__(self, chunk_id: object) -> bool: ...

    def doc_of(self, chunk_id: str) -> str: ...

    def get_chunks(self, ids: Sequence[str]) -> list[Chunk]: ...

    def title(self, doc_id: str) -> str: ...


class SentenceHits(Protocol):
    """Chunks found by their sentences' own vectors (a `SentenceRecall`): chunk id -> rank, in rank order."""

    def sentence_hits(self, query: SearchQuery) -> Mapping[str, int]: ...


@dataclass
class Retrieval:
    query: SearchQuery
    passages: list[Passage]
    timings_ms: dict[str, float] = field(default_factory=dict)
    by_sentence: list[Passage] = field(default_factory=list)  # chunks of the nearest sentences, by rank

    @property
    def vector(self) -> np.ndarray:
        return self.query.vector


class HybridRetriever:
    """Candidates from each retriever, fused by weighted RRF, reranked, cut to k."""

    def __init__(
        self,
        embedder: Embedder,
        retrievers: Sequence[Retriever],
        fusion: Fusion,
        reranker: Reranker,
        chunks: ChunkSource,
        sentences: SentenceHits | None = None,
    ) -> None:
        self.sentences = sentences
        self.embedder = embedder
        self.retrievers = list(retrievers)
        self.fusion = fusion
        self.reranker = reranker
        self.chunks = chunks

    def retrieve(
        self, text: str, expanded: str, k: int, with_sentences: bool = False, documents: Collection[str] = ()
    ) -> Retrieval:
        """Passages for `text` (embedded as is: expansions would blur it towards the topic); lexical
        retrievers match `expanded`. `with_sentences`: also the chunks of the nearest sentences
        (`Retrieval.by_sentence`), read from the store together with the passages. `documents`: only
        passages of these (each retriever then offers WITHIN_FACTOR times its candidates, to be filtered)."""

        def kept(chunk_id: str) -> bool:  # a chunk the generation does not list is of no document ('')
            return self.chunks.doc_of(chunk_id) in documents if documents else chunk_id in self.chunks

        timings: dict[str, float] = {}
        clock = time.perf_counter()
        query = SearchQuery(text, expanded, self.embedder.embed([text])[0])
        timings["embed"] = _since(clock)

        rankings: dict[str, list[tuple[str, float]]] = {}
        for retriever in self.retrievers:
            clock = time.perf_counter()
            found = retriever.rank(query, self.fusion.candidates * (WITHIN_FACTOR if documents else 1))
            rankings[retriever.name] = [(cid, score) for cid, score in found if kept(cid)]
            timings[retriever.name] = _since(clock)

        hits: Mapping[str, int] = {}
        if with_sentences and self.sentences:
            clock = time.perf_counter()
            hits = {cid: rank for cid, rank in self.sentences.sentence_hits(query).items() if kept(cid)}
            timings["sentences"] = _since(clock)

        clock = time.perf_counter()
        fused = spread(self.fusion.fuse(rankings), self.chunks.doc_of, self.fusion.per_document)
        fused = fused[: max(k, self.reranker.pool)]
        wanted = list(dict.fromkeys([*(cid for cid, _ in fused), *hits]))
        by_id = {c.chunk_id: c for c in self.chunks.get_chunks(wanted)}
        ranks = {name: {cid: n for n, (cid, _) in enumerate(found, start=1)} for name, found in rankings.items()}
        passages = [self._passage(by_id[cid], score, ranks) for cid, score in fused if cid in by_id]
        passages = self.reranker.rerank(query, passages)[:k]
        by_sentence = [
            self._passage(by_id[cid], 0.0, {SENTENCES: {cid: rank}}) for cid, rank in hits.items() if cid in by_id
        ]
        timings["fuse"] = _since(clock)
        return Retrieval(query, passages, timings, by_sentence)

    def _passage(self, chunk: Chunk, score: float, ranks: Mapping[str, Mapping[str, int]]) -> Passage:
        cid = chunk.chunk_id
        found = {name: ranking[cid] for name, ranking in ranks.items() if cid in ranking}
        return Passage(chunk=chunk, score=score, ranks=found, title=self.chunks.title(chunk.doc_id))


def _since(start: float) -> float:
    return (time.perf_counter() - start) * 1000.0
