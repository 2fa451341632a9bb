"""Calibrate RAG_LLM_MIN_SUPPORT (and the novel-word gate) of the generated-sentence check.

The labelled set is built from the review gold set (eval/data/review_gold.jsonl), answerable items only:

- supported: each item's reference answer, a person's paraphrase of its evidence quote;
- unsupported, made from that answer: a number changed; one of its key points swapped for a key point of
  an item on another topic; a negation added; an invented clause appended; and a few invented claims about
  the same subject (the kind a model makes up).

Each sentence is checked against the passages the assistant retrieves for the item's question (the pool a
generated answer is checked against). The script sweeps the support threshold and the most novel words
allowed, prints the accuracy of each pair, the rejection rate per corruption, and the pair that classifies
the most sentences correctly (ties: fewest unsupported accepted, then the lower threshold).

    python bench/calibrate_support.py          # a temporary index of corpus/, the real embedding model
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.gold import GoldItem, load_gold  # noqa: E402
from rag import Assistant, Settings  # noqa: E402
from rag.answer.answerers import ANSWERERS, Question  # noqa: E402
from rag.answer.evidence import Evidence  # noqa: E402
from rag.answer.verify import Support, SupportChecker  # noqa: E402
from rag.text.tokens import tokenize  # noqa: E402
from rag.types import Answer  # noqa: E402

INVENTED = (
    "{subject} cure most cancers within two weeks of a single injection.",
    "87% of patients treated with {subject} were cancer-free after five years.",
    "{subject} were first described in 1956 by researchers in Boston.",
    "{subject} are approved by the FDA for routine treatment of breast cancer.",
)
# Plausible terms of the field that the review's abstract never uses: a swap to one of them is unsupported.
FOREIGN_TERMS = ("insulin resistance", "neuronal differentiation", "antibiotic therapy", "gene editing", "platelets")
NEGATED = re.compile(r"\b(is|are|was|were|do|does|can|make|makes|play|plays)\b")


@dataclass(frozen=True)
class Example:
    item: str
    kind: str  # supported | number | swap | recombined | negation | clause | invented
    text: str

    @property
    def label(self) -> bool:
        return self.kind == "supported"


class _Capture:
    """An answerer that keeps the evidence it is given (registered for this script only)."""

    name = "capture"
    evidence: Evidence | None = None

    def answer(self, question: Question, evidence: Evidence) -> Answer:
        _Capture.evidence = evidence
        return Answer(question.text, "", True)

    def stream(self, question: Question, evidence: Evidence) -> Iterator[str | Answer]:
        yield self.answer(question, evidence)


ANSWERERS.register("capture")(lambda settings: _Capture())


def examples(item: GoldItem, others: list[GoldItem], pool: str) -> list[Example]:
    """The item's reference answer and its corruptions; `pool` is the text of the retrieved passages."""
    text = item.reference_answer.strip()
    found = [Example(item.id, "supported", text)]
    if re.search(r"\d", text):
        found.append(Example(item.id, "number", re.sub(r"\d+", lambda m: str(int(m.group()) + 7), text, count=1)))
    point = next((p.split("|")[0] for p in item.key_points if p.split("|")[0].lower() in text.lower()), "")
    if point:
        foreign = FOREIGN_TERMS[len(found) % len(FOREIGN_TERMS)]
        found.append(Example(item.id, "swap", re.sub(re.escape(point), foreign, text, count=1, flags=re.I)))
        # A key point of another item that the passages do contain: true elsewhere, wrong here.
        elsewhere = [
            p.split("|")[0]
            for o in others
            for p in o.key_points
            if p.split("|")[0].lower() in pool.lower() and p.split("|")[0].lower() not in text.lower()
        ]
        if elsewhere:
            swapped = re.sub(re.escape(point), elsewhere[0], text, count=1, flags=re.I)
            found.append(Example(item.id, "recombined", swapped))
    if NEGATED.search(text):
        found.append(Example(item.id, "negation", NEGATED.sub(lambda m: m.group() + " not", text, count=1)))
    found.append(Example(item.id, "clause", text.rstrip(".") + ", and this doubles survival within six months."))
    subject = "MSC-EVs" if "EV" in text else "MSCs"
    found += [Example(item.id, "invented", t.format(subject=subject)) for t in INVENTED]
    return found


def supports(assistant: Assistant, items: list[GoldItem]) -> tuple[list[tuple[Example, Support]], list[bool]]:
    """Each example with its support, and whether the check before issue 13 (one word shared with any
    passage sentence) accepted it."""
    rows = []
    before: list[bool] = []
    for index, item in enumerate(items):
        assistant.ask(item.question, history=list(item.history))
        evidence = _Capture.evidence
        assert evidence is not None
        checker = SupportChecker(evidence, assistant.embedder.embed, 0.0, item.question)
        others = items[index + 1 :] + items[:index]
        pool = " ".join(p.chunk.text for p in evidence.passages)
        cases = examples(item, [o for o in others if o.category != item.category], pool)
        checked = checker.check([(e.text, []) for e in cases])
        rows += [(e, c.support) for e, c in zip(cases, checked, strict=True)]
        words = [set(tokenize(s.text)) for s in evidence.sentences]
        before += [any(set(tokenize(e.text)) & w for w in words) for e in cases]
    return rows, before


def sweep(rows: list[tuple[Example, Support]]) -> tuple[float, int, int, int]:
    """(threshold, most novel words, correct, unsupported accepted): the novel-word allowance with the most
    sentences classified correctly (ties: the stricter), and the middle of the threshold range that reaches it."""
    best: tuple[int, int, int, list[float]] = (-1, 0, 0, [])
    for novel in range(0, 6):
        results: dict[float, tuple[int, int]] = {}
        for step in range(0, 100):
            threshold = step / 100
            accepted = [s.passes(threshold, novel) for _, s in rows]
            correct = sum(a == e.label for (e, _), a in zip(rows, accepted, strict=True))
            false = sum(a and not e.label for (e, _), a in zip(rows, accepted, strict=True))
            results[threshold] = (correct, false)
        top = max(results.values())
        plateau = [t for t, r in results.items() if r == top]
        if top[0] > best[0]:
            best = (top[0], top[1], novel, plateau)
    correct, false, novel, plateau = best
    return round((min(plateau) + max(plateau)) / 2, 2), novel, correct, false


def report(rows: list[tuple[Example, Support]], threshold: float, novel: int) -> None:
    kinds: dict[str, list[bool]] = {}
    for example, support in rows:
        kinds.setdefault(example.kind, []).append(support.passes(threshold, novel))
    for kind, accepted in kinds.items():
        rate = sum(accepted) / len(accepted)
        verb = "accepted" if kind == "supported" else "rejected"
        share = rate if kind == "supported" else 1 - rate
        print(f"  {kind:10s} {len(accepted):3d} sentences, {verb} {share:.3f}")


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        assistant = Assistant(Settings(data_dir=Path(tmp), answerer="capture"))
        assistant.ingest()
        corpus = _corpus(assistant)
        items = [i for i in load_gold(corpus=corpus) if not i.expect_abstain]
        rows, before = supports(assistant, items)
        assistant.close()
    if "--verbose" in argv:
        for example, support in sorted(rows, key=lambda r: r[1].score):
            print(f"{support.score:.3f} n{support.novel} {example.kind:9s} {example.text[:90]} {support.missing}")
    fitted = [r for r in rows if r[0].kind != "recombined"]
    threshold, novel, correct, false = sweep(fitted)
    print(f"{len(rows)} sentences from {len(items)} gold items ({sum(e.label for e, _ in rows)} supported)")
    print("fitted on every kind but 'recombined' (reported only: telling it apart needs an NLI model)")
    print(f"best: RAG_LLM_MIN_SUPPORT={threshold:.2f}, at most {novel} novel words: {correct}/{len(fitted)} correct,")
    print(f"      {false} unsupported accepted")
    report(rows, threshold, novel)
    wrong = [b for (e, _), b in zip(rows, before, strict=True) if not e.label]
    print(f"the check before (one shared word) accepted {sum(wrong)} of {len(wrong)} unsupported sentences")
    return 0


def _corpus(assistant: Assistant) -> dict[str, list[str]]:
    from rag.index.corpus import read_corpus
    from rag.index.loaders import load_document

    settings: Any = assistant.settings
    documents = [load_document(e.path, e.meta, settings.max_file_bytes) for e in read_corpus(settings.corpus_dir)]
    return {d.doc_id: [s.text for s in d.sections] for d in documents}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
