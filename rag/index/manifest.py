"""One committed generation of the index, as files: which chunks and documents it holds, the BM25 index
over them, the document titles, and a small summary. Written whole by an ingest, stored with the index
(so every process sharing the index reads the same one) and opened memory-mapped, so a process holds
almost nothing per indexed document.

What a generation lists is what readers see: a chunk, sentence or document record in the store that the
manifest does not list (written by an unfinished ingest, or left for clean-up) is never served.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rag.index.bm25 import FILES as BM25_FILES
from rag.index.bm25 import Bm25Index
from rag.index.mapped import load_mapped, row_of
from rag.text.acronyms import AcronymIndex
from rag.text.tokens import word_counts
from rag.types import Chunk

SUMMARY = "summary.json"
ARRAYS = ("doc-ids.npy", "doc-records.npy", "doc-chunks.npy", "chunk-docs.npy", "titles.npy", "title-offsets.npy")
# The chunks of each document in reading order (rows of the chunk id order) and where each document's run
# starts: a chunk's neighbours by id, where a store query by document and position slows as the store grows
# (8 ms a question at 5,183 abstracts). A document's chunks hold positions 0..n-1 (`rag.index.chunk` numbers
# them so), so the p-th of its run is the chunk at position p. Generations written before these files use
# that query.
BY_POSITION = ("chunk-rows-by-position.npy", "doc-first-rows.npy")
VOCABULARY = "vocabulary.json"
FILES = (*BM25_FILES, *ARRAYS, *BY_POSITION, SUMMARY, VOCABULARY)
SAMPLE_TITLES = 3


@dataclass(frozen=True)
class DocumentEntry:
    """A document as one generation lists it; `record` is the id of its record in the documents store."""

    doc_id: str
    record: str
    title: str
    full_text: bool
    fields: Mapping[str, Any]


def write_manifest(
    folder: Path,
    generation: int,
    chunks: Sequence[Chunk],
    documents: Sequence[DocumentEntry],
    acronyms: Mapping[str, str],
) -> None:
    """Write every file of a generation into `folder` (BM25 rows in chunk id order)."""
    ordered = sorted(chunks, key=lambda c: c.chunk_id)
    docs = sorted(documents, key=lambda d: d.doc_id)
    position = {d.doc_id: n for n, d in enumerate(docs)}
    Bm25Index([c.chunk_id for c in ordered], [f"{c.section}. {c.text}" for c in ordered]).save(folder)
    counts = np.zeros(len(docs), dtype=np.int32)
    chunk_docs = np.asarray([position[c.doc_id] for c in ordered], dtype=np.int32)
    np.add.at(counts, chunk_docs, 1)
    titles = [d.title.encode() for d in docs]
    arrays: tuple[np.ndarray, ...] = (
        np.asarray([d.doc_id for d in docs], dtype=str) if docs else np.zeros(0, dtype="<U1"),
        np.asarray([d.record for d in docs], dtype="S32"),
        counts,
        chunk_docs,
        np.frombuffer(b"".join(titles), dtype=np.uint8),
        np.cumsum([0, *(len(t) for t in titles)], dtype=np.int64),
    )
    for name, array in zip(ARRAYS, arrays, strict=True):
        np.save(folder / name, array, allow_pickle=False)
    positions = np.asarray([c.position for c in ordered], dtype=np.int32)
    by_position = np.lexsort((positions, chunk_docs)).astype(np.int32)
    first_rows = (np.cumsum(counts) - counts).astype(np.int64)
    np.save(folder / BY_POSITION[0], by_position, allow_pickle=False)
    np.save(folder / BY_POSITION[1], first_rows, allow_pickle=False)
    summary = {
        "generation": generation,
        "documents": len(docs),
        "chunks": len(ordered),
        "full_text": sum(d.full_text for d in docs),
        "sample_titles": [d.title or d.doc_id for d in docs[:SAMPLE_TITLES]],
        "noun": corpus_noun(docs),
        "acronyms": dict(acronyms),
    }
    (folder / SUMMARY).write_text(json.dumps(summary, sort_keys=True), encoding="utf-8")
    (folder / VOCABULARY).write_text(json.dumps(word_counts(c.text for c in ordered)), encoding="utf-8")


class Manifest:
    """A committed generation, opened from its folder (arrays memory-mapped)."""

    def __init__(self, folder: Path) -> None:
        summary = json.loads((folder / SUMMARY).read_text(encoding="utf-8"))
        self.generation = int(summary["generation"])
        self.document_count = int(summary["documents"])
        self.chunk_count = int(summary["chunks"])
        self.full_text_count = int(summary["full_text"])
        self.sample_titles: list[str] = list(summary["sample_titles"])
        self.noun = str(summary.get("noun", ""))  # '' in a generation written before summaries named it
        self.acronyms = AcronymIndex(summary["acronyms"])
        self.bm25 = Bm25Index.load(folder)
        loaded = (load_mapped(folder / name) for name in ARRAYS)
        self._doc_ids, self._doc_records, self._doc_chunks, self._chunk_docs, self._titles, self._offsets = loaded
        self._by_position = _optional(folder, BY_POSITION)
        self._folder = folder
        self._vocabulary: dict[str, int] | None = None

    # Chunks ------------------------------------------------------------------------------------

    def has_chunk(self, chunk_id: str) -> bool:
        return self._chunk_row(chunk_id) >= 0

    def chunk_doc(self, chunk_id: str) -> str:
        """The document of a listed chunk ('' when the chunk is not in this generation)."""
        row = self._chunk_row(chunk_id)
        return str(self._doc_ids[self._chunk_docs[row]]) if row >= 0 else ""

    def _chunk_row(self, chunk_id: str) -> int:
        return row_of(self.bm25.id_array, chunk_id)

    def chunk_ids_at(self, doc_id: str, positions: Sequence[int]) -> list[str] | None:
        """The ids of a document's chunks at these positions (0 = its first), in the order asked; None when
        the generation was written without the files that say (look them up in the store instead)."""
        if self._by_position is None:
            return None
        rows, first = self._by_position
        doc = self._doc_row(doc_id)
        if doc < 0:
            return []
        count, start = int(self._doc_chunks[doc]), int(first[doc])
        ids = self.bm25.id_array
        return [str(ids[rows[start + p]]) for p in positions if 0 <= p < count]

    # Documents ---------------------------------------------------------------------------------

    def doc_ids(self, offset: int = 0, limit: int | None = None) -> list[str]:
        end = len(self._doc_ids) if limit is None else min(len(self._doc_ids), offset + limit)
        return [str(d) for d in self._doc_ids[offset:end]]

    def title(self, doc_id: str) -> str:
        row = self._doc_row(doc_id)
        if row < 0:
            return ""
        return bytes(self._titles[int(self._offsets[row]) : int(self._offsets[row + 1])]).decode()

    def document_record(self, doc_id: str) -> str:
        row = self._doc_row(doc_id)
        return self._doc_records[row].decode() if row >= 0 else ""

    def chunks_of(self, doc_id: str) -> int:
        row = self._doc_row(doc_id)
        return int(self._doc_chunks[row]) if row >= 0 else 0

    def _doc_row(self, doc_id: str) -> int:
        return row_of(self._doc_ids, doc_id)

    def coverage(self) -> str:
        return coverage_line(self.document_count, self.full_text_count, self.sample_titles)

    def vocabulary(self) -> dict[str, int]:
        """Word counts of the indexed text (for spelling correction), read on first use."""
        if self._vocabulary is None:
            self._vocabulary = json.loads((self._folder / VOCABULARY).read_text(encoding="utf-8"))
        return self._vocabulary


def _optional(folder: Path, names: Sequence[str]) -> tuple[np.ndarray, ...] | None:
    """Arrays a newer generation has and an older one lacks: all of them memory-mapped, or None."""
    if not all((folder / name).is_file() for name in names):
        return None
    return tuple(load_mapped(folder / name) for name in names)


def corpus_noun(documents: Sequence[DocumentEntry]) -> str:
    """What refusals call the corpus: one document is a "review" when its article type says so and a
    "paper" otherwise; several are "papers"."""
    if len(documents) != 1:
        return "papers"
    kind = str(documents[0].fields.get("article_type", "")).lower()
    return "review" if "review" in kind else "paper"


def coverage_line(documents: int, full_text: int, titles: Sequence[str], limit: int = 120) -> str:
    """What is indexed, in a line whose length does not grow with the corpus: one document by its title
    and scope, several by their count and a few titles."""
    short = [t if len(t) <= limit else t[: limit - 1].rstrip() + "…" for t in (" ".join(t.split()) for t in titles)]
    if documents == 0:
        return "nothing yet"
    if documents == 1:
        scope = "full text" if full_text else "its abstract and details only, not the full text"
        return f"“{short[0]}” ({scope})"
    named = ", ".join(f"“{t}”" for t in short)
    more = f" and {documents - len(short)} more" if documents > len(short) else ""
    return f"{documents} papers ({full_text} in full text): {named}{more}"
