"""`Assistant`: the one public entry point. Every adapter (CLI, Streamlit, HTTP, eval) goes through it.

A facade: it owns the lifecycle (the store and its lock, the in-memory pipeline, reloading after an
ingest) and delegates the work to `rag.pipeline` (questions) and `rag.index.ingest` (indexing).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from rag.answer.answerers import Answerer
from rag.errors import InputError
from rag.index.embed import Embedder, build_embedder
from rag.index.identity import IndexIdentity
from rag.index.ingest import ingest
from rag.index.stores import VectorStore, open_store
from rag.pipeline import Pipeline, build_answerer
from rag.query import check_k, clean_question
from rag.query.followup import as_turns
from rag.retrieval import Retrieval
from rag.settings import Settings, load_settings
from rag.types import Answer, IndexInfo, IngestReport, Passage, Turn

History = Sequence[Turn | Mapping[str, str] | tuple[str, str]]


class Assistant:
    """Answers questions from the indexed corpus, citing a passage for every sentence.

    Construction is cheap; the model, the store and the BM25 index load on `warm_up()` (or the first
    call that needs them). One instance is safe to share between threads.
    """

    def __init__(self, settings: Settings | None = None, embedder: Embedder | None = None) -> None:
        self.settings = settings or load_settings()
        self.embedder: Embedder = embedder or build_embedder(self.settings)
        self._store: VectorStore | None = None
        self._pipeline: Pipeline | None = None
        self._answerers: dict[str, Answerer] = {}
        self._guard = threading.RLock()

    # Lifecycle ---------------------------------------------------------------------------------

    def warm_up(self) -> Assistant:
        """Load model, index and BM25 now (raises IndexMissingError when nothing is indexed)."""
        self._loaded()
        return self

    def close(self) -> None:
        with self._guard:
            self._pipeline = None
            if self._store:
                self._store.close()
                self._store = None

    def __enter__(self) -> Assistant:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Questions ---------------------------------------------------------------------------------

    def ask(self, question: str, history: History = (), k: int | None = None, answerer: str | None = None) -> Answer:
        """Answer `question` from the corpus; `history` holds earlier turns for follow-ups; `answerer` names a
        registered answerer to use instead of RAG_ANSWERER (e.g. "extractive" beside a configured model)."""
        *_, answer = self.stream(question, history, k, answerer)
        assert isinstance(answer, Answer)
        return answer

    def stream(
        self, question: str, history: History = (), k: int | None = None, answerer: str | None = None
    ) -> Iterator[str | Answer]:
        """Text pieces of the answer as they are produced, then the finished Answer."""
        asked = clean_question(question, self.settings.max_question_chars)
        top_k = check_k(self.settings.top_k if k is None else k)
        pipeline = self._loaded()
        chosen = self._get_answerer(answerer or self.settings.answerer)
        prepared = pipeline.prepare(asked, as_turns(history), chosen)
        yield from pipeline.stream(prepared, top_k, chosen, asked)

    def search(self, query: str, k: int = 5) -> list[Passage]:
        """The k best passages for `query` (hybrid retrieval), without composing an answer."""
        return self.retrieve(query, k).passages

    def retrieve(self, query: str, k: int = 5) -> Retrieval:
        check_k(k)
        cleaned = clean_question(query, self.settings.max_question_chars, "query")
        pipeline = self._loaded()
        return pipeline.retrieve(pipeline.prepare(cleaned), k)

    # Index -------------------------------------------------------------------------------------

    def ingest(self, corpus_dir: Path | None = None, rebuild: bool = False, progress: bool = False) -> IngestReport:
        """Index the corpus folder; only new or changed text is embedded, stale chunks are removed."""
        corpus = corpus_dir or self.settings.corpus_dir
        if not corpus.is_dir():
            raise InputError(f"corpus folder not found: {corpus} (set RAG_CORPUS_DIR or pass --corpus)")
        with self._guard:
            report = ingest(self.settings, self.embedder, self._open_store(), corpus, rebuild, progress)
            self._pipeline = None  # reload BM25 and sentence vectors on next use
            return report

    def info(self, limit: int | None = None) -> IndexInfo:
        """What is indexed; `limit` bounds the documents listed (their count is always given)."""
        snapshot = self._loaded().snapshot
        total = snapshot.manifest.document_count
        shown = total if limit is None else min(limit, total)
        documents = tuple(
            d for start in range(0, shown, 1000) for d in snapshot.documents(start, min(1000, shown - start))
        )
        location = (
            f"http://{self.settings.chroma_host}:{self.settings.chroma_port}"
            if self.settings.chroma_host
            else str(self.settings.chroma_dir)
        )
        return IndexInfo(
            documents=documents,
            chunks=snapshot.manifest.chunk_count,
            model=self.embedder.name,
            store={"kind": self.settings.store_kind, "location": location, "collection": self._open_store().name},
            document_count=total,
        )

    # Internals ---------------------------------------------------------------------------------

    def _get_answerer(self, name: str) -> Answerer:
        with self._guard:
            if name not in self._answerers:
                settings = self.settings.model_copy(update={"answerer": name})
                self._answerers[name] = build_answerer(settings, self.embedder.embed)
            return self._answerers[name]

    def _open_store(self) -> VectorStore:
        with self._guard:
            if self._store is None:
                self._store = open_store(self.settings, IndexIdentity.of(self.settings, self.embedder))
            return self._store

    def _loaded(self) -> Pipeline:
        """The pipeline over the served generation: checked on every call (one small read), reopened when
        another ingest has committed since."""
        with self._guard:
            store = self._open_store()
            if self._pipeline is not None:
                state = store.state()
                current = self._pipeline.snapshot
                if state is not None and (state.set_id, state.generation) == (current.state.set_id, current.generation):
                    current.state = state  # an ingest may have started writing: search asks for more
                    return self._pipeline
            self._pipeline = Pipeline.build(self.settings, self.embedder, store)
            return self._pipeline
