"""PubMedQA PQA-L: every abstract section of the 1,000 items is the corpus; each test question should
retrieve its own abstract (hit@1/5), and the top passage is compared with the long answer (token F1)."""

from __future__ import annotations

from typing import Any

from eval import metrics as m
from eval.datasets import read_pubmedqa
from eval.results import SuiteOptions, SuiteResult, item_scores, summarise
from eval.retrievers import SYSTEMS, build_retrievers
from eval.suites.benchmark import retrieval_scores
from rag.retrieval import Fusion

DEPTH = 10


def run(settings: Any, options: SuiteOptions) -> SuiteResult:
    from tqdm import tqdm

    from eval.cache import cached_embeddings
    from rag.index.embed import build_embedder

    items, test = read_pubmedqa(settings.datasets_dir / "pubmedqa")
    by_pmid = {i.pmid: i for i in items}
    questions = [by_pmid[p] for p in test if p in by_pmid][: options.limit]
    passage_ids = [f"{i.pmid}#{n}" for i in items for n in range(len(i.contexts))]
    passages = dict(zip(passage_ids, [c for i in items for c in i.contexts], strict=True))
    embedder = build_embedder(settings)
    cache = settings.data_dir / "eval-cache"
    retrievers = build_retrievers(
        embedder,
        passage_ids,
        list(passages.values()),
        cache,
        "pubmedqa-contexts",
        Fusion.from_settings(settings),
        options.progress,
    )
    vectors = cached_embeddings(embedder, [q.question for q in questions], cache, "pubmedqa-questions", False)
    rankings: dict[str, list[list[str]]] = {s: [] for s in SYSTEMS}  # abstracts (PMIDs)
    sections: dict[str, list[list[str]]] = {s: [] for s in SYSTEMS}  # passage ids
    for n, question in enumerate(tqdm(questions, desc="pubmedqa", unit="q", disable=not options.progress)):
        for system, ranking in retrievers.rankings(question.question, vectors[n], DEPTH).items():
            # Any section of the question's own abstract counts: rank abstracts, not sections.
            rankings[system].append(_dedupe([pid.split("#", 1)[0] for pid in ranking]))
            sections[system].append(ranking)

    scores = retrieval_scores(rankings, [{q.pmid} for q in questions], ks=(1, 5))
    for system in SYSTEMS:
        tops = [passages[r[0]] if r else "" for r in sections[system]]
        scores[system]["answer_f1"] = m.answer_f1(tops, [q.long_answer for q in questions])
    summary, per_category = summarise(scores, [q.decision or "unknown" for q in questions])
    records = [
        {
            "id": q.pmid,
            "question": q.question,
            "category": q.decision,
            "long_answer": q.long_answer,
            "retrieved": {s: sections[s][n][:5] for s in SYSTEMS},
            "top_passage": {s: passages[sections[s][n][0]] for s in SYSTEMS if sections[s][n]},
            "scores": item_scores(scores, n),
        }
        for n, q in enumerate(questions)
    ]
    return SuiteResult(
        suite="pubmedqa",
        summary=summary,
        categories=per_category,
        items=records,
        anchors=[],
        meta={
            "target": "in-process retrieval (the HTTP target does not apply to benchmarks)",
            "limit": options.limit,
            "items": len(questions),
            "corpus_passages": len(passage_ids),
            "split": "official PQA-L test PMIDs" if len(test) < len(items) else "all PQA-L items",
            "answer": "top retrieved passage, token F1 against LONG_ANSWER",
            "anchors": "none: published PQA-L results use the given context, not open retrieval",
        },
    )


def _dedupe(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))
