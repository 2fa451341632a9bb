"""Weighted reciprocal rank fusion of any number of rankings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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

    @classmethod
    def from_settings(cls, settings: Settings) -> Fusion:
        return cls(settings.candidates, settings.rrf_k, {"dense": settings.dense_weight})

    def fuse(self, rankings: Mapping[str, Sequence[str]]) -> list[tuple[str, float]]:
        names = list(rankings)
        cut = [rankings[name][: self.candidates] for name in names]
        return rrf_fuse(cut, self.rrf_k, [self.weights.get(name, 1.0) for name in names])
