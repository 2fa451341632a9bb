"""The index as one process holds it in memory: chunks, the BM25 index, sentence vectors, the
document list and the acronyms found at ingest. Read once per process (and after each ingest)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from rag.errors import IndexMissingError
from rag.index.bm25 import Bm25Index
from rag.index.chunk import sentence_id
from rag.index.stores import VectorStore
from rag.text.tokens import word_counts
from rag.types import Chunk


@dataclass(frozen=True)
class StoredSentenceVectors:
    """Sentence vectors read at load time; a sentence indexed after that (by another process) is embedded now."""

    stored: Mapping[str, np.ndarray]
    embed: Callable[[list[str]], np.ndarray]

    def vectors(self, sentences: Sequence[tuple[str, str]]) -> np.ndarray:
        ids = [sentence_id(doc_id, text) for doc_id, text in sentences]
        missing = [(sid, text) for sid, (_, text) in zip(ids, sentences, strict=True) if sid not in self.stored]
        extra = (
            dict(zip([sid for sid, _ in missing], self.embed([t for _, t in missing]), strict=True)) if missing else {}
        )
        return np.stack([extra[sid] if sid in extra else self.stored[sid] for sid in ids])


@dataclass(frozen=True)
class IndexSnapshot:
    chunks: Mapping[str, Chunk]
    bm25: Bm25Index
    sentence_vectors: Mapping[str, np.ndarray]
    documents: Sequence[Mapping[str, Any]]
    acronyms: Mapping[str, str]

    @classmethod
    def read(cls, store: VectorStore) -> IndexSnapshot:
        chunks = {c.chunk_id: c for c in store.all_chunks()}
        if not chunks:
            raise IndexMissingError("the index is empty: run `python -m rag ingest` (or `make run`) to build it")
        meta = store.metadata()
        ordered = sorted(chunks.values(), key=lambda c: (c.doc_id, c.position))
        bm25 = Bm25Index([c.chunk_id for c in ordered], [f"{c.section}. {c.text}" for c in ordered])
        sentences, vectors = store.all_sentences()
        return cls(
            chunks=chunks,
            bm25=bm25,
            sentence_vectors={s.sentence_id: v for s, v in zip(sentences, vectors, strict=True)},
            documents=json.loads(meta.get("documents", "[]")),
            acronyms=json.loads(meta.get("acronyms", "{}")),
        )

    @property
    def titles(self) -> dict[str, str]:
        return {d["doc_id"]: d.get("title", "") for d in self.documents}

    @property
    def full_text(self) -> bool:
        return any(d.get("full_text") for d in self.documents)

    def coverage(self, titles: int = 3) -> str:
        """One line on what is indexed, of bounded size whatever the corpus holds: one document by its title
        and scope, several by their count and the first `titles` titles."""
        docs = self.documents
        if not docs:
            return "nothing yet"
        if len(docs) == 1:
            scope = "full text" if docs[0].get("full_text") else "its abstract and details only, not the full text"
            return f"“{_short_title(docs[0])}” ({scope})"
        full = sum(1 for d in docs if d.get("full_text"))
        named = ", ".join(f"“{_short_title(d)}”" for d in docs[:titles])
        more = f" and {len(docs) - titles} more" if len(docs) > titles else ""
        return f"{len(docs)} papers ({full} in full text): {named}{more}"

    def vocabulary(self) -> dict[str, int]:
        """Word counts of the indexed text, for spelling correction."""
        return word_counts(c.text for c in self.chunks.values())

    def chunk_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for chunk in self.chunks.values():
            counts[chunk.doc_id] = counts.get(chunk.doc_id, 0) + 1
        return counts


def _short_title(document: Mapping[str, Any], limit: int = 120) -> str:
    title = " ".join(str(document.get("title") or document["doc_id"]).split())
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"
