"""Chroma, embedded (PersistentClient under the data dir, locked to one process) or a server (HttpClient).

Per index identity (fingerprint F), collections named from the prefix:

    {prefix}-{F}                 the root: identity and state in its metadata, writer leases as records
    {prefix}-{F}-{set}-chunks    chunk vectors, text and metadata (what is retrieved and cited)
    {prefix}-{F}-{set}-sentences sentence vectors, each with the chunk that holds it
    {prefix}-{F}-{set}-documents one record per document version
    {prefix}-{F}-{set}-files     the generation files (manifest, BM25), base64 in parts

A full rebuild writes a new set beside the served one and the state switches to it at commit.
Collection handles stay in here: callers address records by kind.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import secrets
import socket
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from typing import Any

import numpy as np

from rag.errors import IndexMismatchError, IndexMissingError, StoreUnavailableError
from rag.index.identity import IndexIdentity
from rag.index.stores.base import STORES, IndexState, Kind, SentenceHit, StoredDocument, StoredSentence
from rag.index.stores.lock import StoreLock
from rag.settings import Settings
from rag.types import Chunk, Reference

_PAGE_SIZE = 2000
_PART_BYTES = 1 << 20  # one record of a generation file holds at most this much (base64 of it)
LEASE_TTL_S = 120.0  # a writer that has not renewed its lease for this long is taken to be gone
_FILES = "files"


class ChromaStore:
    """The index of one identity in a Chroma client: records, generation files, and the served state."""

    def __init__(self, client: Any, prefix: str, identity: IndexIdentity, lock: StoreLock | None = None) -> None:
        self.client = client
        self.prefix = prefix
        self.description = identity.describe()
        self.name = f"{prefix}-{identity.fingerprint}"
        self._lock = lock
        self._handles: dict[str, Any] = {}
        self._set: str | None = None  # the set this handle reads and writes
        self._lease: str | None = None
        self._token = secrets.token_hex(8)

    def close(self) -> None:
        self.release()
        self._handles.clear()
        closing = getattr(self.client, "close", None)
        if closing is not None:  # stop the embedded system: a later open must see what others wrote since
            with contextlib.suppress(Exception):
                closing()
        if self._lock:
            self._lock.release()
            self._lock = None

    # State -------------------------------------------------------------------------------------

    def state(self) -> IndexState | None:
        """The served state, read fresh (another process may have committed since)."""
        meta = self._root_metadata()
        if meta is None or not meta.get("set"):
            return None
        state = IndexState(str(meta["set"]), int(meta.get("generation", 0)), int(meta.get("writing", 0)))
        if state.generation > 0:
            self._set = state.set_id
        return state

    def metadata(self) -> dict[str, Any]:
        return dict(self._root_metadata() or {})

    def _root_metadata(self) -> dict[str, Any] | None:
        try:
            return dict(self.client.get_collection(self.name, embedding_function=None).metadata or {})
        except Exception as exc:  # chromadb raises its own types, and httpx's in server mode
            if _is_not_found(exc):
                return None
            raise StoreUnavailableError(f"Chroma error on collection {self.name!r}: {exc}") from exc

    def require_state(self) -> IndexState:
        """The served state, or the error that says how to build the index."""
        state = self.state()
        if state is None or state.generation == 0:
            raise self._missing_error()
        return state

    def begin(self, rebuild: bool) -> IndexState:
        """Take the writer lease and mark a new generation as being written (in a new set for a rebuild)."""
        root = self._root(create=True)
        self._take_lease(root)
        current = self.state()
        if current is None or current.generation == 0 or rebuild:
            set_id = secrets.token_hex(4)
            generation = (current.generation if current else 0) + 1
        else:
            set_id, generation = current.set_id, max(current.generation, current.writing) + 1
        self._set = set_id
        for kind in ("chunks", "sentences", "documents", _FILES):
            self._collection(kind, create=True)
        self._write_state(root, current, writing=generation, writing_set=set_id)
        return IndexState(set_id, generation, generation)

    def commit(self, state: IndexState) -> None:
        """Serve `state` from now on (one metadata write: readers see the old generation or the new one)."""
        self._write_state(self._root(), IndexState(state.set_id, state.generation, state.generation))

    def finish(self, state: IndexState) -> None:
        """After commit and clean-up: no ingest is writing."""
        self._write_state(self._root(), IndexState(state.set_id, state.generation, 0))

    def _write_state(
        self, root: Any, state: IndexState | None, writing: int | None = None, writing_set: str = ""
    ) -> None:
        meta = {k: v for k, v in (root.metadata or {}).items() if not k.startswith("hnsw:")}
        meta.update(self.description)
        if state is not None:
            meta.update(set=state.set_id, generation=state.generation, writing=state.writing)
        else:
            meta.update(set="", generation=0)
        if writing is not None:
            meta.update(writing=writing, writing_set=writing_set)
        root.modify(metadata=meta)

    # Writer lease ------------------------------------------------------------------------------

    def _take_lease(self, root: Any) -> None:
        """One writer at a time across processes and hosts: the first to add lease record n+1 holds it
        (Chroma keeps the first record of an id). A lease whose writer died, or went quiet for
        LEASE_TTL_S, can be taken over."""
        leases = root.get(include=["metadatas"])
        epochs = [
            (int(i.split("-")[1]), meta or {}) for i, meta in zip(leases["ids"], leases["metadatas"], strict=True)
        ]
        last, holder = max(epochs, key=lambda e: e[0], default=(0, {}))
        if holder and not holder.get("released") and _alive(holder):
            raise StoreUnavailableError(
                f"another ingest is writing this index (pid {holder.get('pid')} on {holder.get('host')}); "
                "wait for it to finish, then run `python -m rag ingest` again"
            )
        lease = f"lease-{last + 1}"
        root.add(ids=[lease], embeddings=[[1.0]], metadatas=[self._lease_meta()])
        got = root.get(ids=[lease], include=["metadatas"])["metadatas"]
        if not got or (got[0] or {}).get("token") != self._token:
            raise StoreUnavailableError(
                "another ingest started writing this index at the same moment; run `python -m rag ingest` again"
            )
        self._lease = lease
        older = [i for i in leases["ids"] if i != lease]
        if older:
            root.delete(ids=older)

    def _lease_meta(self) -> dict[str, Any]:
        return {"token": self._token, "pid": os.getpid(), "host": socket.gethostname(), "heartbeat": time.time()}

    def renew(self) -> None:
        if self._lease:
            self._root().update(ids=[self._lease], metadatas=[self._lease_meta()])

    def release(self) -> None:
        if self._lease:
            lease, self._lease = self._lease, None
            with contextlib.suppress(Exception):  # closing must not fail; a stale lease expires on its own
                self._root().update(ids=[lease], metadatas=[{**self._lease_meta(), "released": True}])

    # Collections -------------------------------------------------------------------------------

    def _root(self, create: bool = False) -> Any:
        if create:
            return self.client.get_or_create_collection(
                self.name, metadata={**self.description, "set": "", "generation": 0}, embedding_function=None
            )
        return self._get(self.name)

    def _collection(self, kind: str, create: bool = False, set_id: str | None = None) -> Any:
        if set_id is None and self._set is None:
            self.require_state()
        name = f"{self.name}-{set_id or self._set}-{kind}"
        handle = self._handles.get(name)
        if handle is None:
            if create:
                metadata = {"hnsw:space": "cosine"} if kind != _FILES else None
                handle = self.client.get_or_create_collection(name, metadata=metadata, embedding_function=None)
            else:
                handle = self._get(name)
            self._handles[name] = handle
        return handle

    def _get(self, name: str) -> Any:
        try:
            return self.client.get_collection(name, embedding_function=None)
        except Exception as exc:
            if not _is_not_found(exc):
                raise StoreUnavailableError(f"Chroma error on collection {name!r}: {exc}") from exc
            raise self._missing_error() from exc

    def other_indexes(self) -> list[str]:
        """Root collections of this prefix built for another identity (model, backend or chunker)."""
        head = f"{self.prefix}-"
        return [
            n
            for n in self.collection_names()
            if n.startswith(head) and _ROOT.fullmatch(n[len(head) :]) and n != self.name
        ]

    def _missing_error(self) -> Exception:
        others = self.other_indexes()
        if others:
            return IndexMismatchError(
                f"the index was built with {self._describe(others[0])}, not {self._summary(self.description)}; "
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
    def _summary(meta: Mapping[str, Any]) -> str:
        return f"model {meta.get('model', '?')} ({meta.get('dimension', '?')} dims, chunker {meta.get('chunker', '?')})"

    def drop_stale_indexes(self) -> list[str]:
        """Delete what the served state no longer uses: other identities' collections and old sets."""
        served = self.state()
        keep = f"{self.name}-{served.set_id}-" if served else f"{self.name}-"
        dropped = []
        for name in self.collection_names():
            mine = name == self.name or name.startswith(keep)
            if name.startswith(f"{self.prefix}-") and not mine:
                self.client.delete_collection(name)
                self._handles.pop(name, None)
                dropped.append(name)
        return dropped

    # Reading -----------------------------------------------------------------------------------

    def all_chunks(self) -> list[Chunk]:
        records = _get_all(self._collection("chunks"), ["documents", "metadatas"])
        return [_chunk(cid, text, meta) for cid, text, meta, _ in records]

    def ids(self, kind: Kind, doc_id: str | None = None) -> set[str]:
        """Ids in the `kind` collection of the current set, all or those of one document."""
        where = {"doc_id": doc_id} if doc_id else None
        return {record_id for record_id, *_ in _get_all(self._collection(kind), [], where)}

    def sentence_owners(self) -> dict[str, str]:
        return {
            sid: str(meta.get("chunk_id", ""))
            for sid, _, meta, _ in _get_all(self._collection("sentences"), ["metadatas"])
        }

    def dense_search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the k nearest chunks."""
        collection = self._collection("chunks")
        result = _query(collection, vector, k, ["distances"])
        return [(cid, 1.0 - float(d)) for cid, d in zip(result["ids"][0], result["distances"][0], strict=True)]

    def sentence_search(self, vector: np.ndarray, k: int) -> list[SentenceHit]:
        """The k sentences nearest to `vector`, each with the chunk that holds it."""
        result = _query(self._collection("sentences"), vector, k, ["documents", "metadatas", "distances"])
        rows = zip(
            result["ids"][0], result["documents"][0], result["metadatas"][0], result["distances"][0], strict=True
        )
        return [SentenceHit(_sentence(sid, text, meta or {}), 1.0 - float(d)) for sid, text, meta, d in rows]

    def get_chunks(self, ids: Sequence[str]) -> list[Chunk]:
        """The chunks with these ids that exist, in the order asked."""
        if not ids:
            return []
        page = self._collection("chunks").get(ids=list(ids), include=["documents", "metadatas"])
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
        page = self._collection("chunks").get(where=where, include=["documents", "metadatas"])
        rows = zip(page["ids"], page["documents"], page["metadatas"], strict=True)
        return sorted((_chunk(cid, text, meta or {}) for cid, text, meta in rows), key=lambda c: c.position)

    def get_documents(self, records: Sequence[str]) -> list[StoredDocument]:
        if not records:
            return []
        page = self._collection("documents").get(ids=list(records), include=["metadatas"])
        found = {
            rid: StoredDocument(rid, str((meta or {}).get("doc_id", "")), json.loads((meta or {}).get("fields", "{}")))
            for rid, meta in zip(page["ids"], page["metadatas"], strict=True)
        }
        return [found[r] for r in records if r in found]

    def sentence_vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        return self._vectors("sentences", ids)

    def chunk_vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        return self._vectors("chunks", ids)

    def _vectors(self, kind: Kind, ids: Sequence[str]) -> dict[str, np.ndarray]:
        if not ids:
            return {}
        page = self._collection(kind).get(ids=list(ids), include=["embeddings"])
        return {
            rid: np.asarray(vec, dtype=np.float32) for rid, vec in zip(page["ids"], page["embeddings"], strict=True)
        }

    # Writing -----------------------------------------------------------------------------------

    def add_chunks(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        if chunks:
            self._collection("chunks").upsert(
                ids=[c.chunk_id for c in chunks],
                embeddings=vectors,
                documents=[c.text for c in chunks],
                metadatas=[_chunk_metadata(c) for c in chunks],
            )

    def add_sentences(self, sentences: Sequence[StoredSentence], vectors: np.ndarray) -> None:
        if sentences:
            self._collection("sentences").upsert(
                ids=[s.sentence_id for s in sentences],
                embeddings=vectors,
                documents=[s.text for s in sentences],
                metadatas=[{"doc_id": s.doc_id, "chunk_id": s.chunk_id} for s in sentences],
            )

    def add_documents(self, documents: Sequence[StoredDocument], vectors: np.ndarray) -> None:
        if documents:
            self._collection("documents").upsert(
                ids=[d.record for d in documents],
                embeddings=vectors,
                metadatas=[{"doc_id": d.doc_id, "fields": json.dumps(d.fields, sort_keys=True)} for d in documents],
            )

    def delete(self, kind: Kind, ids: Iterable[str]) -> None:
        ids = list(ids)
        if not ids:
            return
        collection = self._collection(kind)
        for start in range(0, len(ids), _PAGE_SIZE):
            collection.delete(ids=ids[start : start + _PAGE_SIZE])

    # Generation files --------------------------------------------------------------------------

    def put_files(self, state: IndexState, files: Mapping[str, bytes]) -> None:
        """Store a generation's files as base64 parts; ids name the generation and this writer."""
        ids, texts = [], []
        for name, data in files.items():
            parts = [data[i : i + _PART_BYTES] for i in range(0, len(data), _PART_BYTES)] or [b""]
            for n, part in enumerate(parts):
                ids.append(f"g{state.generation}/{name}/{n:05d}-{len(parts):05d}")
                texts.append(base64.b64encode(part).decode("ascii"))
        collection = self._collection(_FILES)
        for start in range(0, len(ids), 16):
            batch = slice(start, start + 16)
            collection.upsert(
                ids=ids[batch],
                embeddings=[[1.0]] * len(ids[batch]),
                documents=texts[batch],
                metadatas=[{"generation": state.generation}] * len(ids[batch]),
            )

    def get_files(self, state: IndexState) -> dict[str, bytes]:
        collection = self._collection(_FILES, set_id=state.set_id)
        where = {"generation": state.generation}
        records = sorted(_get_all(collection, ["documents"], where, page_size=16), key=lambda r: r[0])
        parts: dict[str, list[bytes]] = {}
        totals: dict[str, int] = {}
        for record_id, text, _, _ in records:
            _, name, numbering = record_id.split("/", 2)
            parts.setdefault(name, []).append(base64.b64decode(text))
            totals[name] = int(numbering.split("-")[1])
        incomplete = [name for name, got in parts.items() if len(got) != totals[name]]
        if incomplete or not parts:
            raise StoreUnavailableError(
                f"generation {state.generation} of the index is incomplete ({', '.join(incomplete) or 'no files'}); "
                "run `python -m rag ingest` to write it again"
            )
        return {name: b"".join(got) for name, got in parts.items()}

    def delete_files_before(self, state: IndexState) -> None:
        self._collection(_FILES).delete(where={"generation": {"$lt": state.generation}})


_ROOT = re.compile(r"[0-9a-f]{12}")


def _alive(holder: Mapping[str, Any]) -> bool:
    """Whether a lease's writer may still be running: recent heartbeat and, on this host, a live pid."""
    if time.time() - float(holder.get("heartbeat", 0)) > LEASE_TTL_S:
        return False
    if holder.get("host") != socket.gethostname():
        return True
    pid = int(holder.get("pid", 0))
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _query(collection: Any, vector: np.ndarray, k: int, include: list[str]) -> dict[str, Any]:
    try:
        return collection.query(query_embeddings=[vector], n_results=k, include=include)
    except Exception as exc:
        if "empty" in str(exc).lower() or "nothing" in str(exc).lower():
            return {key: [[]] for key in ("ids", "distances", "documents", "metadatas")}
        raise StoreUnavailableError(f"Chroma query failed: {exc}") from exc


def _get_all(
    collection: Any, include: list[str], where: dict[str, Any] | None = None, page_size: int = _PAGE_SIZE
) -> list[tuple[str, str, dict, Any]]:
    records: list[tuple[str, str, dict, Any]] = []
    offset = 0
    while True:
        page = collection.get(where=where, include=include, limit=page_size, offset=offset)
        documents = page.get("documents")
        metadatas = page.get("metadatas")
        vectors = page.get("embeddings")
        for i, record_id in enumerate(page["ids"]):
            records.append(
                (
                    record_id,
                    documents[i] if documents is not None else "",
                    (metadatas[i] or {}) if metadatas is not None else {},
                    vectors[i] if vectors is not None else None,
                )
            )
        if len(page["ids"]) < page_size:
            return records
        offset += page_size


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
