"""Retrieve: rank the indexed chunks for a question.

Each retriever (BM25, dense) ranks chunk ids on its own; `Fusion` combines any number of rankings by
weighted reciprocal rank; a reranker may reorder the fused candidates; `HybridRetriever` runs the
configured ones (`RAG_RETRIEVERS`, `RAG_RERANKER`) and returns `Passage`s that carry each retriever's rank.

A retriever is a factory `(snapshot, store) -> Retriever` registered in `RETRIEVERS`; a reranker a
factory `(settings) -> Reranker` registered in `RERANKERS`.
"""

from rag.retrieval.base import RERANKERS, RETRIEVERS, Reranker, Retriever, SearchQuery
from rag.retrieval.fusion import Fusion, rrf_fuse
from rag.retrieval.hybrid import HybridRetriever, Retrieval

__all__ = [
    "RERANKERS",
    "RETRIEVERS",
    "Fusion",
    "HybridRetriever",
    "Reranker",
    "Retrieval",
    "Retriever",
    "SearchQuery",
    "rrf_fuse",
]
