"""SciFact end to end through the product: `python -m rag ingest` of the BEIR corpus.jsonl, then every test
claim through `Assistant.search`, documents ranked by their best passage; nDCG@10 and recall@100 beside
the in-process harness figure and the published anchors (eval/ ANCHORS.md).

    python bench/scifact_product.py                    # the whole corpus (5,183 abstracts: long, run niced)
    python bench/scifact_product.py --documents 1000   # the first 1,000 abstracts plus every judged one
    python bench/scifact_product.py --split train      # tune on the train claims, never on test

The index is built in --data (kept, so a second run only re-evaluates).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from eval import metrics  # noqa: E402
from eval.datasets import read_claims  # noqa: E402
from eval.suites.benchmark import qrel_matches  # noqa: E402

SCIFACT = REPO.parent / "shared" / "datasets" / "scifact"
PREFIX = "corpus-"  # the BEIR loader's document ids: the file's id, then the line's _id


def write_corpus(folder: Path, documents: int | None, keep: set[str]) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    with (SCIFACT / "corpus.jsonl").open(encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if documents is None or n < documents or json.loads(line)["_id"] in keep:
                lines.append(line)
    target = folder / "corpus.jsonl"
    if not target.exists() or target.read_text(encoding="utf-8") != "".join(lines):
        target.write_text("".join(lines), encoding="utf-8")
    return len(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, help="first N abstracts plus every judged one (default: all)")
    parser.add_argument("--split", choices=["test", "train"], default="test", help="claims to ask (default test)")
    parser.add_argument("--data", type=Path, default=REPO / ".rag-data" / "scifact-product", help="index folder")
    parser.add_argument("-k", type=int, default=50, help="passages asked per claim (default 50)")
    args = parser.parse_args()

    queries, qrels = read_claims(SCIFACT, args.split)
    corpus = args.data / "corpus"
    size = write_corpus(corpus, args.documents, {d for r in qrels.values() for d in r})
    started = time.perf_counter()
    env_data = {"RAG_DATA_DIR": str(args.data)}
    subprocess.run(
        [sys.executable, "-m", "rag", "ingest", "--corpus", str(corpus)],
        check=True,
        cwd=REPO,
        env={**_env(), **env_data},
    )
    ingest_s = time.perf_counter() - started

    from rag import Assistant, Settings

    matches = []
    with Assistant(Settings(data_dir=args.data, corpus_dir=corpus)) as assistant:
        for qid, text in sorted(queries.items()):
            ranked: list[str] = []
            for passage in assistant.search(text[:2000], args.k):
                doc = passage.chunk.doc_id.removeprefix(PREFIX)
                if doc not in ranked:
                    ranked.append(doc)
            matches.append(qrel_matches(ranked, qrels[qid]))
    result = {
        "split": args.split,
        "documents": size,
        "claims": len(matches),
        "ndcg@10": round(metrics.ndcg_at_k(matches, 10).value or 0.0, 4),
        "recall@100": round(metrics.recall_at_k(matches, 100).value or 0.0, 4),
        "ingest_s": round(ingest_s, 1),
        "k": args.k,
    }
    print(json.dumps(result))


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)


if __name__ == "__main__":
    main()
