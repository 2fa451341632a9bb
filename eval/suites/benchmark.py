"""Shared by the public benchmarks: score ranked doc ids of bm25, dense and the hybrid against qrels."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from eval import metrics as m
from eval.retrievers import SYSTEMS


def qrel_matches(ranking: Sequence[str], relevant: set[str]) -> m.Ranked:
    return m.Ranked(tuple(frozenset({d}) if d in relevant else frozenset() for d in ranking), len(relevant))


def retrieval_scores(
    rankings: Mapping[str, Sequence[Sequence[str]]], relevant: Sequence[set[str]], ks: Sequence[int]
) -> dict[str, dict[str, m.Score]]:
    """{system: {metric: Score}} with ndcg@10, mrr, hit@k and recall@k for each k."""
    scores: dict[str, dict[str, m.Score]] = {}
    for system in SYSTEMS:
        ranked = [qrel_matches(r, rel) for r, rel in zip(rankings[system], relevant, strict=True)]
        metrics = {"ndcg@10": m.ndcg_at_k(ranked, 10), "mrr": m.mrr(ranked)}
        for k in ks:
            metrics[f"hit@{k}"] = m.hit_at_k(ranked, k)
            metrics[f"recall@{k}"] = m.recall_at_k(ranked, k)
        scores[system] = metrics
    return scores
