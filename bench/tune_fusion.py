"""Tune the fusion (RAG_RRF_K, RAG_DENSE_WEIGHT, RAG_CANDIDATES) on SciFact's *train* claims only; report test.

    python bench/tune_fusion.py            # grid on train, then the best setting and today's on test

Uses the eval harness's in-process retrievers (BM25 over title + text, dense over cached vectors of the
configured embedding backend) and the assistant's own `Fusion`.
"""

from __future__ import annotations

import csv
import itertools
import json
import math
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from eval.cache import cached_embeddings  # noqa: E402
from eval.datasets import read_scifact  # noqa: E402
from eval.retrievers import build_retrievers  # noqa: E402
from rag import Settings  # noqa: E402
from rag.index.embed import build_embedder  # noqa: E402
from rag.retrieval import Fusion  # noqa: E402

SCIFACT = REPO.parent / "shared" / "datasets" / "scifact"
GRID = {"rrf_k": [10, 20, 40, 60, 100], "dense": [0.2, 0.3, 0.4, 0.5, 0.7, 1.0], "candidates": [20, 30, 50, 100]}


def claims(split: str) -> tuple[dict[str, str], dict[str, set[str]]]:
    name = "queries.jsonl" if split == "test" else "queries-train.jsonl"
    qrels: dict[str, set[str]] = {}
    with (SCIFACT / "qrels" / f"{split}.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if int(row["score"]) > 0:
                qrels.setdefault(row["query-id"], set()).add(row["corpus-id"])
    with (SCIFACT / name).open(encoding="utf-8") as handle:
        queries = {str(r["_id"]): str(r["text"]) for r in map(json.loads, handle) if str(r["_id"]) in qrels}
    return queries, qrels


def ndcg(ranked: list[str], relevant: set[str]) -> float:
    dcg = sum(1 / math.log2(r + 2) for r, d in enumerate(ranked[:10]) if d in relevant)
    return dcg / sum(1 / math.log2(r + 2) for r in range(min(len(relevant), 10)))


def main() -> None:
    settings = Settings()
    data = read_scifact(SCIFACT)
    embedder = build_embedder(settings)
    cache = settings.data_dir / "eval-cache"
    retrievers = build_retrievers(embedder, data.doc_ids, data.doc_texts, cache, "scifact-corpus", Fusion(), False)
    runs = {}
    for split in ("train", "test"):
        queries, qrels = claims(split)
        ids = sorted(queries)
        vectors = cached_embeddings(embedder, [queries[q] for q in ids], cache, f"scifact-{split}-queries", False)
        ranked = [retrievers.rankings(queries[q], v, 100) for q, v in zip(ids, vectors, strict=True)]
        runs[split] = (ranked, [qrels[q] for q in ids])

    def score(split: str, fusion: Fusion) -> float:
        ranked, relevant = runs[split]
        total = 0.0
        for rankings, rel in zip(ranked, relevant, strict=True):
            fused = [d for d, _ in fusion.fuse({"bm25": rankings["bm25"], "dense": rankings["dense"]})]
            total += ndcg(fused, rel)
        return total / len(relevant)

    results = []
    for rrf_k, dense, candidates in itertools.product(*GRID.values()):
        fusion = Fusion(candidates, rrf_k, {"dense": dense})
        results.append((score("train", fusion), rrf_k, dense, candidates))
    results.sort(reverse=True)
    print("train nDCG@10, best five (rrf_k, dense weight, candidates):")
    for row in results[:5]:
        print(f"  {row[0]:.4f}  rrf_k={row[1]} dense={row[2]} candidates={row[3]}")
    _, rrf_k, dense, candidates = results[0]
    today = Fusion.from_settings(settings)
    print(f"today's setting: train {score('train', today):.4f}, test {score('test', today):.4f}")
    best = Fusion(candidates, rrf_k, {"dense": dense})
    print(f"best on train (rrf_k={rrf_k}, dense={dense}, candidates={candidates}): test {score('test', best):.4f}")


if __name__ == "__main__":
    main()
