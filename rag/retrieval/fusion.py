"""Weighted reciprocal rank fusion of any number of rankings."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from rag.settings import Settings


def rrf_fuse(
    rankings: Sequence[Sequence[str]], k: int = 60, weights: Sequence[float] | None = None
) -> list[tuple[str, float]]:
    """Reciprocal rank fusion: score(d) = sum over rankings of weight / (k + rank(d))."""
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights or [1.0] * len(rankings), strict=True):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))


@dataclass(frozen=True)
class Fusion:
    """How the retrievers' candidates are combined; shared by the assistant and the eval harness.

    Each ranking is cut to `candidates` and weighted by its retriever's name (1.0 when not listed).
    """

    candidates: int = 30
    rrf_k: int = 60
    weights: Mapping[str, float] = field(default_factory=lambda: {"dense": 0.3})
    per_document: int = 0  # most passages of one document ahead of other documents' (0: no cap)

    @classmethod
    def from_settings(cls, settings: Settings) -> Fusion:
        return cls(settings.candidates, settings.rrf_k, {"dense": settings.dense_weight}, settings.max_per_document)

    def fuse(self, rankings: Mapping[str, Sequence[str]]) -> list[tuple[str, float]]:
        names = list(rankings)
        cut = [rankings[name][: self.candidates] for name in names]
        return rrf_fuse(cut, self.rrf_k, [self.weights.get(name, 1.0) for name in names])


def spread(ranked: Sequence[tuple[str, float]], doc_of: Callable[[str], str], cap: int) -> list[tuple[str, float]]:
    """At most `cap` items of one document ahead of the others' (0: order kept). Items over the cap keep
    their order behind, so a corpus of one document reads as before and no candidate is lost."""
    if cap <= 0:
        return list(ranked)
    ahead: list[tuple[str, float]] = []
    behind: list[tuple[str, float]] = []
    per_doc: dict[str, int] = {}
    for item in ranked:
        doc = doc_of(item[0])
        per_doc[doc] = per_doc.get(doc, 0) + 1
        (ahead if per_doc[doc] <= cap else behind).append(item)
    return ahead + behind
