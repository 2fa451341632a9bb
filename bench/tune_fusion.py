"""Tune the fusion (RAG_RRF_K, RAG_DENSE_WEIGHT, RAG_CANDIDATES) on SciFact's *train* claims only; report test.

    python bench/tune_fusion.py            # grid on train, then the best setting and today's on test

Uses the eval harness's in-process retrievers (BM25 over title + text, dense over cached vectors of the
configured embedding backend) and the assistant's own `Fusion`.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from eval import metrics  # noqa: E402
from eval.cache import cached_embeddings  # noqa: E402
from eval.datasets import read_claims, read_scifact  # noqa: E402
from eval.retrievers import build_retrievers  # noqa: E402
from eval.suites.benchmark import qrel_matches  # noqa: E402
from rag import Settings  # noqa: E402
from rag.index.embed import build_embedder  # noqa: E402
from rag.retrieval import Fusion  # noqa: E402

SCIFACT = REPO.parent / "shared" / "datasets" / "scifact"
GRID = {"rrf_k": [10, 20, 40, 60, 100], "dense": [0.2, 0.3, 0.4, 0.5, 0.7, 1.0], "candidates": [20, 30, 50, 100]}


def main() -> None:
    settings = Settings()
    data = read_scifact(SCIFACT)
    embedder = build_embedder(settings)
    cache = settings.data_dir / "eval-cache"
    retrievers = build_retrievers(embedder, data.doc_ids, data.doc_texts, cache, "scifact-corpus", Fusion(), False)
    runs = {}
    for split in ("train", "test"):
        queries, qrels = read_claims(SCIFACT, split)
        ids = sorted(queries)
        vectors = cached_embeddings(embedder, [queries[q] for q in ids], cache, f"scifact-{split}-queries", False)
        ranked = [retrievers.rankings(queries[q], v, 100) for q, v in zip(ids, vectors, strict=True)]
        runs[split] = (ranked, [qrels[q] for q in ids])

    def score(split: str, fusion: Fusion) -> float:
        ranked, relevant = runs[split]
        matches = [
            qrel_matches([d for d, _ in fusion.fuse({"bm25": r["bm25"], "dense": r["dense"]})], rel)
            for r, rel in zip(ranked, relevant, strict=True)
        ]
        return float(metrics.ndcg_at_k(matches, 10).value or 0.0)

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
