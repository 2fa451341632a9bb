"""The full-text suite: `eval/data/fulltext_gold.jsonl` asked of each paper indexed alone, in process.

Every document gets its own corpus and index (eval/documents.py); its questions go through
`rag.Assistant.ask` (with `history` for follow-ups) and `Assistant.search`. BM25-only and dense-only
retrieval over the same chunks are scored beside it. Figures come per category, per document and per
split (tune: what weights may be fitted on; gate: what CI checks).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from eval import metrics as m
from eval.documents import DOCUMENTS, prepare, prepare_together, select
from eval.errors import EvalError
from eval.gold import FULLTEXT_CATEGORIES, FULLTEXT_PATH, GoldItem, load_fulltext_gold, validate_quotes
from eval.results import SuiteOptions, SuiteResult, grouped, summarise
from eval.suites.review import (
    answer_sentences,
    baselines,
    item_record,
    retrieval_query,
    retrieved_chunks,
    stratified,
)
from eval.targets import LocalTarget, Retrieved

DEPTH = 10
SYSTEMS = ("assistant", "bm25", "dense")


@dataclass
class _Collected:
    """What the run gathers, item by item, across documents (aligned lists)."""

    items: list[GoldItem] = field(default_factory=list)
    answers: list[dict[str, Any]] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    ranked: dict[str, list[list[Retrieved]]] = field(default_factory=lambda: {s: [] for s in SYSTEMS})
    ingests: dict[str, Any] = field(default_factory=dict)


def run(settings: Any, options: SuiteOptions) -> SuiteResult:
    if options.target != "local":
        raise EvalError("the fulltext suite runs in process (each paper gets its own index): drop --target")
    from rag.index.embed import build_embedder

    documents = select(options.split, options.doc)
    gold = load_fulltext_gold()
    unknown = sorted({i.doc for i in gold} - {d.doc_id for d in DOCUMENTS})
    if unknown:
        raise EvalError(f"{FULLTEXT_PATH.name} names documents eval/documents.py does not know: {', '.join(unknown)}")
    embedder = build_embedder(settings)  # the backend the product runs (RAG_EMBEDDING_BACKEND)
    collected = _Collected()
    asked = {d.doc_id: stratified([i for i in gold if i.doc == d.doc_id], options.limit) for d in documents}
    for indexed, sections, chunks in _indexes(documents, settings, options):
        items = [item for doc_id in sections for item in asked[doc_id]]
        _ask_index(indexed, sections, chunks, items, settings, embedder, collected, options)
    return _result(settings, options, documents, collected)


def _indexes(
    documents: Sequence[Any], settings: Any, options: SuiteOptions
) -> Iterator[tuple[Any, Mapping[str, Sequence[str]], Sequence[Any]]]:
    """(settings of the index, each paper's sections, the chunks) of one index per paper, or of one index
    holding them all (`--together`)."""
    if options.together:
        shared = prepare_together(documents, settings, options.doc or options.split)
        yield shared.settings, shared.sections, shared.chunks
        return
    for document in documents:
        own = prepare(document, settings)
        yield own.settings, {document.doc_id: own.sections}, own.chunks


def _ask_index(
    indexed: Any,
    sections: Mapping[str, Sequence[str]],
    chunks_loaded: Sequence[Any],
    items: Sequence[GoldItem],
    settings: Any,
    embedder: Any,
    collected: _Collected,
    options: SuiteOptions,
) -> None:
    """Index the papers of `sections` (one, or a reading list), ask their questions, and rank their chunks
    with the baselines. `indexed`: the settings pointing at their corpus and data folders."""
    from tqdm import tqdm

    label = "+".join(sections)
    validate_quotes(items, {doc_id: tuple(texts) for doc_id, texts in sections.items()}, FULLTEXT_PATH)
    chunks = retrieved_chunks(tuple(chunks_loaded))
    baseline = baselines(settings, chunks, embedder, label=f"fulltext-{label}")
    target = LocalTarget(indexed, embedder)
    collected.ingests[label] = target.ingest.to_dict() if hasattr(target.ingest, "to_dict") else None
    try:
        for item in tqdm(items, desc=label, unit="q", disable=not options.progress):
            answer, latency = target.ask(item.question, item.history)
            query = retrieval_query(item)
            vector = embedder.embed([query])[0]
            runs = baseline.retrievers.rankings(query, vector, DEPTH)
            collected.items.append(item)
            collected.answers.append(answer)
            collected.latencies.append(latency)
            collected.ranked["assistant"].append(target.search(query, DEPTH) or [])
            for system in ("bm25", "dense"):
                collected.ranked[system].append([chunks[cid] for cid in runs[system]])
    finally:
        target.close()


def answer_scores(items: Sequence[GoldItem], answers: Sequence[dict[str, Any]], latencies: Sequence[float]) -> dict:
    """The assistant's answer metrics (see eval/README.md), aligned with `items`."""
    abstained = [bool(a.get("abstained")) for a in answers]
    expected = [i.expect_abstain for i in items]
    points = [i.key_points for i in items]
    quotes = [i.quotes for i in items]
    cited = [answer_sentences(a) for a in answers]
    said = [None if s is None else [c.text for c in s] for s in cited]
    return {
        "answered_all_key_facts": m.answered_all_key_facts([_plain_answer(a) for a in answers], points),
        "abstained_correctly": m.abstention_recall(abstained, expected),
        "benign_refused": m.benign_refused(abstained, [i.benign for i in items]),
        "answer_sentences_that_answer": m.answer_sentences_that_answer(said, quotes, points),
        "first_sentence_answers": m.first_sentence_answers(said, quotes, points),
        "reference_entries_quoted": m.reference_entries_quoted(
            [cited_kinds(a) for a in answers], [i.allow_references for i in items]
        ),
        "refusals_pointing_at_answer": m.refusals_pointing_at_answer([_offered(a) for a in answers], points),
        "key_point_recall": m.key_point_recall([_plain_answer(a) or "" for a in answers], points),
        "citation_recall": m.citation_recall(cited, quotes),
        "citation_precision": m.citation_precision(cited, quotes),
        "abstention_precision": m.abstention_precision(abstained, expected),
        "latency_p50_ms": m.latency_percentile(latencies, 50),
        "latency_p95_ms": m.latency_percentile(latencies, 95),
    }


def cited_kinds(answer: dict[str, Any]) -> list[tuple[str, ...]] | None:
    """For each answer sentence, the section kinds of the passages it cites (None when it abstained)."""
    return _cited(answer, "kind")


def _cited(answer: dict[str, Any], field: str) -> list[tuple[str, ...]] | None:
    """For each answer sentence, `field` of each citation it cites (None when it abstained)."""
    if answer.get("abstained"):
        return None
    values = {c.get("n"): str(c.get(field, "")) for c in answer.get("citations", [])}
    return [tuple(values.get(n, "") for n in s.get("citations", [])) for s in answer.get("sentences", [])]


def _plain_answer(answer: dict[str, Any]) -> str | None:
    """The answer without its [n] markers (None when it abstained): what key points are looked for in."""
    return None if answer.get("abstained") else m.strip_markers(str(answer.get("answer", "")))


def _cited_documents(answer: dict[str, Any]) -> list[str] | None:
    """The papers an answer's sentences cite, first cited first (None when it abstained)."""
    per_sentence = _cited(answer, "doc_id")
    return None if per_sentence is None else list(dict.fromkeys(d for papers in per_sentence for d in papers))


def _offered(answer: dict[str, Any]) -> list[str] | None:
    """The passage texts a refusal offers as closest (None when it answered)."""
    return [str(c.get("text", "")) for c in answer.get("citations", [])] if answer.get("abstained") else None


def _top_texts(lists: Sequence[Sequence[Retrieved]]) -> list[list[str]]:
    return [[p.text for p in passages] for passages in lists]


def _result(settings: Any, options: SuiteOptions, documents: Sequence[Any], c: _Collected) -> SuiteResult:
    quotes, points = [i.quotes for i in c.items], [i.key_points for i in c.items]
    scores = {
        system: {"key_facts_in_top3": m.key_facts_in_top_k(_top_texts(c.ranked[system]), quotes, points, 3)}
        for system in SYSTEMS
    }
    scores["assistant"].update(answer_scores(c.items, c.answers, c.latencies))
    if options.together:  # alone, every citation is of the asked paper
        # A metadata question that names no paper is answered by each paper, by design.
        pairs = zip(c.items, c.answers, strict=True)
        cited = [None if item.category == "metadata" else _cited_documents(answer) for item, answer in pairs]
        scores["assistant"]["cites_the_asked_paper"] = m.cites_the_asked_paper(cited, [i.doc for i in c.items])
    summary, per_category = summarise(scores, [i.category for i in c.items], FULLTEXT_CATEGORIES)
    split_of = {d.doc_id: d.split for d in DOCUMENTS}
    records = []
    for n, item in enumerate(c.items):
        record = item_record(n, item, c.answers[n], c.latencies[n], c.ranked, scores)
        record.update(doc=item.doc, split=split_of[item.doc], allow_references=item.allow_references)
        records.append(record)
    return SuiteResult(
        suite="fulltext",
        summary=summary,
        categories=per_category,
        breakdowns={
            "document": grouped(scores, [i.doc for i in c.items]),
            "split": grouped(scores, [split_of[i.doc] for i in c.items]),
        },
        items=records,
        meta=_meta(settings, options, documents, c),
    )


def _meta(settings: Any, options: SuiteOptions, documents: Sequence[Any], c: _Collected) -> dict[str, Any]:
    return {
        "target": "local (rag.Assistant in process, "
        + ("the documents in one index)" if options.together else "one index per document)"),
        "together": options.together,
        "split": options.split,
        "documents": {d.doc_id: {"file": d.file, "split": d.split} for d in documents},
        "limit_per_document": options.limit,
        "items": len(c.items),
        "assistant_retrieval": "Assistant.search(k=10); a follow-up is prefixed by the previous question",
        "baselines": "bm25 and dense over the same chunks, plain query (no acronym or metadata expansion)",
        "real_docs_dir": str(settings.real_docs_dir),
        "settings": {
            k: str(getattr(settings, k))
            for k in ("embedding_model", "top_k", "candidates", "rrf_k", "dense_weight", "min_evidence", "answerer")
        },
        "ingest": c.ingests,
    }
