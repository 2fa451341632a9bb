"""BEIR SciFact test: 300 claims over 5,183 abstracts; nDCG@10 and recall@100 for each system."""

from __future__ import annotations

from typing import Any

from eval.datasets import read_anchors, read_scifact
from eval.results import SuiteOptions, SuiteResult, item_scores, summarise
from eval.retrievers import SYSTEMS, build_retrievers
from eval.suites.benchmark import retrieval_scores
from rag.retrieval import Fusion

DEPTH = 100


def run(settings: Any, options: SuiteOptions) -> SuiteResult:
    from tqdm import tqdm

    from eval.cache import cached_embeddings
    from rag.index.embed import build_embedder

    data = read_scifact(settings.datasets_dir / "scifact")
    query_ids = sorted(data.queries, key=_numeric)[: options.limit]
    embedder = build_embedder(settings)
    cache = settings.data_dir / "eval-cache"
    retrievers = build_retrievers(
        embedder,
        data.doc_ids,
        data.doc_texts,
        cache,
        "scifact-corpus",
        Fusion.from_settings(settings),
        options.progress,
    )

    vectors = cached_embeddings(embedder, [data.queries[q] for q in query_ids], cache, "scifact-queries", False)
    rankings: dict[str, list[list[str]]] = {s: [] for s in SYSTEMS}
    for n, qid in enumerate(tqdm(query_ids, desc="scifact", unit="q", disable=not options.progress)):
        for system, ranking in retrievers.rankings(data.queries[qid], vectors[n], DEPTH).items():
            rankings[system].append(ranking)

    scores = retrieval_scores(rankings, [data.qrels[q] for q in query_ids], ks=(1, 3, 10, 100))
    summary, per_category = summarise(scores, ["test"] * len(query_ids))
    items = [
        {
            "id": qid,
            "question": data.queries[qid],
            "relevant": sorted(data.qrels[qid]),
            "retrieved": {system: rankings[system][n][:10] for system in SYSTEMS},
            "scores": item_scores(scores, n),
        }
        for n, qid in enumerate(query_ids)
    ]
    return SuiteResult(
        suite="scifact",
        summary=summary,
        categories=per_category,
        items=items,
        anchors=read_anchors(settings.datasets_dir / "ANCHORS.md"),
        meta={
            "target": "in-process retrieval (the HTTP target does not apply to benchmarks)",
            "limit": options.limit,
            "items": len(query_ids),
            "corpus_documents": len(data.doc_ids),
            "document_text": "title + ' ' + text (as BEIR and MTEB encode it)",
            "assistant": f"hybrid as the assistant runs it: RRF (k={settings.rrf_k}, "
            f"dense weight {settings.dense_weight}) of the top {settings.candidates} "
            f"of BM25 and of dense (so at most {2 * settings.candidates} documents: recall@100 is bounded by that)",
            "embedding_model": settings.embedding_model,
            "anchor_metric": "ndcg@10",
        },
    )


def _numeric(query_id: str) -> tuple[int, str]:
    return (int(query_id), query_id) if query_id.isdigit() else (1 << 62, query_id)
