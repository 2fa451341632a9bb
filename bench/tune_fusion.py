"""Tune the fusion (RAG_FUSION, RAG_RRF_K, RAG_DENSE_WEIGHT, RAG_CANDIDATES) on SciFact's *train* claims
only; report test.

    python bench/tune_fusion.py            # grid on train, then the best settings and today's on test

Both fusions are tried: reciprocal rank (rrf_k, dense weight, candidates) and the convex combination of
scores (dense weight, candidates; rrf_k unused). It prints the best of each, and the whole convex curve
over the dense weight, since the default is chosen with the review suite as well (see README).

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
CONVEX = {"dense": [0.3, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0], "candidates": [20, 30, 50, 100]}


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
        ranked = [retrievers.scored(queries[q], v, 100) for q, v in zip(ids, vectors, strict=True)]
        runs[split] = (ranked, [qrels[q] for q in ids])

    def score(split: str, fusion: Fusion) -> float:
        ranked, relevant = runs[split]
        matches = [
            qrel_matches([d for d, _ in fusion.fuse({"bm25": r["bm25"], "dense": r["dense"]})], rel)
            for r, rel in zip(ranked, relevant, strict=True)
        ]
        return float(metrics.ndcg_at_k(matches, 10).value or 0.0)

    rrf = [Fusion(c, k, {"dense": d}) for k, d, c in itertools.product(*GRID.values())]
    convex = [Fusion(c, 60, {"dense": d}, method="convex") for d, c in itertools.product(*CONVEX.values())]
    results = sorted(((score("train", f), i, f) for i, f in enumerate(rrf + convex)), key=lambda r: (-r[0], r[1]))
    print("train nDCG@10, best five:")
    for value, _, fusion in results[:5]:
        print(f"  {value:.4f}  {_describe(fusion)}")
    for method in ("rrf", "convex"):
        value, _, best = next(r for r in results if r[2].method == method)
        print(f"best {method} on train ({_describe(best)}): train {value:.4f}, test {score('test', best):.4f}")
    print("convex, candidates 100, by dense weight (train / test):")
    for dense in CONVEX["dense"]:
        fusion = Fusion(100, 60, {"dense": dense}, method="convex")
        print(f"  dense={dense}: {score('train', fusion):.4f} / {score('test', fusion):.4f}")
    today = Fusion.from_settings(settings)
    print(f"today's setting ({_describe(today)}): train {score('train', today):.4f}, test {score('test', today):.4f}")


def _describe(fusion: Fusion) -> str:
    rrf = f" rrf_k={fusion.rrf_k}" if fusion.method == "rrf" else ""
    return f"{fusion.method}{rrf} dense={fusion.weights['dense']} candidates={fusion.candidates}"


if __name__ == "__main__":
    main()
