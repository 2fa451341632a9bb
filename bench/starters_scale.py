"""What grows with the corpus on the student's page: starter questions, a refusal, the page's summary.

    .venv/bin/python bench/starters_scale.py [--documents 1 20 200]

For each size, builds a corpus of that many generated papers (three sections of made-up sentences each,
no real text) in a temp dir, indexes it with the real model (not timed), then times what the page does
after an ingest: the starter questions (`build_suggestions`: a bounded passage sample, then one `ask` per
candidate) and one refusal, and prints the sizes that reach a student: the refusal's characters and the
sidebar summary's. Before the bounded sample, the starters ran one `search(k=100)` per document (126 s at
200 documents, issue 14) and a refusal listed every title.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

TOPICS = ["exosome", "microRNA", "cisplatin", "hypoxia", "macrophage", "stroma", "lipid", "isolation", "biomarker"]


def write_corpus(folder: Path, documents: int) -> None:
    """`documents` small made-up papers: a title, an abstract and two body sections each."""
    rng = random.Random(7)
    for i in range(documents):
        a, b, c = rng.sample(TOPICS, 3)
        text = [f"Study {i} of {a} and {b} in tumours", "", "Abstract", ""]
        text += [
            f"We examined how {a} changes {b} signalling in model {i}.",
            f"Extracellular vesicles (EVs) from mesenchymal stem cells carry {a} to tumours, "
            f"and MSC-EVs also carry {b}.",
            f"The {c} levels rose in {rng.randint(2, 9)} of ten samples.",
        ]
        for section in ("Results", "Discussion"):
            text += ["", section, ""]
            text += [
                f"In {section.lower()} {i}, {a} was linked to {b} and to {c} with effect size {rng.random():.2f}."
                for _ in range(3)
            ]
        (folder / f"paper-{i:04d}.txt").write_text("\n".join(text) + "\n", encoding="utf-8")


def measure(documents: int) -> dict[str, float]:
    from rag import Assistant, Settings
    from rag.present.page import indexed_summary
    from rag.present.suggest import build_suggestions

    with tempfile.TemporaryDirectory(prefix="starters-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        write_corpus(corpus, documents)
        with Assistant(Settings(data_dir=Path(tmp) / "data", corpus_dir=corpus)) as assistant:
            assistant.ingest()
            assistant.warm_up()
            assistant.ask("warm up the model")
            started = time.perf_counter()
            starters = build_suggestions(assistant, assistant.embedder.embed)
            starters_s = time.perf_counter() - started
            started = time.perf_counter()
            refusal = assistant.ask("What is the capital of France?")
            refusal_ms = (time.perf_counter() - started) * 1000
            summary = indexed_summary(assistant.info())
    return {
        "starters_s": starters_s,
        "starters": len(starters.questions),
        "refusal_ms": refusal_ms,
        "refusal_chars": len(refusal.text),
        "summary_chars": len(summary),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, nargs="+", default=[1, 20, 200], help="corpus sizes to measure")
    args = parser.parse_args()
    for size in args.documents:
        m = measure(size)
        print(
            f"{size} documents: starter questions {m['starters_s']:.2f} s ({m['starters']:.0f} kept), "
            f"refusal {m['refusal_ms']:.0f} ms and {m['refusal_chars']:.0f} characters, "
            f"page summary {m['summary_chars']:.0f} characters",
            flush=True,
        )


if __name__ == "__main__":
    main()
