"""The vector store protocol and its registry (keyed by `Settings.store_kind`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

import numpy as np

from rag.registry import Registry
from rag.settings import Settings
from rag.types import Chunk

if TYPE_CHECKING:
    from rag.index.identity import IndexIdentity

Kind = Literal["chunks", "sentences"]


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


class VectorStore(Protocol):
    """Chunk and sentence vectors of one index identity, and index-level metadata."""

    name: str

    def prepare(self) -> None: ...

    def ids(self, kind: Kind, doc_id: str | None = None) -> set[str]: ...

    def add_chunks(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None: ...

    def add_sentences(self, sentences: Sequence[StoredSentence], vectors: np.ndarray) -> None: ...

    def delete(self, kind: Kind, ids: Iterable[str]) -> None: ...

    def all_chunks(self) -> list[Chunk]: ...

    def all_sentences(self) -> tuple[list[StoredSentence], np.ndarray]: ...

    def dense_search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]: ...

    def sentence_search(self, vector: np.ndarray, k: int) -> list[SentenceHit]: ...

    def get_chunks(self, ids: Sequence[str]) -> list[Chunk]: ...

    def find_chunks(
        self, doc_id: str, kind: str | None = None, positions: Sequence[int] | None = None
    ) -> list[Chunk]: ...

    def sentence_vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]: ...

    def metadata(self) -> dict[str, Any]: ...

    def set_metadata(self, extra: dict[str, Any]) -> None: ...

    def drop_stale_indexes(self) -> list[str]: ...

    def reset(self) -> None: ...

    def close(self) -> None: ...


StoreFactory = Callable[[Settings, "IndexIdentity"], VectorStore]
STORES: Registry[StoreFactory] = Registry("store", "RAG_CHROMA_HOST", ["rag.index.stores.chroma"])


def open_store(settings: Settings, identity: IndexIdentity) -> VectorStore:
    """The store `settings` point at: embedded Chroma by default, a Chroma server with RAG_CHROMA_HOST."""
    return STORES.get(settings.store_kind)(settings, identity)
