"""Calibrate RAG_MIN_EVIDENCE on the dev question set (tests/data/dev_questions.jsonl).

For every dev question it records the evidence strength (best sentence score) the assistant sees,
then sweeps thresholds and prints, per threshold, how many answerable questions would still be
answered and how many not-covered / off-topic ones would be refused. The chosen threshold is the
midpoint of the widest gap that answers every answerable question and refuses the most of the rest.

    python bench/calibrate.py            # uses a temporary index of corpus/
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rag import Assistant, Settings  # noqa: E402

DEV = Path(__file__).resolve().parents[1] / "tests" / "data" / "dev_questions.jsonl"


def strengths(assistant: Assistant) -> list[tuple[str, str, float]]:
    rows = []
    for line in DEV.read_text().splitlines():
        item = json.loads(line)
        score = assistant.ask(item["question"]).evidence
        rows.append((item["kind"], item["question"], score))
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        assistant = Assistant(Settings(data_dir=Path(tmp)))
        assistant.ingest()
        rows = strengths(assistant)
        assistant.close()
    for kind, question, score in sorted(rows, key=lambda r: r[2]):
        print(f"{score:6.3f}  {kind:11s}  {question}")
    answerable = sorted(s for k, _, s in rows if k == "answerable")
    others = sorted(s for k, _, s in rows if k != "answerable")
    print("\nthreshold  answered(answerable)  refused(other)")
    for t in [x / 100 for x in range(30, 66, 2)]:
        kept = sum(s >= t for s in answerable)
        refused = sum(s < t for s in others)
        print(f"  {t:.2f}        {kept:2d}/{len(answerable)}               {refused:2d}/{len(others)}")
    print(f"\nsuggested RAG_MIN_EVIDENCE = {suggest(answerable, others):.3f}")


def suggest(answerable: list[float], others: list[float]) -> float:
    """The midpoint between neighbouring scores that classifies the most questions correctly
    (answer the answerable, refuse the rest); ties go to the widest gap."""
    scores = sorted(answerable + others)
    best = (-1, 0.0, 0.0)
    for low, high in zip(scores, scores[1:], strict=False):
        t = (low + high) / 2
        correct = sum(s >= t for s in answerable) + sum(s < t for s in others)
        best = max(best, (correct, high - low, t))
    return best[2]


if __name__ == "__main__":
    main()
