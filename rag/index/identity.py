"""What an index was built with, in one place: the embedding model (name, dimension, normalisation) and
the chunker (its settings and the code that splits text). Its hash names the collections, so an index
built any other way is never reused or mixed; nothing here is bumped by hand.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from rag.index.embed import Embedder
from rag.settings import Settings

_RAG = Path(__file__).resolve().parents[1]
# The code that decides chunk boundaries, offsets, the sentences scored inside them and what is stored.
CHUNKER_CODE = (
    "index/chunk.py",
    "text/sentences.py",
    "text/references.py",
    "text/tokens.py",  # the BM25 terms written with each generation; questions must be tokenised alike
    "index/ingest.py",
    "index/onnx_embed.py",  # pools the sentence vectors
)


@cache
def chunker_code_version() -> str:
    """A hash of the chunker's source (line endings normalised): any change to it is a new index."""
    digest = hashlib.sha256()
    for name in CHUNKER_CODE:
        digest.update(name.encode())
        digest.update((_RAG / name).read_bytes().replace(b"\r\n", b"\n"))
    return digest.hexdigest()[:8]


@dataclass(frozen=True)
class IndexIdentity:
    model: str  # the model's name, and the backend that ran it when that changes the vectors
    dimension: int
    normalized: bool
    chunker: str  # "code:sentences:overlap:max_chars:embedding_passes"

    @classmethod
    def of(cls, settings: Settings, embedder: Embedder) -> IndexIdentity:
        chunker = (
            f"{chunker_code_version()}:{settings.chunk_sentences}:{settings.chunk_overlap}:{settings.chunk_max_chars}"
            f":{settings.embedding_passes}"
        )
        variant = getattr(embedder, "variant", "")
        model = f"{embedder.name} ({variant})" if variant else embedder.name
        return cls(model, embedder.dimension, embedder.normalized, chunker)

    @property
    def fingerprint(self) -> str:
        key = f"{self.model}|{self.dimension}|{self.normalized}|{self.chunker}"
        return hashlib.sha256(key.encode()).hexdigest()[:12]

    def describe(self) -> dict[str, Any]:
        """What the collection metadata records, and what a mismatch error shows."""
        return {"model": self.model, "dimension": self.dimension, "chunker": self.chunker}
