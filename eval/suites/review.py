"""The review suite: the gold set through `Assistant.ask` (in process or over HTTP), plus BM25-only
and dense-only retrieval over the same chunks, scored against the gold quotes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from eval import metrics as m
from eval.gold import GoldItem, load_gold
from eval.results import SuiteOptions, SuiteResult, item_scores, summarise
from eval.retrievers import Retrievers, build_retrievers
from eval.targets import Retrieved, Target, cited_passages, make_target
from rag.index.embed import Embedder
from rag.retrieval import Fusion

DEPTH = 10
_MARKERS = re.compile(r"((?:\s*\[\d+(?:\s*[,\u2013-]\s*\d+)*\])+)[.!?]?")


def run(settings: Any, options: SuiteOptions) -> SuiteResult:
    from tqdm import tqdm

    documents = _documents(settings)
    corpus = {d.doc_id: [s.text for s in d.sections] for d in documents}
    items = stratified(load_gold(corpus=corpus), options.limit)
    target = make_target(options.target, settings, options.api_key)
    chunks = retrieved_chunks(_chunks(settings, documents))
    baseline = baselines(settings, chunks, getattr(target, "embedder", None))

    answers: list[dict[str, Any]] = []
    latencies: list[float] = []
    ranked: dict[str, list[list[Retrieved]]] = {"assistant": [], "bm25": [], "dense": []}
    searchable = True
    for item in tqdm(items, desc=f"review via {target.name}", unit="q", disable=not options.progress):
        answer, latency = target.ask(item.question, item.history)
        answers.append(answer)
        latencies.append(latency)
        query = retrieval_query(item)
        searched = target.search(query, DEPTH)
        searchable = searched is not None
        ranked["assistant"].append(searched if searched is not None else cited_passages(answer))
        vector = baseline.embedder.embed([query])[0]
        runs = baseline.retrievers.rankings(query, vector, DEPTH)
        for system in ("bm25", "dense"):
            ranked[system].append([chunks[cid] for cid in runs[system]])

    scores = {system: retrieval_scores(items, lists) for system, lists in ranked.items()}
    scores["assistant"].update(answer_scores(items, answers, latencies))
    categories = [i.category for i in items]
    summary, per_category = summarise(scores, categories)
    return SuiteResult(
        suite="review",
        summary=summary,
        categories=per_category,
        items=[item_record(n, item, answers[n], latencies[n], ranked, scores) for n, item in enumerate(items)],
        meta=_meta(settings, options, target, items, searchable),
    )


def retrieval_query(item: GoldItem) -> str:
    """What the retrieval rows search: a follow-up is prefixed by the previous user turn, so that
    'which of them is the corresponding author?' carries its topic (the assistant has history itself)."""
    previous = [t["content"] for t in item.history if t.get("role") == "user"]
    return f"{previous[-1]} {item.question}" if previous else item.question


def retrieval_scores(items: Sequence[GoldItem], lists: Sequence[Sequence[Retrieved]]) -> dict[str, m.Score]:
    ranked = [gold_matches(item, passages) for item, passages in zip(items, lists, strict=True)]
    return {
        "hit@1": m.hit_at_k(ranked, 1),
        "hit@3": m.hit_at_k(ranked, 3),
        "hit@5": m.hit_at_k(ranked, 5),
        "recall@5": m.recall_at_k(ranked, 5),
        "recall@10": m.recall_at_k(ranked, 10),
        "mrr": m.mrr(ranked),
        "ndcg@10": m.ndcg_at_k(ranked, 10),
    }


def gold_matches(item: GoldItem, passages: Sequence[Retrieved]) -> m.Ranked:
    """A passage is relevant when it contains one of the item's gold quotes verbatim."""
    matches = tuple(
        frozenset(f"q{i}" for i, e in enumerate(item.evidence) if e.doc_id == p.doc_id and e.quote in p.text)
        for p in passages
    )
    return m.Ranked(matches, len(item.evidence))


def answer_scores(items: Sequence[GoldItem], answers: Sequence[dict[str, Any]], latencies: Sequence[float]) -> dict:
    abstained = [bool(a.get("abstained")) for a in answers]
    texts = ["" if a.get("abstained") else str(a.get("answer", "")) for a in answers]
    cited = [answer_sentences(a) for a in answers]
    quotes = [item.quotes for item in items]
    return {
        "key_point_recall": m.key_point_recall(texts, [i.key_points for i in items]),
        "citation_recall": m.citation_recall(cited, quotes),
        "citation_precision": m.citation_precision(cited, quotes),
        "abstention_precision": m.abstention_precision(abstained, [i.expect_abstain for i in items]),
        "abstention_recall": m.abstention_recall(abstained, [i.expect_abstain for i in items]),
        "latency_p50_ms": m.latency_percentile(latencies, 50),
        "latency_p95_ms": m.latency_percentile(latencies, 95),
    }


def answer_sentences(answer: dict[str, Any]) -> list[m.CitedSentence] | None:
    """The answer's sentences with the texts of the passages each cites (None when it abstained)."""
    if answer.get("abstained"):
        return None
    texts = {c.get("n"): str(c.get("text", "")) for c in answer.get("citations", [])}
    if answer.get("sentences"):
        pairs = [(s.get("text", ""), s.get("citations", [])) for s in answer["sentences"]]
    else:  # an answerer that only returns text: "Sentence one [1]. Sentence two [2][3]."
        pairs = split_cited(str(answer.get("answer", "")))
    return [m.CitedSentence(str(text), tuple(texts[n] for n in ns if n in texts)) for text, ns in pairs]


def split_cited(text: str) -> list[tuple[str, list[int]]]:
    """(sentence, cited numbers) for each run of text ending in markers; trailing uncited text counts
    as a sentence without citations (it lowers citation recall, as in ALCE)."""
    pairs: list[tuple[str, list[int]]] = []
    start = 0
    for match in _MARKERS.finditer(text):
        sentence = text[start : match.start()].strip().lstrip(".;,!? ")
        if sentence:
            pairs.append((sentence, [int(n) for n in re.findall(r"\d+", match.group(1))]))
        start = match.end()
    tail = text[start:].strip().lstrip(".;,!? ")
    if tail:
        pairs.append((tail, []))
    return pairs


def stratified(items: Sequence[GoldItem], limit: int | None) -> list[GoldItem]:
    """The first `limit` items taken round-robin over categories, so a short run still covers each."""
    if limit is None or limit >= len(items):
        return list(items)
    by_category: dict[str, list[GoldItem]] = {}
    for item in items:
        by_category.setdefault(item.category, []).append(item)
    picked: list[GoldItem] = []
    depth = 0
    while len(picked) < limit:
        for group in by_category.values():
            if depth < len(group) and len(picked) < limit:
                picked.append(group[depth])
        depth += 1
    return picked


@dataclass(frozen=True)
class Baselines:
    embedder: Embedder
    retrievers: Retrievers


def baselines(
    settings: Any, chunks: dict[str, Retrieved], embedder: Embedder | None = None, label: str = "review-chunks"
) -> Baselines:
    """BM25 and dense over the assistant's chunks, indexed as the assistant indexes them."""
    from rag.index.embed import build_embedder

    embedder = embedder or build_embedder(settings)
    ids = list(chunks)
    retrievers = build_retrievers(
        embedder,
        ids,
        [chunks[i].text for i in ids],
        settings.data_dir / "eval-cache",
        label,
        Fusion.from_settings(settings),
        progress=False,
        sparse_texts=[f"{chunks[i].section}. {chunks[i].text}" for i in ids],
    )
    return Baselines(embedder, retrievers)


def _documents(settings: Any) -> list[Any]:
    from rag.index.corpus import read_corpus
    from rag.index.loaders import load_document

    return [load_document(e.path, e.meta, settings.max_file_bytes) for e in read_corpus(settings.corpus_dir)]


def _chunks(settings: Any, documents: Sequence[Any]) -> list[Any]:
    """The same chunks the assistant indexes (same chunker, same settings)."""
    from rag.index.chunk import chunk_document

    return [
        c
        for document in documents
        for c in chunk_document(document, settings.chunk_sentences, settings.chunk_overlap, settings.chunk_max_chars)
    ]


def retrieved_chunks(chunks: Sequence[Any]) -> dict[str, Retrieved]:
    """{chunk id: the chunk as a ranked passage} for the baselines."""
    return {c.chunk_id: Retrieved(c.chunk_id, c.doc_id, c.section, c.text) for c in chunks}


def item_record(
    index: int,
    item: GoldItem,
    answer: dict[str, Any],
    latency: float,
    ranked: dict[str, list[list[Retrieved]]],
    scores: dict[str, dict[str, m.Score]],
) -> dict[str, Any]:
    return {
        "id": item.id,
        "category": item.category,
        "question": item.question,
        "history": list(item.history),
        "expect_abstain": item.expect_abstain,
        "reference_answer": item.reference_answer,
        "key_points": list(item.key_points),
        "evidence": [{"doc_id": e.doc_id, "quote": e.quote} for e in item.evidence],
        "answer": answer.get("answer", ""),
        "abstained": bool(answer.get("abstained")),
        "reason": answer.get("reason", ""),
        "reason_code": answer.get("reason_code", ""),
        "citations": answer.get("citations", []),
        "sentences": answer.get("sentences", []),
        "timings_ms": answer.get("timings_ms", {}),
        "latency_ms": round(latency, 2),
        "retrieved": {
            system: [{"chunk_id": p.chunk_id, "section": p.section, "text": p.text} for p in lists[index][:5]]
            for system, lists in ranked.items()
        },
        "scores": item_scores(scores, index),
    }


def _meta(settings: Any, options: SuiteOptions, target: Target, items: Sequence[GoldItem], searched: bool) -> dict:
    ingest = getattr(target, "ingest", None)
    return {
        "target": target.name,
        "limit": options.limit,
        "items": len(items),
        "assistant_retrieval": "Assistant.search(k=10)" if searched else "the answer's citations, in order",
        "baselines": "bm25 and dense over the same chunks, plain query (no acronym or metadata expansion)",
        "settings": {
            k: str(getattr(settings, k))
            for k in (
                "embedding_model",
                "top_k",
                "candidates",
                "rrf_k",
                "dense_weight",
                "min_evidence",
                "chunk_sentences",
                "answerer",
            )
        },
        "ingest": ingest.to_dict() if hasattr(ingest, "to_dict") else None,
    }
