"""Warm `ask` latency per stage, ingest time, start-up time and peak memory, on the review corpus.

    python bench/ask_latency.py [--rounds 5] [--corpus corpus]

Builds a fresh index in a temporary folder (so ingest is measured from scratch), warms the
assistant up, then asks every dev question `rounds` times and prints p50/p95 per stage.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from eval.metrics import percentile  # noqa: E402
from rag import Assistant, Settings  # noqa: E402

DEV = REPO / "tests" / "data" / "dev_questions.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5, help="times each dev question is asked (default 5)")
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus", help="corpus folder (default corpus/)")
    args = parser.parse_args()
    questions = [json.loads(line)["question"] for line in DEV.read_text().splitlines()]

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        assistant = Assistant(Settings(data_dir=Path(tmp), corpus_dir=args.corpus))
        assistant.embedder.embed(["warm"])  # model load, measured apart from ingest
        model_s = time.perf_counter() - started
        clock = time.perf_counter()
        report = assistant.ingest()
        ingest_s = time.perf_counter() - clock
        clock = time.perf_counter()
        assistant.warm_up()
        assistant.ask(questions[0])
        warm_s = time.perf_counter() - clock

        stages: dict[str, list[float]] = {}
        for _ in range(args.rounds):
            for question in questions:
                for stage, ms in assistant.ask(question).timings_ms.items():
                    stages.setdefault(stage, []).append(ms)
        assistant.close()

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus: {args.corpus} ({report.documents} documents, {report.added} chunks)")
    print(f"model load: {model_s:.2f} s   ingest: {ingest_s:.2f} s   warm-up + first answer: {warm_s:.2f} s")
    print(f"warm ask over {len(stages['total'])} questions ({len(questions)} dev questions x {args.rounds}):")
    print(f"  {'stage':10s} {'p50 ms':>8s} {'p95 ms':>8s} {'mean ms':>8s}")
    for stage, values in stages.items():
        print(
            f"  {stage:10s} {percentile(sorted(values), 50):8.2f} {percentile(sorted(values), 95):8.2f}"
            f" {statistics.mean(values):8.2f}"
        )
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
