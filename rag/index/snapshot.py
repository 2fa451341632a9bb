"""The index as one process reads it: the last committed generation's manifest (memory-mapped from a local
copy of the generation files) over the store's records. Nothing is read per indexed document at start; a
process checks the served generation before each question and reopens when another ingest committed.

Everything served is filtered through the manifest: a record an unfinished ingest wrote, or one left for
clean-up, is never returned.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from rag.errors import IndexMissingError, StoreUnavailableError
from rag.index.bm25 import Bm25Index
from rag.index.chunk import sentence_id
from rag.index.manifest import (
    FILES,
    SAMPLE_TITLES,
    DocumentEntry,
    Manifest,
    corpus_noun,
    coverage_line,
    write_manifest,
)
from rag.index.stores import IndexState, SentenceHit, VectorStore
from rag.settings import Settings
from rag.types import Chunk, DocumentInfo

COMPLETE = "complete"  # written last into a local generation folder: the folder is whole
KEPT_VECTORS = 5_000  # sentence vectors a process keeps after fetching them (about 8 MB at 384 dims)


@dataclass(frozen=True)
class StoredSentenceVectors:
    """Sentence vectors held in memory (tests, benchmarks); a sentence not held is embedded now."""

    stored: Mapping[str, np.ndarray]
    embed: Callable[[list[str]], np.ndarray]

    def vectors(self, sentences: Sequence[tuple[str, str]]) -> np.ndarray:
        ids = [sentence_id(doc_id, text) for doc_id, text in sentences]
        return _complete(dict(self.stored), ids, sentences, self.embed)


@dataclass(frozen=True)
class StoreSentenceVectors:
    """Sentence vectors looked up in the store for the few sentences a question scores; a sentence the
    store does not hold (indexed or removed by another process since) is embedded now. Vectors already
    fetched are kept (bounded): a question scores its candidates again once neighbouring chunks join, and
    follow-up questions come back to the same sentences. Ids name the sentence's text, so a kept vector
    never goes stale."""

    store: VectorStore
    embed: Callable[[list[str]], np.ndarray]
    kept: dict[str, np.ndarray] = field(default_factory=dict, repr=False, compare=False)

    def vectors(self, sentences: Sequence[tuple[str, str]]) -> np.ndarray:
        ids = [sentence_id(doc_id, text) for doc_id, text in sentences]
        kept = ((sid, self.kept.get(sid)) for sid in set(ids))  # .get: another thread may clear it meanwhile
        found = {sid: vector for sid, vector in kept if vector is not None}
        wanted = sorted(set(ids) - found.keys())
        fetched = self.store.sentence_vectors(wanted) if wanted else {}
        if len(self.kept) + len(fetched) > KEPT_VECTORS:
            self.kept.clear()
        self.kept.update(fetched)
        return _complete({**found, **fetched}, ids, sentences, self.embed)


def _complete(
    found: dict[str, np.ndarray],
    ids: Sequence[str],
    sentences: Sequence[tuple[str, str]],
    embed: Callable[[list[str]], np.ndarray],
) -> np.ndarray:
    """One row per sentence: the vectors found, and the missing ones embedded in one batch."""
    missing = {sid: text for sid, (_, text) in zip(ids, sentences, strict=True) if sid not in found}
    if missing:
        found.update(zip(missing, embed(list(missing.values())), strict=True))
    return np.stack([found[sid] for sid in ids])


class IndexSnapshot:
    """One committed generation: what it lists, its BM25, and filtered access to the store's records."""

    def __init__(self, store: VectorStore, state: IndexState, manifest: Manifest) -> None:
        self.store = store
        self.state = state
        self.manifest = manifest

    @classmethod
    def read(cls, store: VectorStore, settings: Settings) -> IndexSnapshot:
        state = store.require_state()
        for _ in range(3):  # an ingest may commit and drop this generation's files while we fetch them
            try:
                manifest = read_manifest(store, settings, state)
                break
            except StoreUnavailableError:
                fresh = store.require_state()
                if fresh == state:
                    raise
                state = fresh
        else:
            manifest = read_manifest(store, settings, state)
        if manifest.chunk_count == 0:
            raise IndexMissingError("the index is empty: run `python -m rag ingest` (or `make run`) to build it")
        return cls(store, state, manifest)

    @property
    def generation(self) -> int:
        return self.state.generation

    @property
    def bm25(self) -> Bm25Index:
        return self.manifest.bm25

    @property
    def acronyms(self) -> Mapping[str, str]:
        return self.manifest.acronyms

    @property
    def full_text(self) -> bool:
        return self.manifest.full_text_count > 0

    def coverage(self) -> str:
        return self.manifest.coverage()

    @property
    def noun(self) -> str:
        """What refusals call the corpus; read from the one document's record when an older generation's
        summary does not say."""
        if self.manifest.noun:
            return self.manifest.noun
        ids = self.manifest.doc_ids(0, 2)
        return self.described(ids)[1] if len(ids) == 1 else "papers"

    def described(self, doc_ids: Sequence[str]) -> tuple[str, str]:
        """The coverage line and the noun a refusal uses when a question is about some of the documents
        ("What limitations does it acknowledge?" after "Which paper is about stroke?")."""
        fields = self.document_fields(doc_ids)
        entries = [
            DocumentEntry(d, "", self.title(d), bool(fields.get(d, {}).get("full_text")), fields.get(d, {}))
            for d in doc_ids
        ]
        titles = [e.title or e.doc_id for e in entries[:SAMPLE_TITLES]]
        return coverage_line(len(entries), sum(e.full_text for e in entries), titles), corpus_noun(entries)

    # Filtered access ---------------------------------------------------------------------------

    def __contains__(self, chunk_id: object) -> bool:
        return isinstance(chunk_id, str) and self.manifest.has_chunk(chunk_id)

    def doc_of(self, chunk_id: str) -> str:
        return self.manifest.chunk_doc(chunk_id)

    def title(self, doc_id: str) -> str:
        return self.manifest.title(doc_id)

    def get_chunks(self, ids: Sequence[str]) -> list[Chunk]:
        return self.store.get_chunks([i for i in ids if i in self])

    def dense_search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """Nearest chunks of this generation (more are asked while an ingest is writing records it does
        not list)."""
        ask = k * 4 if self.state.writing else k
        return [(cid, s) for cid, s in self.store.dense_search(vector, ask) if cid in self][:k]

    def sentence_search(self, vector: np.ndarray, k: int) -> list[SentenceHit]:
        ask = k * 4 if self.state.writing else k
        return [h for h in self.store.sentence_search(vector, ask) if h.sentence.chunk_id in self][:k]

    def find_chunks(self, doc_id: str, kind: str | None = None, positions: Sequence[int] | None = None) -> list[Chunk]:
        """Chunks of one document (of one section kind, at some positions) that this generation serves; by
        position, read by id when the generation lists its chunks in reading order."""
        ids = self.manifest.chunk_ids_at(doc_id, sorted(positions)) if kind is None and positions is not None else None
        if ids is not None:
            return self.store.get_chunks(ids)
        return [c for c in self.store.find_chunks(doc_id, kind, positions) if c.chunk_id in self]

    @property
    def document_count(self) -> int:
        return self.manifest.document_count

    def document_fields(self, doc_ids: Sequence[str]) -> dict[str, Mapping[str, object]]:
        """The stored metadata of these documents (title, authors, keywords, ...), by id."""
        records = [self.manifest.document_record(d) for d in doc_ids]
        return {d.doc_id: d.fields for d in self.store.get_documents([r for r in records if r])}

    def vocabulary(self) -> dict[str, int]:
        return self.manifest.vocabulary()

    def documents(self, offset: int = 0, limit: int | None = None) -> list[DocumentInfo]:
        """Listed documents, a page at a time (the document store holds their fields)."""
        ids = self.manifest.doc_ids(offset, limit)
        stored = {d.doc_id: d.fields for d in self.store.get_documents([self.manifest.document_record(i) for i in ids])}
        infos = []
        for doc_id in ids:
            fields = stored.get(doc_id, {})
            infos.append(
                DocumentInfo(
                    doc_id,
                    self.manifest.title(doc_id),
                    self.manifest.chunks_of(doc_id),
                    bool(fields.get("full_text")),
                    str(fields.get("doi", "")),
                    str(fields.get("format", "")),
                )
            )
        return infos


# Generation files ------------------------------------------------------------------------------


def generation_folder(store: VectorStore, settings: Settings, state: IndexState) -> Path:
    return settings.data_dir / "generations" / f"{store.name}-{state.set_id}-g{state.generation}"


def publish_generation(
    store: VectorStore,
    settings: Settings,
    state: IndexState,
    chunks: Sequence[Chunk],
    documents: Sequence[DocumentEntry],
    acronyms: Mapping[str, str],
) -> None:
    """Write the generation's files locally and into the store (before the commit that serves them)."""
    folder = generation_folder(store, settings, state)
    _replace_folder(folder, lambda tmp: write_manifest(tmp, state.generation, chunks, documents, acronyms))
    store.put_files(state, {name: (folder / name).read_bytes() for name in FILES})


def read_manifest(store: VectorStore, settings: Settings, state: IndexState) -> Manifest:
    """The generation's manifest, from the local copy or fetched from the store once."""
    folder = generation_folder(store, settings, state)
    if not (folder / COMPLETE).is_file():
        files = store.get_files(state)

        def write(tmp: Path) -> None:
            for name, data in files.items():
                (tmp / name).write_bytes(data)

        _replace_folder(folder, write)
    return Manifest(folder)


def _replace_folder(folder: Path, fill: Callable[[Path], None]) -> None:
    """Fill a fresh temporary folder, mark it complete, and move it into place; older generations of the
    same index in the parent folder are removed (open memory maps stay valid on POSIX)."""
    parent = folder.parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = parent / f".{folder.name}.{os.getpid()}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    fill(tmp)
    (tmp / COMPLETE).write_text("ok", encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    try:
        tmp.rename(folder)
    except OSError:  # another process put the same generation in place first: theirs is as good
        shutil.rmtree(tmp, ignore_errors=True)
    stem = folder.name.rsplit("-", 2)[0]
    for other in parent.glob(f"{stem}-*"):
        if other != folder and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)
