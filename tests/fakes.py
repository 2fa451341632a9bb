"""Deterministic stand-ins: an embedding model (for tests where speed matters more than meaning) and evidence."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import numpy as np

from rag.answer.evidence import Evidence, ScoredSentence
from rag.index.chunk import chunk_sentences
from rag.text.tokens import tokenize
from rag.types import Chunk, Passage


class HashEmbedder:
    """Bag of stemmed words hashed into `dimension` buckets, L2-normalised. Same text, same vector."""

    def __init__(self, name: str = "hash-embedder", dimension: int = 64) -> None:
        self.name = name
        self._dimension = dimension
        self.calls = 0
        self.texts_embedded = 0

    @property
    def dimension(self) -> int:
        return self._dimension

    @property
    def normalized(self) -> bool:
        return True

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        self.texts_embedded += len(texts)
        matrix = np.zeros((len(texts), self._dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in tokenize(text) or ["<empty>"]:
                bucket = int(hashlib.md5(token.encode()).hexdigest(), 16) % self._dimension
                matrix[row, bucket] += 1.0
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return matrix / np.where(norms == 0, 1, norms)


PASSAGES = (
    "Mesenchymal stem cells (MSCs) are stromal cells characterized by self-renewal and multi-lineage "
    "differentiation. MSCs exert their effects mainly through extracellular vesicles (EVs).",
    "MSC-EVs are linked to resistance to chemotherapy, radiotherapy and targeted therapy. The clinical use of "
    "MSC-EVs for drug delivery is discussed in 2024.",
)


def hand_evidence(texts: Sequence[str] = PASSAGES, score: float = 0.9) -> Evidence:
    """Evidence over `texts` (one passage each), every sentence scored `score`, in passage order."""
    passages = [
        Passage(Chunk(f"c{i}", "doc", "Abstract", text, 0, len(text), position=i), 1.0, title="Review")
        for i, text in enumerate(texts)
    ]
    sentences = [
        ScoredSentence(i, start, end, p.chunk.text[start:end], score, score, score)
        for i, p in enumerate(passages)
        for start, end in chunk_sentences(p.chunk)
    ]
    return Evidence(passages, sentences, confidence=score)


class MemoryChunks:
    """Chunks held in a dict, served to `HybridRetriever` like an index snapshot serves the store's."""

    def __init__(self, chunks: Mapping[str, Chunk], titles: Mapping[str, str] | None = None) -> None:
        self.chunks = chunks
        self.titles = titles or {}

    def __contains__(self, chunk_id: object) -> bool:
        return chunk_id in self.chunks

    def doc_of(self, chunk_id: str) -> str:
        return self.chunks[chunk_id].doc_id

    def get_chunks(self, ids: Sequence[str]) -> list[Chunk]:
        return [self.chunks[i] for i in ids if i in self.chunks]

    def title(self, doc_id: str) -> str:
        return self.titles.get(doc_id, "")
