"""Fit the abstention model (rag/answer/abstain.py) and RAG_MIN_EVIDENCE on the tuning documents only.

For every question of the full-text gold set whose answer depends on the model (content, claims,
"which study"), it records the model's signals on that question's paper, indexed alone as the eval
suite indexes it. The review suite's questions join the tuning rows: their page is a tuning document,
and a model that fits the other papers but drops that suite below its floors is no use. It fits a
logistic regression on the tune split, picks the threshold that classifies the most tune questions right
(answer the answerable, abstain on the rest; classes weighted equally), and then reports the same
figures on the gate split, which the fit never saw.

    python bench/calibrate.py                 # prints WEIGHTS, BIAS and the threshold to paste in
    python bench/calibrate.py --show          # also every question with its confidence
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.documents import DOCUMENTS, prepare  # noqa: E402
from eval.gold import load_fulltext_gold, load_gold  # noqa: E402
from rag import Assistant, Settings, Turn  # noqa: E402
from rag.answer.abstain import DEFAULT_MODEL, SIGNALS, AbstentionModel, fit, signals  # noqa: E402

MODEL_INTENTS = ("content", "claim", "reference")
REVIEW_PAGE = "shan2024"  # the document of eval/data/fulltext_gold.jsonl the review suite asks about


@dataclass(frozen=True)
class Row:
    split: str
    doc: str
    item: str
    question: str
    answerable: bool
    signals: dict[str, float]


def collect(settings: Settings) -> list[Row]:
    from rag.index.embed import build_embedder

    embedder = build_embedder(settings)
    review = [replace(item, doc=REVIEW_PAGE, id=f"review-{item.id}") for item in load_gold()]
    gold = [*load_fulltext_gold(), *review]
    rows = []
    for document in DOCUMENTS:
        prepared = prepare(document, settings)
        with Assistant(prepared.settings, embedder=embedder) as assistant:
            assistant.ingest()
            pipeline = assistant._loaded()  # the bench looks inside on purpose: it fits the model's inputs
            for item in (i for i in gold if i.doc == document.doc_id):
                history = [Turn(t["role"], t["content"]) for t in item.history]
                question = pipeline.prepare(item.question, history)
                intent, evidence = pipeline.evidence(question, settings.top_k, {})
                if intent.kind in MODEL_INTENTS:
                    rows.append(
                        Row(document.split, document.doc_id, item.id, item.question, not item.expect_abstain,
                            signals(evidence))
                    )  # fmt: skip
    return rows


def threshold(model: AbstentionModel, rows: Sequence[Row]) -> float:
    """The cut with the best balanced accuracy on `rows` (ties: the middle of the widest gap)."""
    scored = sorted((model.confidence(r.signals), r.answerable) for r in rows)
    positives = sum(a for _, a in scored) or 1
    negatives = len(scored) - sum(a for _, a in scored) or 1
    best = (-1.0, 0.0, 0.5)
    for (low, _), (high, _) in zip(scored, scored[1:], strict=False):
        t = (low + high) / 2
        answered = sum(c >= t for c, a in scored if a) / positives
        abstained = sum(c < t for c, a in scored if not a) / negatives
        best = max(best, ((answered + abstained) / 2, high - low, t))
    return round(best[2], 3)


def report(name: str, model: AbstentionModel, cut: float, rows: Sequence[Row]) -> None:
    answerable = [r for r in rows if r.answerable]
    others = [r for r in rows if not r.answerable]
    answered = sum(model.confidence(r.signals) >= cut for r in answerable)
    abstained = sum(model.confidence(r.signals) < cut for r in others)
    print(f"{name}: answerable answered {answered}/{len(answerable)}, must-abstain abstained {abstained}/{len(others)}")


FEATURE_SETS = (
    SIGNALS,
    ("dense", "lexical", "unknown", "technical", "margin"),
    ("dense", "lexical", "technical", "margin"),
    ("dense", "lexical", "unknown", "technical"),
    ("dense", "lexical", "rare", "technical", "agreement"),
    ("dense", "lexical", "technical"),
    ("dense", "lexical", "unknown"),
)
L2 = (0.01, 0.1, 0.3, 1.0)


def cross_validate(rows: Sequence[Row], names: Sequence[str], l2: float) -> float:
    """Balanced accuracy with each tuning document held out in turn (threshold chosen on the rest)."""
    correct: list[tuple[bool, bool]] = []
    for doc in sorted({r.doc for r in rows}):
        train = [r for r in rows if r.doc != doc]
        model = fit([r.signals for r in train], [int(r.answerable) for r in train], l2=l2, names=names)
        cut = threshold(model, train)
        correct += [(r.answerable, (model.confidence(r.signals) >= cut) == r.answerable) for r in rows if r.doc == doc]
    positives = [ok for answerable, ok in correct if answerable]
    negatives = [ok for answerable, ok in correct if not answerable]
    return (sum(positives) / max(len(positives), 1) + sum(negatives) / max(len(negatives), 1)) / 2


def choose(rows: Sequence[Row]) -> tuple[tuple[str, ...], float]:
    """The signal set and regularisation with the best leave-one-document-out score on `rows`."""
    scores = {(tuple(names), l2): cross_validate(rows, names, l2) for names in FEATURE_SETS for l2 in L2}
    for (names, l2), score in sorted(scores.items(), key=lambda kv: -kv[1])[:5]:
        print(f"  cv {score:.3f}  l2={l2}  {', '.join(names)}")
    return max(scores, key=lambda key: scores[key])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", action="store_true", help="print every question with its confidence")
    args = parser.parse_args()
    rows = collect(Settings())
    tune = [r for r in rows if r.split == "tune"]
    gate = [r for r in rows if r.split == "gate"]
    print("leave-one-tuning-document-out, best five:")
    names, l2 = choose(tune)
    model = fit([r.signals for r in tune], [int(r.answerable) for r in tune], l2=l2, names=names)
    cut = threshold(model, tune)
    print(f"WEIGHTS = {dict(model.weights)}\nBIAS = {model.bias}\nRAG_MIN_EVIDENCE = {cut}")
    review = [r for r in tune if r.item.startswith("review-")]
    report("tune (in-sample)", model, cut, tune)
    report("  of which review", model, cut, review)
    report("gate (held out) ", model, cut, gate)
    current = Settings().min_evidence
    print(f"the shipped model (rag/answer/abstain.py, RAG_MIN_EVIDENCE {current}) on the same questions:")
    report("tune", DEFAULT_MODEL, current, tune)
    report("  of which review", DEFAULT_MODEL, current, review)
    report("gate", DEFAULT_MODEL, current, gate)
    if args.show:
        for r in sorted(rows, key=lambda r: (r.split, model.confidence(r.signals))):
            values = " ".join(f"{k}={r.signals[k]:.2f}" for k in SIGNALS)
            print(f"{r.split} {model.confidence(r.signals):.3f} {'A' if r.answerable else '-'} {r.item:16s} {values}")


if __name__ == "__main__":
    main()
