"""Rerankers reorder the fused candidates. The built-in keeps the fusion's order; a cross-encoder
(none can be installed offline from the registries today) would register here the same way."""

from __future__ import annotations

from collections.abc import Sequence

from rag.retrieval.base import RERANKERS, SearchQuery
from rag.settings import Settings
from rag.types import Passage


class IdentityReranker:
    name = "identity"
    pool = 0

    def rerank(self, query: SearchQuery, passages: Sequence[Passage]) -> list[Passage]:
        return list(passages)


@RERANKERS.register("identity")
def _identity(settings: Settings) -> IdentityReranker:
    return IdentityReranker()
