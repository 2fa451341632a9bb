"""Fusion of any number of scored rankings: weighted reciprocal rank (RRF, by rank alone) or a convex
combination of scores (each ranking's scores divided by its best one, then weighted and summed).

RRF needs no score scales and is the default; the convex combination uses how much better the first
candidates are than the rest, which RRF throws away (on SciFact's train claims it beat every RRF setting
tried: `python bench/tune_fusion.py`).
"""

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


def convex_fuse(
    rankings: Sequence[Sequence[tuple[str, float]]], weights: Sequence[float] | None = None
) -> list[tuple[str, float]]:
    """score(d) = sum over rankings of weight x (d's score / the ranking's best score). A ranking that did
    not return d counts it at its own lowest normalised score: d ranked below everything it returned."""
    normalised = [_by_best(ranking) for ranking in rankings]
    items = sorted({item for scores in normalised for item in scores})
    totals = dict.fromkeys(items, 0.0)
    for scores, weight in zip(normalised, weights or [1.0] * len(rankings), strict=True):
        floor = min(scores.values(), default=0.0)
        for item in items:
            totals[item] += weight * scores.get(item, floor)
    return sorted(totals.items(), key=lambda pair: (-pair[1], pair[0]))


def _by_best(ranking: Sequence[tuple[str, float]]) -> dict[str, float]:
    best = max((score for _, score in ranking), default=0.0)
    return {item: (score / best if best > 0 else 0.0) for item, score in ranking}


@dataclass(frozen=True)
class Fusion:
    """How the retrievers' candidates are combined; shared by the assistant and the eval harness.

    Each ranking is cut to `candidates` and weighted by its retriever's name (1.0 when not listed).
    """

    candidates: int = 30
    rrf_k: int = 60
    weights: Mapping[str, float] = field(default_factory=lambda: {"dense": 0.3})
    per_document: int = 0  # most passages of one document ahead of other documents' (0: no cap)
    method: str = "rrf"  # or "convex"

    @classmethod
    def from_settings(cls, settings: Settings) -> Fusion:
        weights = {"dense": settings.dense_weight}
        return cls(settings.candidates, settings.rrf_k, weights, settings.max_per_document, settings.fusion)

    def fuse(self, rankings: Mapping[str, Sequence[tuple[str, float]]]) -> list[tuple[str, float]]:
        """`rankings`: (id, score) lists, best first, by retriever name."""
        names = list(rankings)
        cut = [rankings[name][: self.candidates] for name in names]
        weights = [self.weights.get(name, 1.0) for name in names]
        if self.method == "convex":
            return convex_fuse(cut, weights)
        return rrf_fuse([[item for item, _ in ranking] for ranking in cut], self.rrf_k, weights)


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
