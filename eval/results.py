"""What a suite returns, and how per-item scores become the summary and per-category tables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from eval.metrics import Score, breakdown


@dataclass(frozen=True)
class SuiteOptions:
    target: str = "local"
    limit: int | None = None
    api_key: str = ""
    progress: bool = True
    split: str = "all"  # fulltext suite: tune, gate or all documents
    doc: str | None = None  # fulltext suite: one document id
    together: bool = False  # fulltext suite: the chosen documents in one index, as a reading list


@dataclass
class SuiteResult:
    suite: str
    summary: dict[str, dict[str, float | None]]  # system -> metric -> value
    categories: dict[str, dict[str, dict[str, dict[str, Any]]]]  # system -> metric -> category -> {value, n}
    items: list[dict[str, Any]]
    anchors: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    # Other groupings of the items, each shaped like `categories`: {"document": {system: ...}, "split": ...}
    breakdowns: dict[str, dict[str, dict[str, dict[str, dict[str, Any]]]]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "suite": self.suite,
            "meta": self.meta,
            "summary": self.summary,
            "categories": self.categories,
            "breakdowns": self.breakdowns,
            "anchors": self.anchors,
            "items": self.items,
        }


def summarise(
    scores: Mapping[str, Mapping[str, Score]], categories: Sequence[str], order: Sequence[str] = ()
) -> tuple[dict[str, dict[str, float | None]], dict[str, dict[str, dict[str, dict[str, Any]]]]]:
    """From {system: {metric: Score}} to (summary, per-category breakdown, categories in `order` first)."""
    summary = {system: {name: _round(s.value) for name, s in metrics.items()} for system, metrics in scores.items()}
    return summary, grouped(scores, categories, order)


def grouped(
    scores: Mapping[str, Mapping[str, Score]], groups: Sequence[str], order: Sequence[str] = ()
) -> dict[str, dict[str, dict[str, Any]]]:
    """{system: {metric: {group: {value, n}}}} for one grouping of the items (category, document, split)."""
    return {
        system: {
            name: _rounded(breakdown(s.per_item, groups, s.aggregate, order))
            for name, s in metrics.items()
            if _per_item(name)
        }
        for system, metrics in scores.items()
    }


def item_scores(scores: Mapping[str, Mapping[str, Score]], index: int) -> dict[str, dict[str, float | None]]:
    """{system: {metric: this item's score}} (latency metrics are reported once, as latency_ms)."""
    return {
        system: {name: _round(s.per_item[index]) for name, s in metrics.items() if _per_item(name)}
        for system, metrics in scores.items()
    }


def _per_item(metric: str) -> bool:
    return not metric.startswith("latency_")


def _round(value: float | None) -> float | None:
    """Rates to 4 decimals; counts stay whole numbers."""
    if value is None or isinstance(value, int):
        return value
    return round(float(value), 4)


def _rounded(table: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {k: {"value": _round(v["value"]), "n": v["n"]} for k, v in table.items()}
