"""Vector stores behind one protocol: Chroma embedded (`persistent`) and a Chroma server (`http`)."""

from rag.index.stores.base import (
    STORES,
    IndexState,
    Kind,
    SentenceHit,
    StoredDocument,
    StoredSentence,
    VectorStore,
    open_store,
)

__all__ = [
    "STORES",
    "IndexState",
    "Kind",
    "SentenceHit",
    "StoredDocument",
    "StoredSentence",
    "VectorStore",
    "open_store",
]
