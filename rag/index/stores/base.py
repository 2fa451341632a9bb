"""The vector store protocol and its registry (keyed by `Settings.store_kind`).

A store holds, per index identity, a *set* of record collections (chunks, sentences, documents, files) and
a small state: which set is served, the committed generation, and whether an ingest is writing. Records
are content-addressed and never changed in place by meaning; what a generation serves is listed by its
manifest (`rag.index.manifest`), stored as files in the same store. See `rag.index.ingest` for the
commit protocol.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

import numpy as np

from rag.registry import Registry
from rag.settings import Settings
from rag.types import Chunk

if TYPE_CHECKING:
    from rag.index.identity import IndexIdentity

Kind = Literal["chunks", "sentences", "documents"]


@dataclass(frozen=True)
class StoredSentence:
    sentence_id: str
    doc_id: str
    text: str
    chunk_id: str = ""  # the first chunk that holds it (a sentence shared by overlapping chunks is stored once)


@dataclass(frozen=True)
class SentenceHit:
    """A sentence found by its own vector, with the chunk it can be cited from."""

    sentence: StoredSentence
    similarity: float


@dataclass(frozen=True)
class StoredDocument:
    """A document record: its id in the store is a hash of its fields, so a changed document is a new record."""

    record: str
    doc_id: str
    fields: Mapping[str, Any]


@dataclass(frozen=True)
class IndexState:
    """What is served: the record set, the last committed generation (0: none yet), and the generation an
    ingest is writing (0: none)."""

    set_id: str
    generation: int
    writing: int = 0


class VectorStore(Protocol):
    """Chunk, sentence and document records of one index identity, the generation files, and the state."""

    name: str

    # State and writing
    def state(self) -> IndexState | None: ...

    def begin(self, rebuild: bool) -> IndexState: ...

    def commit(self, state: IndexState) -> None: ...

    def finish(self, state: IndexState) -> None: ...

    def renew(self) -> None: ...

    def release(self) -> None: ...

    # Records
    def ids(self, kind: Kind, doc_id: str | None = None) -> set[str]: ...

    def add_chunks(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None: ...

    def add_sentences(self, sentences: Sequence[StoredSentence], vectors: np.ndarray) -> None: ...

    def add_documents(self, documents: Sequence[StoredDocument], vectors: np.ndarray) -> None: ...

    def delete(self, kind: Kind, ids: Iterable[str]) -> None: ...

    def chunk_vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]: ...

    def sentence_owners(self) -> dict[str, str]: ...

    # Generation files
    def put_files(self, state: IndexState, files: Mapping[str, bytes]) -> None: ...

    def get_files(self, state: IndexState) -> dict[str, bytes]: ...

    def delete_files_before(self, state: IndexState) -> None: ...

    def require_state(self) -> IndexState: ...

    # Reading
    def all_chunks(self) -> list[Chunk]: ...

    def dense_search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]: ...

    def sentence_search(self, vector: np.ndarray, k: int) -> list[SentenceHit]: ...

    def get_chunks(self, ids: Sequence[str]) -> list[Chunk]: ...

    def find_chunks(
        self, doc_id: str, kind: str | None = None, positions: Sequence[int] | None = None
    ) -> list[Chunk]: ...
    def get_documents(self, records: Sequence[str]) -> list[StoredDocument]: ...

    def sentence_vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]: ...

    def metadata(self) -> dict[str, Any]: ...

    def drop_stale_indexes(self) -> list[str]: ...

    def other_indexes(self) -> list[str]: ...

    def close(self) -> None: ...


StoreFactory = Callable[[Settings, "IndexIdentity"], VectorStore]
STORES: Registry[StoreFactory] = Registry("store", "RAG_CHROMA_HOST", ["rag.index.stores.chroma"])


def open_store(settings: Settings, identity: IndexIdentity) -> VectorStore:
    """The store `settings` point at: embedded Chroma by default, a Chroma server with RAG_CHROMA_HOST."""
    return STORES.get(settings.store_kind)(settings, identity)
