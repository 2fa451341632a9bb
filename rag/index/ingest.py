"""Ingest: corpus -> documents -> chunks -> vectors -> store, changing only what changed, served only when whole.

The commit protocol (Chroma has no transactions):

1. `store.begin` takes the writer lease and records "generation g+1 is being written" (a full rebuild
   writes a new record set beside the served one).
2. Only new text is embedded (`RAG_EMBEDDING_PASSES` decides how chunk and sentence vectors are made);
   chunk, sentence and document records are upserted. Records are content-addressed, so what an
   unfinished ingest left behind is reused, never served.
3. The generation's manifest (the chunk and document lists, BM25, titles, summary) is written and stored.
4. `store.commit` switches the served generation in one metadata write. Only then are records the new
   generation does not list deleted, and old generation files and record sets dropped.

A reader serves the last committed manifest and ignores any record it does not list, so a killed ingest
leaves the previous generation served whole; the next ingest finishes the work.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from tqdm import tqdm

from rag.errors import LoaderError
from rag.index.chunk import chunk_document, chunk_sentences, sentence_id, sentence_texts
from rag.index.corpus import prefer_full_text, read_corpus
from rag.index.embed import Embedder, compose, embed_sums, embed_with_spans
from rag.index.loaders import load_documents
from rag.index.manifest import DocumentEntry
from rag.index.snapshot import publish_generation, read_manifest
from rag.index.stores import IndexState, StoredDocument, StoredSentence, VectorStore
from rag.settings import Settings
from rag.text.acronyms import extract_acronyms
from rag.types import Chunk, Document, IngestReport


def load_corpus(corpus_dir: Path, max_bytes: int) -> tuple[list[Document], list[str], set[str]]:
    """Loaded documents, one error line per file that failed, and the ids of the failed files."""
    documents, errors, failed = [], [], set()
    for entry in read_corpus(corpus_dir):
        try:
            documents.extend(load_documents(entry.path, entry.meta, max_bytes))
        except LoaderError as exc:
            errors.append(str(exc))
            failed.add(entry.meta.doc_id)
    return prefer_full_text(documents), errors, failed


@dataclass
class _Plan:
    """What one ingest writes: every chunk the generation lists, which of them to embed, and the
    sentences whose records are missing or name another chunk."""

    chunks: list[Chunk]
    new: set[str]
    sentences: dict[str, StoredSentence]  # sentence id -> record, owned by its first chunk
    rewrite: dict[str, list[StoredSentence]] = field(default_factory=dict)  # chunk id -> sentences it pools


def ingest(
    settings: Settings, embedder: Embedder, store: VectorStore, corpus_dir: Path, rebuild: bool, progress: bool
) -> IngestReport:
    documents, errors, failed = load_corpus(corpus_dir, settings.max_file_bytes)
    others = bool(store.other_indexes())
    previous = store.state()
    state = store.begin(rebuild)
    try:
        report = _write(settings, embedder, store, state, previous, documents, failed, progress)
    finally:
        store.release()
    return IngestReport(
        documents=report.documents,
        added=report.added,
        removed=report.removed,
        unchanged=report.unchanged,
        rebuilt=rebuild or others,
        errors=tuple(errors),
    )


def _write(
    settings: Settings,
    embedder: Embedder,
    store: VectorStore,
    state: IndexState,
    previous: IndexState | None,
    documents: Sequence[Document],
    failed: set[str],
    progress: bool,
) -> IngestReport:
    existing = store.ids("chunks")
    kept, kept_docs = _failed_documents(store, settings, previous, failed)
    chunks = [c for d in documents for c in _chunks(d, settings)] + kept
    plan = _plan(chunks, existing, store.sentence_owners())
    vectors = _embed(plan, embedder, store, settings, progress)
    stored_docs = store.ids("documents")
    by_doc: dict[str, list[str]] = {}
    for chunk in plan.chunks:
        by_doc.setdefault(chunk.doc_id, []).append(chunk.chunk_id)
    entries = _documents(documents, by_doc, vectors, store, stored_docs) + kept_docs
    acronyms = extract_acronyms(s.text for d in documents for s in d.sections)
    if previous is not None and previous.generation and failed:
        acronyms = {**read_manifest(store, settings, previous).acronyms, **acronyms}
    publish_generation(store, settings, state, plan.chunks, entries, acronyms)
    store.commit(state)
    removed = _clean_up(store, state, plan, entries, existing)
    store.finish(state)
    keep = {c.chunk_id for c in plan.chunks}
    return IngestReport(
        documents=len(documents), added=len(plan.new), removed=removed, unchanged=len(keep & existing), rebuilt=False
    )


def _chunks(document: Document, settings: Settings) -> list[Chunk]:
    return chunk_document(document, settings.chunk_sentences, settings.chunk_overlap, settings.chunk_max_chars)


def _failed_documents(
    store: VectorStore, settings: Settings, previous: IndexState | None, failed: set[str]
) -> tuple[list[Chunk], list[DocumentEntry]]:
    """What a document that failed to load this time had indexed: kept as it was."""
    if not failed or previous is None or not previous.generation:
        return [], []
    manifest = read_manifest(store, settings, previous)
    chunks: list[Chunk] = []
    entries: list[DocumentEntry] = []
    for doc_id in sorted(failed):
        record = manifest.document_record(doc_id)
        if not record:
            continue
        chunks += store.get_chunks(sorted(store.ids("chunks", doc_id)))
        for stored in store.get_documents([record]):
            fields = dict(stored.fields)
            entries.append(DocumentEntry(doc_id, record, manifest.title(doc_id), bool(fields.get("full_text")), fields))
    return chunks, entries


def _plan(chunks: Sequence[Chunk], existing: set[str], owners: Mapping[str, str]) -> _Plan:
    """Each sentence belongs to the first chunk holding it; a sentence record that is missing or names
    another chunk is written again, pooled from its owner's pass (an owner already stored is passed again)."""
    unique: dict[str, Chunk] = {}
    for chunk in chunks:
        unique.setdefault(chunk.chunk_id, chunk)
    plan = _Plan(list(unique.values()), {cid for cid in unique if cid not in existing}, {})
    for chunk in plan.chunks:
        for start, end in chunk_sentences(chunk):
            text = chunk.text[start:end]
            sid = sentence_id(chunk.doc_id, text)
            if sid in plan.sentences:
                continue
            plan.sentences[sid] = StoredSentence(sid, chunk.doc_id, text, chunk.chunk_id)
            if chunk.chunk_id in plan.new or owners.get(sid) != chunk.chunk_id:
                plan.rewrite.setdefault(chunk.chunk_id, []).append(plan.sentences[sid])
    return plan


def _embed(
    plan: _Plan, embedder: Embedder, store: VectorStore, settings: Settings, progress: bool
) -> dict[str, np.ndarray]:
    """Embed what the plan needs and write the records; returns the vectors of the chunks embedded.

    `RAG_EMBEDDING_PASSES`: `sentences` (each sentence once; a chunk's vector is composed from its
    sentences' token vectors), `both` (chunks and sentences each embedded), `chunks` (sentence vectors
    pooled from their chunk's pass)."""
    if settings.embedding_passes == "sentences":
        return _embed_by_sentence(plan, embedder, store, settings, progress)
    pooled = settings.embedding_passes == "chunks"
    passes = [c for c in plan.chunks if c.chunk_id in plan.new or (pooled and c.chunk_id in plan.rewrite)]
    passes.sort(key=lambda c: len(c.text))  # similar lengths pad least
    size = settings.embedding_batch_size * 8
    vectors: dict[str, np.ndarray] = {}
    for batch in tqdm(_batches(passes, size), desc="embedding", unit="batch", disable=not progress or not passes):
        owned = [plan.rewrite.get(c.chunk_id, []) if pooled else [] for c in batch]
        spans = [[_offsets(c, s) for s in sentences] for c, sentences in zip(batch, owned, strict=True)]
        chunk_vectors, sentence_vectors = embed_with_spans(embedder, [c.text for c in batch], spans)
        new = [n for n, c in enumerate(batch) if c.chunk_id in plan.new]
        store.add_chunks([batch[n] for n in new], chunk_vectors[new])
        flat = [s for sentences in owned for s in sentences]
        if flat:
            store.add_sentences(flat, np.vstack([v for v in sentence_vectors if len(v)]))
        vectors.update((c.chunk_id, v) for c, v in zip(batch, chunk_vectors, strict=True))
        store.renew()
    if not pooled:
        _embed_sentences([s for group in plan.rewrite.values() for s in group], embedder, store, size, progress)
    return vectors


def _embed_by_sentence(
    plan: _Plan, embedder: Embedder, store: VectorStore, settings: Settings, progress: bool
) -> dict[str, np.ndarray]:
    """One pass over each distinct sentence of the new chunks (and of the sentences to rewrite); chunk
    vectors are composed from their sentences' token sums. Chunks go in groups to bound memory."""
    new = [c for c in plan.chunks if c.chunk_id in plan.new or c.chunk_id in plan.rewrite]
    group = settings.embedding_batch_size * 8
    vectors: dict[str, np.ndarray] = {}
    for batch in tqdm(_batches(new, group), desc="embedding", unit="batch", disable=not progress or not new):
        parts = {c.chunk_id: _sentences(c) for c in batch}
        texts = sorted({t for sentences in parts.values() for t in sentences})
        row = {t: n for n, t in enumerate(texts)}
        sentence_vectors, sums, counts = embed_sums(embedder, texts)
        chunks = [c for c in batch if c.chunk_id in plan.new]
        for chunk in chunks:
            rows = [row[t] for t in parts[chunk.chunk_id]]
            vectors[chunk.chunk_id] = compose(sums[rows], counts[rows])
        store.add_chunks(chunks, np.asarray([vectors[c.chunk_id] for c in chunks]).reshape(len(chunks), -1))
        owned = [s for c in batch for s in plan.rewrite.get(c.chunk_id, [])]
        if owned:
            store.add_sentences(owned, sentence_vectors[[row[s.text] for s in owned]])
        store.renew()
    return vectors


def _sentences(chunk: Chunk) -> list[str]:
    return sentence_texts(chunk) or [chunk.text]


def _embed_sentences(
    sentences: Sequence[StoredSentence], embedder: Embedder, store: VectorStore, size: int, progress: bool
) -> None:
    ordered = sorted(sentences, key=lambda s: len(s.text))
    batches = range(0, len(ordered), size)
    for start in tqdm(batches, desc="embedding sentences", unit="batch", disable=not progress or not ordered):
        batch = ordered[start : start + size]
        store.add_sentences(batch, embedder.embed([s.text for s in batch]))
        store.renew()


def _batches(items: Sequence[Chunk], size: int) -> Iterator[Sequence[Chunk]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _offsets(chunk: Chunk, sentence: StoredSentence) -> tuple[int, int]:
    start = chunk.text.index(sentence.text)
    return start, start + len(sentence.text)


def _documents(
    documents: Sequence[Document],
    chunk_ids: Mapping[str, list[str]],
    vectors: Mapping[str, np.ndarray],
    store: VectorStore,
    stored: set[str],
) -> list[DocumentEntry]:
    """Each document's entry; records not stored yet are added, their vector the mean of their chunks'."""
    entries, new = [], []
    for document in documents:
        own = sorted(chunk_ids.get(document.doc_id, []))
        fields = _document_fields(document, len(own))
        record = hashlib.sha256(json.dumps([fields, own], sort_keys=True).encode()).hexdigest()[:32]
        entries.append(DocumentEntry(document.doc_id, record, document.meta.title, document.meta.full_text, fields))
        if record not in stored and own:
            new.append((StoredDocument(record, document.doc_id, fields), own))
    for start in range(0, len(new), 500):
        batch = new[start : start + 500]
        missing = [cid for _, own in batch for cid in own if cid not in vectors]
        found = {**store.chunk_vectors(missing), **vectors} if missing else vectors
        ready = [(d, [found[cid] for cid in own if cid in found]) for d, own in batch]
        ready = [(d, rows) for d, rows in ready if rows]  # a chunk lost from the store: the next ingest adds it
        if ready:
            matrix = np.asarray([np.mean(rows, axis=0) for _, rows in ready], dtype=np.float32)
            store.add_documents([d for d, _ in ready], matrix / np.linalg.norm(matrix, axis=1, keepdims=True))
    return entries


def _document_fields(document: Document, chunks: int) -> dict:
    meta = asdict(document.meta)
    meta["authors"] = list(document.meta.authors)
    meta["sections"] = len(document.sections)
    meta["chunks"] = chunks
    return meta


def _clean_up(
    store: VectorStore, state: IndexState, plan: _Plan, entries: Sequence[DocumentEntry], existing: set[str]
) -> int:
    """After commit: delete the records the committed generation does not list. Returns chunks removed."""
    keep = {c.chunk_id for c in plan.chunks}
    stale = sorted(existing - keep)
    store.delete("chunks", stale)
    store.delete("sentences", sorted(set(store.sentence_owners()) - set(plan.sentences)))
    store.delete("documents", sorted(store.ids("documents") - {e.record for e in entries}))
    store.delete_files_before(state)
    store.drop_stale_indexes()
    return len(stale)
