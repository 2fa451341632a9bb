"""Answerers side by side: the review gold set through each answerer, in process, over one index.

    python -m eval answerers --answerer extractive --answerer local=/path/model.gguf
    python -m eval answerers --answerer extractive --answerer openai=http://127.0.0.1:8090/v1

Each answerer is a system of the run (rows of the table): key points, citation precision/recall (the
harness's own support test, independent of the answerer's check), abstention, latency, and for generated
answers `generated` (share of answered items that show the model's sentences), `fallback` (share of answered
items where the model failed or nothing it wrote was supported: the extractive answer was shown) and
`sentences_removed` (share of the model's sentences the check removed).
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from typing import Any

from eval import metrics as m
from eval.errors import EvalError
from eval.gold import GoldItem, load_gold
from eval.results import SuiteResult, item_scores, summarise
from eval.suites.review import answer_scores, stratified

KINDS = {"extractive": None, "local": "llm_model", "openai": "llm_base_url", "ollama": "llm_base_url"}
_REMOVED = re.compile(r"(\d+) of (\d+) generated sentences (?:were removed|are marked)")
_NONE_SUPPORTED = re.compile(r"none of the model's (\d+) sentences")
_FALLBACK = "Generated answer unavailable"


def parse_spec(spec: str) -> tuple[str, dict[str, Any]]:
    """'local=/m.gguf' -> ('local', {'answerer': 'local', 'llm_model': '/m.gguf'})."""
    name, _, value = spec.partition("=")
    if name not in KINDS:
        raise EvalError(f"unknown answerer {name!r} in --answerer {spec!r}; choose one of: {', '.join(KINDS)}")
    field = KINDS[name]
    if field and not value:
        example = "local=/path/model.gguf" if name == "local" else f"{name}=http://127.0.0.1:8090/v1"
        raise EvalError(f"--answerer {name} needs a value, e.g. --answerer {example}")
    return name, {"answerer": name, **({field: value} if field else {})}


def run(settings: Any, specs: Sequence[str], limit: int | None = None, progress: bool = True) -> SuiteResult:
    from tqdm import tqdm

    from rag import Assistant
    from rag.index.corpus import read_corpus
    from rag.index.embed import build_embedder
    from rag.index.loaders import load_document

    parsed = [parse_spec(s) for s in specs]
    documents = [load_document(e.path, e.meta, settings.max_file_bytes) for e in read_corpus(settings.corpus_dir)]
    corpus = {d.doc_id: [s.text for s in d.sections] for d in documents}
    items = stratified(load_gold(corpus=corpus), limit)
    embedder = build_embedder(settings)
    with Assistant(settings, embedder) as assistant:
        assistant.ingest(progress=False)
    scores: dict[str, dict[str, m.Score]] = {}
    answers: dict[str, list[dict[str, Any]]] = {}
    latencies: dict[str, list[float]] = {}
    for label, overrides in _labelled(parsed):
        config = settings.model_copy(update=overrides)
        answers[label], latencies[label] = [], []
        with Assistant(config, embedder) as assistant:
            assistant.warm_up()
            for item in tqdm(items, desc=label, unit="q", disable=not progress):
                start = time.perf_counter()
                answer = assistant.ask(item.question, history=list(item.history))
                latencies[label].append((time.perf_counter() - start) * 1000.0)
                answers[label].append(answer.to_dict())
        scores[label] = {**answer_scores(items, answers[label], latencies[label]), **generation_scores(answers[label])}
    summary, per_category = summarise(scores, [i.category for i in items])
    records = [_record(n, item, answers, scores) for n, item in enumerate(items)]
    meta = {"items": len(items), "limit": limit, "answerers": list(specs), "min_support": settings.llm_min_support}
    return SuiteResult("answerers", summary, per_category, records, meta=meta)


def generation_scores(answers: Sequence[dict[str, Any]]) -> dict[str, m.Score]:
    """Per answered item: generated (1/0), fallback (1/0), and the share of model sentences removed."""
    generated: list[float | None] = []
    fallback: list[float | None] = []
    removed: list[float | None] = []
    for answer in answers:
        note = str(answer.get("note", ""))
        answered = not answer.get("abstained")
        generated.append(float(answer.get("mode") != "extractive") if answered else None)
        fallback.append(float(note.startswith(_FALLBACK)) if answered else None)
        removed.append(_removed_share(note) if answered else None)
    return {
        "generated": m.Score(m.mean_of(generated), generated),
        "fallback": m.Score(m.mean_of(fallback), fallback),
        "sentences_removed": m.Score(m.mean_of(removed), removed),
    }


def _removed_share(note: str) -> float | None:
    """Share of the model's sentences the check removed, read from the answer's note (None: no model text)."""
    if match := _REMOVED.search(note):
        return int(match.group(1)) / int(match.group(2))
    if _NONE_SUPPORTED.search(note):
        return 1.0
    return None if note.startswith(_FALLBACK) else 0.0


def _labelled(parsed: Sequence[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    """Unique row labels: the kind, numbered when it repeats (openai, openai-2)."""
    seen: dict[str, int] = {}
    out = []
    for name, overrides in parsed:
        seen[name] = seen.get(name, 0) + 1
        out.append((name if seen[name] == 1 else f"{name}-{seen[name]}", overrides))
    return out


def _record(
    index: int, item: GoldItem, answers: dict[str, list[dict[str, Any]]], scores: dict[str, dict[str, m.Score]]
) -> dict[str, Any]:
    return {
        "id": item.id,
        "category": item.category,
        "question": item.question,
        "must_abstain": item.expect_abstain,
        "answers": {
            label: {k: a[index].get(k) for k in ("answer", "abstained", "mode", "note", "sentences")}
            for label, a in answers.items()
        },
        "scores": item_scores(scores, index),
    }
