"""`Assistant`: the one public entry point. Every adapter (CLI, Streamlit, HTTP, eval) goes through it."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from rag.acronyms import short_forms_in
from rag.answerers import Answerer, Question, create_answerer
from rag.embed import Embedder, SentenceTransformerEmbedder, fingerprint
from rag.errors import IndexMissingError, InputError
from rag.evidence import Query, SentenceScorer
from rag.followup import as_turns, standalone_question
from rag.ingest import chunker_settings, ingest
from rag.lexicon import asks_definition, metadata_hints
from rag.lock import StoreLock
from rag.retrieve import Fusion, HybridRetriever, Retrieval, SparseIndex
from rag.settings import Settings
from rag.store import ChromaStore, open_client
from rag.types import Answer, DocumentInfo, IndexInfo, IngestReport, Passage, Turn

History = Sequence[Turn | Mapping[str, str] | tuple[str, str]]


class Assistant:
    """Answers questions from the indexed corpus, citing a passage for every sentence.

    Construction is cheap; the model, the store and the BM25 index load on `warm_up()` (or the first
    call that needs them). One instance is safe to share between threads.
    """

    def __init__(self, settings: Settings | None = None, embedder: Embedder | None = None) -> None:
        self.settings = settings or Settings()
        self.embedder: Embedder = embedder or SentenceTransformerEmbedder(
            self.settings.embedding_model, self.settings.embedding_batch_size
        )
        self._store: ChromaStore | None = None
        self._lock: StoreLock | None = None
        self._state: _Loaded | None = None
        self._answerer: Answerer | None = None
        self._guard = threading.RLock()

    # Lifecycle ---------------------------------------------------------------------------------

    def warm_up(self) -> Assistant:
        """Load model, index and BM25 now (raises IndexMissingError when nothing is indexed)."""
        self._loaded()
        return self

    def close(self) -> None:
        with self._guard:
            self._state = None
            self._store = None
            if self._lock:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> Assistant:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Questions ---------------------------------------------------------------------------------

    def ask(self, question: str, history: History = (), k: int | None = None) -> Answer:
        """Answer `question` from the corpus; `history` holds earlier turns for follow-ups."""
        *_, answer = self.stream(question, history, k)
        assert isinstance(answer, Answer)
        return answer

    def stream(self, question: str, history: History = (), k: int | None = None) -> Iterator[str | Answer]:
        """Text pieces of the answer as they are produced, then the finished Answer."""
        started = time.perf_counter()
        asked = _clean(question)
        state = self._loaded()
        standalone = standalone_question(asked, as_turns(history))
        retrieval = state.retriever.retrieve(standalone, k or self.settings.top_k)
        clock = time.perf_counter()
        hints = metadata_hints(standalone)
        define = short_forms_in(asked, state.scorer.acronyms) if asks_definition(asked) else ()
        query = Query(f"{asked} {hints}", retrieval.vector, bool(hints), define)
        evidence = state.scorer.score(query, retrieval.passages)
        timings = {**retrieval.timings_ms, "evidence": _ms(clock)}
        clock = time.perf_counter()
        prompt = Question(asked, standalone, state.coverage, state.full_text)
        for piece in self._get_answerer().stream(prompt, evidence):
            if isinstance(piece, Answer):
                timings.update(answer=_ms(clock), total=_ms(started))
                piece = replace(piece, timings_ms=timings, evidence=evidence.strength)
            yield piece

    def search(self, query: str, k: int = 5) -> list[Passage]:
        """The k best passages for `query` (hybrid retrieval), without composing an answer."""
        return self.retrieve(query, k).passages

    def retrieve(self, query: str, k: int = 5) -> Retrieval:
        if not 1 <= k <= 100:
            raise InputError(f"k must be between 1 and 100, got {k}")
        return self._loaded().retriever.retrieve(_clean(query), k)

    # Index -------------------------------------------------------------------------------------

    def ingest(self, corpus_dir: Path | None = None, rebuild: bool = False, progress: bool = False) -> IngestReport:
        """Index the corpus folder; only new or changed text is embedded, stale chunks are removed."""
        corpus = corpus_dir or self.settings.corpus_dir
        if not corpus.is_dir():
            raise InputError(f"corpus folder not found: {corpus} (set RAG_CORPUS_DIR or pass --corpus)")
        with self._guard:
            store = self._open_store()
            report = ingest(self.settings, self.embedder, store, corpus, rebuild, progress)
            self._state = None  # reload BM25 and sentence vectors on next use
            return report

    def info(self) -> IndexInfo:
        state = self._loaded()
        counts: dict[str, int] = {}
        for chunk in state.retriever.chunks.values():
            counts[chunk.doc_id] = counts.get(chunk.doc_id, 0) + 1
        documents = tuple(
            DocumentInfo(
                d["doc_id"],
                d.get("title", ""),
                counts.get(d["doc_id"], 0),
                bool(d.get("full_text")),
                d.get("doi", ""),
                d.get("format", ""),
            )
            for d in state.documents
        )
        store = self._open_store()
        location = (
            f"http://{self.settings.chroma_host}:{self.settings.chroma_port}"
            if self.settings.chroma_host
            else str(self.settings.chroma_dir)
        )
        return IndexInfo(
            documents=documents,
            chunks=len(state.retriever.chunks),
            model=self.embedder.name,
            store={"kind": self.settings.store_kind, "location": location, "collection": store.name},
        )

    # Internals ---------------------------------------------------------------------------------

    def _get_answerer(self) -> Answerer:
        if self._answerer is None:
            self._answerer = create_answerer(self.settings)
        return self._answerer

    def _open_store(self) -> ChromaStore:
        with self._guard:
            if self._store is None:
                if not self.settings.chroma_host and self._lock is None:
                    lock = StoreLock(self.settings.data_dir)
                    lock.acquire()
                    self._lock = lock
                client = open_client(self.settings)
                description = {
                    "model": self.embedder.name,
                    "dimension": self.embedder.dimension,
                    "chunker": chunker_settings(self.settings),
                }
                fp = fingerprint(self.embedder, chunker_settings(self.settings))
                self._store = ChromaStore(client, self.settings.collection, fp, description)
            return self._store

    def _loaded(self) -> _Loaded:
        with self._guard:
            if self._state is None:
                self._state = _Loaded.build(self._open_store(), self.embedder, self.settings)
            return self._state


class _Loaded:
    """Everything a query needs in memory: the retriever (chunks, BM25), the sentence scorer, documents."""

    def __init__(self, retriever: HybridRetriever, scorer: SentenceScorer, documents: list[dict[str, Any]]) -> None:
        self.retriever = retriever
        self.scorer = scorer
        self.documents = documents
        self.full_text = any(d.get("full_text") for d in documents)
        self.coverage = describe_coverage(documents)

    @classmethod
    def build(cls, store: ChromaStore, embedder: Embedder, settings: Settings) -> _Loaded:
        chunks = {c.chunk_id: c for c in store.all_chunks()}
        if not chunks:
            raise IndexMissingError("the index is empty: run `python -m rag ingest` (or `make run`) to build it")
        meta = store.metadata()
        documents = json.loads(meta.get("documents", "[]"))
        acronyms = json.loads(meta.get("acronyms", "{}"))
        ordered = sorted(chunks.values(), key=lambda c: (c.doc_id, c.position))
        sparse = SparseIndex([c.chunk_id for c in ordered], [f"{c.section}. {c.text}" for c in ordered])
        titles = {d["doc_id"]: d.get("title", "") for d in documents}
        fusion = Fusion.from_settings(settings)
        retriever = HybridRetriever(embedder, store, sparse, chunks, acronyms, titles, fusion)
        sentences, vectors = store.all_sentences()
        sentence_vectors = {s.sentence_id: v for s, v in zip(sentences, vectors, strict=True)}
        scorer = SentenceScorer(sentence_vectors, embedder.embed, sparse.idf, sparse.default_idf, acronyms)
        return cls(retriever, scorer, documents)


def describe_coverage(documents: Sequence[Mapping[str, Any]]) -> str:
    """One line on what is indexed, e.g. 'the article page of “Title” (abstract and metadata, not the full text)'."""
    parts = []
    for doc in documents:
        scope = "full text" if doc.get("full_text") else "abstract and metadata only, not the full text"
        parts.append(f"“{doc.get('title') or doc['doc_id']}” ({scope})")
    return "; ".join(parts) or "nothing"


def _clean(question: str) -> str:
    """Control characters become spaces and runs of white space one space; nothing left is an error."""
    if not isinstance(question, str):
        raise InputError("the question must be text")
    cleaned = " ".join("".join(ch if ch.isprintable() else " " for ch in question).split())
    if not cleaned:
        raise InputError("the question is empty")
    return cleaned


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000.0
