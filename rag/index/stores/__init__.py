"""Vector stores behind one protocol: Chroma embedded (`persistent`) and a Chroma server (`http`)."""

from rag.index.stores.base import STORES, Kind, SentenceHit, StoredSentence, VectorStore, open_store

__all__ = ["STORES", "Kind", "SentenceHit", "StoredSentence", "VectorStore", "open_store"]
