"""Ours against the LangChain tutorial pipeline on SciFact abstracts (one .txt per abstract), back to back.

    python bench/scale.py --sizes 300,1000            # add 5183 for the whole corpus (slow: run it niced)
    python bench/scale.py --sizes 300 --questions 20 --skip-tutorial

For each size: ingest from scratch (a fresh process each, model load included), vectors written per
abstract, warm `ask` p50 against the floor (the tutorial's one query embedding + one Chroma query, in
one process), a cold `python -m rag ask` (wall time and peak memory), and the resident memory of a warm
assistant; between sizes, the memory growth per indexed document. Prints a Markdown table and writes the
figures as JSON (--out).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SCIFACT = REPO.parent / "shared" / "datasets" / "scifact"
PY = sys.executable
QUESTION = "Vitamin D deficiency is associated with a higher risk of cancer."


def write_corpus(folder: Path, size: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (SCIFACT / "corpus.jsonl").open(encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if n >= size:
                break
            record = json.loads(line)
            (folder / f"{record['_id']}.txt").write_text(f"# {record['title']}\n\n{record['text']}\n", encoding="utf-8")


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB, and stdout of a fresh process."""
    full = ["/usr/bin/time", "-f", "%e %M", *command]
    result = subprocess.run(full, capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=REPO)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    wall, rss = result.stderr.strip().splitlines()[-1].split()
    return float(wall), float(rss) / 1024, result.stdout


@contextmanager
def chroma_server(work: Path, wanted: bool) -> Iterator[dict[str, str]]:
    """A `chroma run` server on a free port for the run (or nothing: the embedded store)."""
    if not wanted:
        yield {}
        return
    from tests.chroma_server import running_chroma

    with running_chroma(work / "chroma") as port:
        yield {"RAG_CHROMA_HOST": "127.0.0.1", "RAG_CHROMA_PORT": str(port)}


def ours_warm(data: str, questions: list[str]) -> dict:
    """In this process: warm up, ask every question, report p50 and resident memory."""
    import psutil

    from rag import Assistant, Settings

    assistant = Assistant(Settings(data_dir=Path(data))).warm_up()  # RAG_CHROMA_* and RAG_COLLECTION from env
    assistant.ask(questions[0])
    times = []
    for question in questions:
        clock = time.perf_counter()
        assistant.ask(question)
        times.append((time.perf_counter() - clock) * 1000)
    store = assistant._open_store()
    counts = {kind: store._collection(kind).count() for kind in ("chunks", "sentences", "documents")}  # type: ignore[attr-defined]
    rss = psutil.Process().memory_info().rss / 2**20
    assistant.close()
    return {"p50_ms": statistics.median(times), "rss_mb": rss, "counts": counts}


def measure(size: int, questions: list[str], work: Path, tutorial: bool, server: dict[str, str]) -> dict:
    corpus = work / f"corpus-{size}"
    write_corpus(corpus, size)
    env = {"RAG_DATA_DIR": str(work / f"ours-{size}"), "RAG_COLLECTION": f"scale{size}", **server}
    qfile = work / "questions.json"
    qfile.write_text(json.dumps(questions))
    row: dict = {"size": size}
    if tutorial:
        wall, rss, out = timed([PY, "bench/tutorial.py", "ingest", str(corpus), str(work / f"tutorial-{size}")])
        row["tutorial_ingest_s"], row["tutorial_vectors"] = wall, json.loads(out.splitlines()[-1])["vectors"]
    row["ours_ingest_s"], row["ours_ingest_rss_mb"], _ = timed(
        [PY, "-m", "rag", "ingest", "--corpus", str(corpus)], env
    )
    _, _, out = timed([PY, "bench/scale.py", "--warm", env["RAG_DATA_DIR"], str(qfile)], env)
    row["ours"] = json.loads(out.splitlines()[-1])
    row["ours_cold_s"], row["ours_cold_rss_mb"], _ = timed([PY, "-m", "rag", "ask", QUESTION], env)
    if tutorial:
        _, _, out = timed([PY, "bench/tutorial.py", "warm", str(work / f"tutorial-{size}"), str(qfile)])
        row["floor_p50_ms"] = json.loads(out.splitlines()[-1])["p50_ms"]
        row["tutorial_cold_s"], row["tutorial_cold_rss_mb"], _ = timed(
            [PY, "bench/tutorial.py", "ask", str(work / f"tutorial-{size}"), QUESTION]
        )
    return row


def _cells(r: dict) -> list[str]:
    n, ours, counts = r["size"], r["ours"], r["ours"]["counts"]
    per = "+".join(f"{counts[k] / n:.1f}" for k in ("chunks", "sentences", "documents"))
    tut = "tutorial_ingest_s" in r
    none = "–"
    return [
        str(n),
        f"{r['ours_ingest_s']:.1f} s ({n / r['ours_ingest_s']:.1f} docs/s)",
        f"{r['tutorial_ingest_s']:.1f} s ({n / r['tutorial_ingest_s']:.1f} docs/s)" if tut else none,
        f"{r['tutorial_ingest_s'] / r['ours_ingest_s']:.2f}x" if tut else none,
        f"{sum(counts.values()) / n:.1f} ({per})",
        f"{r['tutorial_vectors'] / n:.1f}" if tut else none,
        f"{ours['p50_ms']:.1f} ms",
        f"{r['floor_p50_ms']:.1f} ms" if tut else none,
        f"{ours['p50_ms'] / r['floor_p50_ms']:.2f}x" if tut else none,
        f"{r['ours_cold_s']:.1f} s, {r['ours_cold_rss_mb']:.0f} MB",
        f"{r['tutorial_cold_s']:.1f} s, {r['tutorial_cold_rss_mb']:.0f} MB" if tut else none,
        f"{ours['rss_mb']:.0f} MB",
    ]


HEADER = [
    "abstracts",
    "ingest ours",
    "ingest tutorial",
    "speed-up",
    "vectors/abstract ours (chunks+sentences+documents)",
    "tutorial",
    "warm ask p50 ours",
    "floor",
    "ours/floor",
    "cold ask ours",
    "cold tutorial",
    "warm RSS ours",
]


def table(rows: list[dict]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---:|" * len(HEADER)]
    lines += ["| " + " | ".join(_cells(r)) + " |" for r in rows]
    for a, b in zip(rows, rows[1:], strict=False):
        growth = (b["ours"]["rss_mb"] - a["ours"]["rss_mb"]) * 1024 / (b["size"] - a["size"])
        lines.append(
            f"\nwarm resident memory growth {a['size']} -> {b['size']} abstracts: {growth:.2f} KB per document"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="300,1000", help="comma-separated corpus sizes (default 300,1000)")
    parser.add_argument("--questions", type=int, default=50, help="SciFact test claims asked warm (default 50)")
    parser.add_argument("--skip-tutorial", action="store_true", help="measure ours only")
    parser.add_argument(
        "--chroma-server", action="store_true", help="ours against a `chroma run` server (memory: the API process only)"
    )
    parser.add_argument("--out", type=Path, default=REPO / "artifacts" / "scale.json", help="JSON figures")
    parser.add_argument("--warm", nargs=2, metavar=("DATA_DIR", "QUESTIONS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.warm:
        print(json.dumps(ours_warm(args.warm[0], json.loads(Path(args.warm[1]).read_text()))))
        return
    with (SCIFACT / "queries.jsonl").open(encoding="utf-8") as handle:
        questions = [json.loads(line)["text"] for line in handle][: args.questions]
    rows = []
    with (
        tempfile.TemporaryDirectory(prefix="rag-scale-") as tmp,
        chroma_server(Path(tmp), args.chroma_server) as server,
    ):
        for size in (int(s) for s in args.sizes.split(",")):
            rows.append(measure(size, questions, Path(tmp), not args.skip_tutorial, server))
            print(json.dumps(rows[-1]), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2))
    print(table(rows))


if __name__ == "__main__":
    main()
