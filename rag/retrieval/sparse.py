"""Lexical retrieval: BM25 over the query with its acronyms expanded and metadata hints added."""

from __future__ import annotations

from rag.index.bm25 import Bm25Index
from rag.index.snapshot import IndexSnapshot
from rag.index.stores import VectorStore
from rag.retrieval.base import RETRIEVERS, SearchQuery


class Bm25Retriever:
    name = "bm25"

    def __init__(self, index: Bm25Index) -> None:
        self.index = index

    def rank(self, query: SearchQuery, k: int) -> list[tuple[str, float]]:
        return self.index.search(query.expanded, k)


@RETRIEVERS.register("bm25")
def _bm25(snapshot: IndexSnapshot, store: VectorStore) -> Bm25Retriever:
    return Bm25Retriever(snapshot.bm25)
