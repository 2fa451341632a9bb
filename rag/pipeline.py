"""The composition root: the pipeline's parts built from settings, and one question run through them.

    question -> query (prepare) -> retrieval (retrievers, fusion, reranker) -> evidence -> answerer -> Answer

`Assistant` owns the lifecycle (store, lock, reloading after ingest); this module decides what runs.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from rag.answer.answerers import ANSWERERS, Answerer, Question
from rag.answer.evidence import Query, SentenceScorer
from rag.errors import ConfigError
from rag.index.embed import Embedder
from rag.index.snapshot import IndexSnapshot, StoreSentenceVectors
from rag.index.stores import VectorStore
from rag.query import PreparedQuestion, prepare
from rag.retrieval import RERANKERS, RETRIEVERS, Fusion, HybridRetriever, Retrieval
from rag.settings import Settings
from rag.types import Answer, Turn


def build_answerer(settings: Settings) -> Answerer:
    return ANSWERERS.get(settings.answerer)(settings)


@dataclass(frozen=True)
class Pipeline:
    """Everything a question needs, over one snapshot of the index."""

    snapshot: IndexSnapshot
    retriever: HybridRetriever
    scorer: SentenceScorer
    coverage: str

    @classmethod
    def build(cls, settings: Settings, embedder: Embedder, store: VectorStore) -> Pipeline:
        snapshot = IndexSnapshot.read(store, settings)
        names = settings.retriever_names
        if not names:
            raise ConfigError("RAG_RETRIEVERS is empty; set it to bm25,dense (or one of them)")
        retriever = HybridRetriever(
            embedder,
            [RETRIEVERS.get(name)(snapshot, store) for name in names],
            Fusion.from_settings(settings),
            RERANKERS.get(settings.reranker)(settings),
            snapshot,
        )
        bm25 = snapshot.bm25
        vectors = StoreSentenceVectors(store, embedder.embed)
        scorer = SentenceScorer(vectors, bm25.idf, bm25.default_idf, snapshot.acronyms)
        return cls(snapshot, retriever, scorer, snapshot.coverage())

    def prepare(self, asked: str, history: Sequence[Turn] = ()) -> PreparedQuestion:
        return prepare(asked, history, self.snapshot.acronyms)

    def retrieve(self, question: PreparedQuestion, k: int) -> Retrieval:
        return self.retriever.retrieve(question.standalone, question.expanded, k)

    def stream(self, question: PreparedQuestion, k: int, answerer: Answerer) -> Iterator[str | Answer]:
        """Text pieces of the answer as they are produced, then the finished Answer (with timings)."""
        started = time.perf_counter()
        retrieval = self.retrieve(question, k)
        clock = time.perf_counter()
        query = Query(question.scored, retrieval.vector, bool(question.hints), question.define)
        evidence = self.scorer.score(query, retrieval.passages)
        timings = {**retrieval.timings_ms, "evidence": _ms(clock)}
        clock = time.perf_counter()
        prompt = Question(question.asked, question.standalone, self.coverage, self.snapshot.full_text)
        for piece in answerer.stream(prompt, evidence):
            if isinstance(piece, Answer):
                timings.update(answer=_ms(clock), total=_ms(started))
                piece = replace(piece, timings_ms=timings, evidence=evidence.strength)
            yield piece


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000.0
