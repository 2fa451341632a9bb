"""Embedding throughput of each backend on the distinct sentences of SciFact abstracts and on chunks of
them (the ingest's two passes), and how close its vectors are to the first backend's.

    python bench/embed_speed.py                       # onnx, torch, onnx-int8 on 300 abstracts
    python bench/embed_speed.py --abstracts 1000 --backends onnx,onnx-int8 --texts chunks

Each backend embeds the same sentences once to warm up (and export its graph on first use), then once
timed, in one process, back to back.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SCIFACT = REPO.parent / "shared" / "datasets" / "scifact"


def sentences(abstracts: int) -> list[str]:
    found: set[str] = set()
    for title, parts in _abstracts(abstracts):
        found.add(title)
        found.update(parts)
    return sorted(found)


def chunks(abstracts: int) -> list[str]:
    """Windows of the default chunker's size and overlap (Settings: 4 sentences, 1 shared) over each abstract."""
    from rag import Settings

    size, overlap = Settings().chunk_sentences, Settings().chunk_overlap
    found: list[str] = []
    for _, parts in _abstracts(abstracts):
        for start in range(0, max(len(parts) - overlap, 1), size - overlap):
            found.append(" ".join(parts[start : start + size]))
    return found


def _abstracts(abstracts: int) -> list[tuple[str, list[str]]]:
    from rag.text.sentences import split_sentences

    found = []
    with (SCIFACT / "corpus.jsonl").open(encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if n >= abstracts:
                break
            record = json.loads(line)
            found.append((record["title"], [record["text"][a:b] for a, b in split_sentences(record["text"])]))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--abstracts", type=int, default=300, help="SciFact abstracts whose sentences are embedded")
    parser.add_argument("--backends", default="onnx,torch,onnx-int8", help="backends to compare")
    parser.add_argument("--texts", default="sentences,chunks", help="what to embed: sentences, chunks or both")
    args = parser.parse_args()
    for kind in args.texts.split(","):
        texts = {"sentences": sentences, "chunks": chunks}[kind](args.abstracts)
        print(f"{len(texts)} {'distinct sentences' if kind == 'sentences' else 'chunks'} of {args.abstracts} abstracts")
        compare(texts, args.backends.split(","), kind)


def compare(texts: list[str], backends: list[str], unit: str) -> None:
    from rag import Settings
    from rag.index.embed import build_embedder

    first = None
    for backend in backends:
        embedder = build_embedder(Settings(embedding_backend=backend))
        embedder.embed(texts[:64])
        clock = time.perf_counter()
        vectors = embedder.embed(texts)
        seconds = time.perf_counter() - clock
        line = f"{backend:>10}: {seconds:6.2f} s, {len(texts) / seconds:6.0f} {unit}/s"
        if first is None:
            first = vectors
        else:
            cosine = (vectors * first).sum(axis=1)
            line += f"   cosine to {backends[0]}: mean {cosine.mean():.4f}, min {cosine.min():.4f}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
