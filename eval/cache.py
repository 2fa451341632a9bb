"""Embeddings of a benchmark corpus, cached as .npy by a hash of the model, the code that runs it and every
text."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from rag.index.embed import Embedder

BATCH = 256
# The code that makes the vectors (the ONNX export, pooling): a change to it is a new cache, as it is a new index.
EMBEDDING_CODE = ("index/embed.py", "index/onnx_embed.py")
_RAG = Path(__file__).resolve().parents[1] / "rag"


def embedding_code_version() -> str:
    digest = hashlib.sha256()
    for name in EMBEDDING_CODE:
        digest.update((_RAG / name).read_bytes().replace(b"\r\n", b"\n"))
    return digest.hexdigest()[:8]


def cache_key(model: str, texts: Sequence[str]) -> str:
    digest = hashlib.sha256(model.encode())
    for text in texts:
        digest.update(b"\x1f" + text.encode())
    return digest.hexdigest()[:20]


def cached_embeddings(
    embedder: Embedder, texts: Sequence[str], cache_dir: Path, label: str, progress: bool = True
) -> np.ndarray:
    """Vectors of `texts`: loaded from `cache_dir` when the same model embedded the same texts before."""
    model = f"{embedder.name}|{getattr(embedder, 'variant', '')}|{embedding_code_version()}"
    path = cache_dir / f"{label}-{cache_key(model, texts)}.npy"
    if path.exists():
        vectors = np.load(path)
        if vectors.shape[0] == len(texts):
            return vectors
    vectors = _embed(embedder, texts, label, progress)
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp.npy")
    np.save(partial, vectors)
    partial.replace(path)  # atomic: a killed run never leaves a truncated cache file
    return vectors


def _embed(embedder: Embedder, texts: Sequence[str], label: str, progress: bool) -> np.ndarray:
    from tqdm import tqdm

    parts = []
    with tqdm(total=len(texts), desc=f"embedding {label}", unit="text", disable=not progress) as bar:
        for start in range(0, len(texts), BATCH):
            batch = texts[start : start + BATCH]
            parts.append(embedder.embed(list(batch)))
            bar.update(len(batch))
    if not parts:
        return np.zeros((0, 0), dtype=np.float32)
    return np.vstack(parts).astype(np.float32)
