"""Chroma, embedded (PersistentClient under the data dir, locked to one process) or a server (HttpClient).

Two collections per index: chunks (what is retrieved and cited) and sentences (what the extractive
answerer scores). Both carry the index fingerprint in their name, so vectors of two models never mix.
Collection handles stay in here: callers address a collection by its kind, "chunks" or "sentences".
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Any

import numpy as np

from rag.errors import IndexMismatchError, IndexMissingError, StoreUnavailableError
from rag.index.identity import IndexIdentity
from rag.index.stores.base import STORES, Kind, SentenceHit, StoredSentence
from rag.index.stores.lock import StoreLock
from rag.settings import Settings
from rag.types import Chunk, Reference

_PAGE_SIZE = 2000


class ChromaStore:
    """The index: chunk and sentence vectors for one identity, plus index-level metadata."""

    def __init__(self, client: Any, prefix: str, identity: IndexIdentity, lock: StoreLock | None = None) -> None:
        self.client = client
        self.prefix = prefix
        self.description = identity.describe()
        self.name = f"{prefix}-{identity.fingerprint}"
        self._lock = lock

    def close(self) -> None:
        if self._lock:
            self._lock.release()
            self._lock = None

    # Opening -------------------------------------------------------------------------------

    def _handle(self, kind: Kind, create: bool = False) -> Any:
        return self._collection(self.name if kind == "chunks" else f"{self.name}-sentences", create)

    def _collection(self, name: str, create: bool) -> Any:
        try:
            if create:
                return self.client.get_or_create_collection(
                    name, metadata={"hnsw:space": "cosine", **self.description}, embedding_function=None
                )
            return self.client.get_collection(name, embedding_function=None)
        except Exception as exc:  # chromadb raises its own types, and httpx's in server mode
            if create or not _is_not_found(exc):
                raise StoreUnavailableError(f"Chroma error on collection {name!r}: {exc}") from exc
            raise self._missing_error() from exc

    def _missing_error(self) -> Exception:
        others = [
            n for n in self.collection_names() if n.startswith(f"{self.prefix}-") and not n.endswith("-sentences")
        ]
        if others:
            built = self._describe(others[0])
            return IndexMismatchError(
                f"the index was built with {built}, not {self._summary(self.description)}; "
                "run `python -m rag ingest` to rebuild it for the current settings"
            )
        return IndexMissingError("no index yet: run `python -m rag ingest` (or `make run`) to build it")

    def collection_names(self) -> list[str]:
        return [getattr(c, "name", c) for c in self.client.list_collections()]

    def _describe(self, name: str) -> str:
        try:
            return self._summary(self.client.get_collection(name, embedding_function=None).metadata or {})
        except Exception:  # describing is best effort; the error message still says what to do
            return "other settings"

    @staticmethod
    def _summary(meta: dict[str, Any]) -> str:
        return f"model {meta.get('model', '?')} ({meta.get('dimension', '?')} dims, chunker {meta.get('chunker', '?')})"

    def prepare(self) -> None:
        """Create both collections if missing (ingest does this before reading what is there)."""
        self._handle("chunks", create=True)
        self._handle("sentences", create=True)

    def drop_stale_indexes(self) -> list[str]:
        """Delete collections of this prefix built with other settings (a rebuild replaces them)."""
        dropped = []
        for name in self.collection_names():
            if name.startswith(f"{self.prefix}-") and not name.startswith(self.name):
                self.client.delete_collection(name)
                dropped.append(name)
        return dropped

    def reset(self) -> None:
        for name in (self.name, f"{self.name}-sentences"):
            if name in self.collection_names():
                self.client.delete_collection(name)

    # Reading -------------------------------------------------------------------------------

    def all_chunks(self) -> list[Chunk]:
        records = _get_all(self._handle("chunks"), ["documents", "metadatas"])
        return [_chunk(cid, text, meta) for cid, text, meta, _ in records]

    def all_sentences(self) -> tuple[list[StoredSentence], np.ndarray]:
        records = _get_all(self._handle("sentences"), ["documents", "metadatas", "embeddings"])
        sentences = [_sentence(sid, text, meta) for sid, text, meta, _ in records]
        vectors = np.asarray([vec for *_, vec in records], dtype=np.float32)
        return sentences, vectors

    def ids(self, kind: Kind, doc_id: str | None = None) -> set[str]:
        """Ids in the `kind` collection, all or those of one document."""
        collection = self._handle(kind)
        where = {"doc_id": doc_id} if doc_id else None
        ids: set[str] = set()
        offset = 0
        while True:
            page = collection.get(where=where, include=[], limit=_PAGE_SIZE, offset=offset)
            ids.update(page["ids"])
            if len(page["ids"]) < _PAGE_SIZE:
                return ids
            offset += _PAGE_SIZE

    def dense_search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the k nearest chunks."""
        collection = self._handle("chunks")
        k = min(k, collection.count())
        if k == 0:
            return []
        result = collection.query(query_embeddings=[vector.tolist()], n_results=k, include=["distances"])
        return [(cid, 1.0 - float(d)) for cid, d in zip(result["ids"][0], result["distances"][0], strict=True)]

    def sentence_search(self, vector: np.ndarray, k: int) -> list[SentenceHit]:
        """The k sentences nearest to `vector`, each with the chunk that holds it."""
        collection = self._handle("sentences")
        k = min(k, collection.count())
        if k == 0:
            return []
        result = collection.query(
            query_embeddings=[vector.tolist()], n_results=k, include=["documents", "metadatas", "distances"]
        )
        rows = zip(
            result["ids"][0], result["documents"][0], result["metadatas"][0], result["distances"][0], strict=True
        )
        return [SentenceHit(_sentence(sid, text, meta or {}), 1.0 - float(d)) for sid, text, meta, d in rows]

    def get_chunks(self, ids: Sequence[str]) -> list[Chunk]:
        """The chunks with these ids that exist, in the order asked."""
        if not ids:
            return []
        page = self._handle("chunks").get(ids=list(ids), include=["documents", "metadatas"])
        found = {
            cid: _chunk(cid, text, meta or {})
            for cid, text, meta in zip(page["ids"], page["documents"], page["metadatas"], strict=True)
        }
        return [found[cid] for cid in ids if cid in found]

    def find_chunks(self, doc_id: str, kind: str | None = None, positions: Sequence[int] | None = None) -> list[Chunk]:
        """The chunks of one document, optionally only of one section kind or at some positions, in order."""
        clauses: list[dict[str, Any]] = [{"doc_id": doc_id}]
        if kind is not None:
            clauses.append({"kind": kind})
        if positions is not None:
            if not positions:
                return []
            clauses.append({"position": {"$in": [int(p) for p in positions]}})
        where = clauses[0] if len(clauses) == 1 else {"$and": clauses}
        page = self._handle("chunks").get(where=where, include=["documents", "metadatas"])
        rows = zip(page["ids"], page["documents"], page["metadatas"], strict=True)
        return sorted((_chunk(cid, text, meta or {}) for cid, text, meta in rows), key=lambda c: c.position)

    def sentence_vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        if not ids:
            return {}
        page = self._handle("sentences").get(ids=list(ids), include=["embeddings"])
        return {
            sid: np.asarray(vec, dtype=np.float32) for sid, vec in zip(page["ids"], page["embeddings"], strict=True)
        }

    def metadata(self) -> dict[str, Any]:
        return dict(self._handle("chunks").metadata or {})

    # Writing -------------------------------------------------------------------------------

    def add_chunks(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        if chunks:
            self._handle("chunks", create=True).upsert(
                ids=[c.chunk_id for c in chunks],
                embeddings=vectors.tolist(),
                documents=[c.text for c in chunks],
                metadatas=[_chunk_metadata(c) for c in chunks],
            )

    def add_sentences(self, sentences: Sequence[StoredSentence], vectors: np.ndarray) -> None:
        if sentences:
            self._handle("sentences", create=True).upsert(
                ids=[s.sentence_id for s in sentences],
                embeddings=vectors.tolist(),
                documents=[s.text for s in sentences],
                metadatas=[{"doc_id": s.doc_id, "chunk_id": s.chunk_id} for s in sentences],
            )

    def delete(self, kind: Kind, ids: Iterable[str]) -> None:
        collection = self._handle(kind)
        ids = list(ids)
        for start in range(0, len(ids), _PAGE_SIZE):
            collection.delete(ids=ids[start : start + _PAGE_SIZE])

    def set_metadata(self, extra: dict[str, Any]) -> None:
        collection = self._handle("chunks", create=True)
        merged = {k: v for k, v in (collection.metadata or {}).items() if not k.startswith("hnsw:")}
        merged.update(extra)
        collection.modify(metadata=merged)


def _get_all(collection: Any, include: list[str]) -> list[tuple[str, str, dict, Any]]:
    records: list[tuple[str, str, dict, Any]] = []
    offset = 0
    while True:
        page = collection.get(include=include, limit=_PAGE_SIZE, offset=offset)
        vectors = page.get("embeddings")
        for i, record_id in enumerate(page["ids"]):
            vector = vectors[i] if vectors is not None else None
            records.append((record_id, page["documents"][i], page["metadatas"][i] or {}, vector))
        if len(page["ids"]) < _PAGE_SIZE:
            return records
        offset += _PAGE_SIZE


def _chunk_metadata(chunk: Chunk) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "doc_id": chunk.doc_id,
        "section": chunk.section,
        "start": chunk.start,
        "end": chunk.end,
        "position": chunk.position,
        "kind": chunk.kind,
    }
    if chunk.page is not None:
        meta["page"] = chunk.page
    if chunk.references:
        meta["references"] = json.dumps([asdict(r) for r in chunk.references])
    return meta


def _chunk(chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
    return Chunk(
        chunk_id=chunk_id,
        doc_id=str(meta.get("doc_id", "")),
        section=str(meta.get("section", "")),
        text=text,
        start=int(meta.get("start", 0)),
        end=int(meta.get("end", len(text))),
        page=meta.get("page"),
        position=int(meta.get("position", 0)),
        kind=str(meta.get("kind", "body")),
        references=tuple(Reference(**r) for r in json.loads(meta.get("references", "[]"))),
    )


def _sentence(sentence_id: str, text: str, meta: dict[str, Any]) -> StoredSentence:
    return StoredSentence(sentence_id, str(meta.get("doc_id", "")), text, str(meta.get("chunk_id", "")))


def _is_not_found(exc: Exception) -> bool:
    text = f"{type(exc).__name__} {exc}".lower()
    return "notfound" in text.replace(" ", "") or "does not exist" in text or "not found" in text


def _client_settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


@STORES.register("persistent")
def open_embedded(settings: Settings, identity: IndexIdentity) -> ChromaStore:
    """Chroma in this process, under the data dir; a lock keeps a second process out (it would hang)."""
    import chromadb

    lock = StoreLock(settings.data_dir)
    lock.acquire()
    try:
        settings.chroma_dir.mkdir(parents=True, exist_ok=True)
        client = chromadb.PersistentClient(path=str(settings.chroma_dir), settings=_client_settings())
    except BaseException:
        lock.release()
        raise
    return ChromaStore(client, settings.collection, identity, lock)


@STORES.register("http")
def open_server(settings: Settings, identity: IndexIdentity) -> ChromaStore:
    """A `chroma run` server shared by any number of processes. Errors name the fix."""
    import chromadb

    try:
        client = chromadb.HttpClient(
            host=settings.chroma_host or "", port=settings.chroma_port, settings=_client_settings()
        )
        client.heartbeat()
    except Exception as exc:
        raise StoreUnavailableError(
            f"Chroma server at {settings.chroma_host}:{settings.chroma_port} is unreachable "
            f"({type(exc).__name__}); "
            "start it with `chroma run --path DIR --port PORT` or unset RAG_CHROMA_HOST for the embedded store"
        ) from exc
    return ChromaStore(client, settings.collection, identity)
