"""Vector stores behind one protocol: Chroma embedded (`persistent`) and a Chroma server (`http`)."""

from rag.index.stores.base import STORES, Kind, StoredSentence, VectorStore, open_store

__all__ = ["STORES", "Kind", "StoredSentence", "VectorStore", "open_store"]
