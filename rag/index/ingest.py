"""Ingest: corpus -> documents -> chunks and sentences -> vectors -> Chroma, changing only what changed."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TypeVar

import numpy as np
from tqdm import tqdm

from rag.errors import LoaderError
from rag.index.chunk import chunk_document, chunk_sentences, sentence_id
from rag.index.corpus import prefer_full_text, read_corpus
from rag.index.embed import Embedder
from rag.index.identity import IndexIdentity
from rag.index.loaders import load_document
from rag.index.stores import Kind, StoredSentence, VectorStore
from rag.settings import Settings
from rag.text.acronyms import extract_acronyms
from rag.types import Chunk, Document, IngestReport

T = TypeVar("T")


def load_corpus(corpus_dir: Path, max_bytes: int) -> tuple[list[Document], list[str], set[str]]:
    """Loaded documents, one error line per file that failed, and the ids of the failed files."""
    documents, errors, failed = [], [], set()
    for entry in read_corpus(corpus_dir):
        try:
            documents.append(load_document(entry.path, entry.meta, max_bytes))
        except LoaderError as exc:
            errors.append(str(exc))
            failed.add(entry.meta.doc_id)
    return prefer_full_text(documents), errors, failed


def ingest(
    settings: Settings, embedder: Embedder, store: VectorStore, corpus_dir: Path, rebuild: bool, progress: bool
) -> IngestReport:
    documents, errors, failed = load_corpus(corpus_dir, settings.max_file_bytes)
    rebuilt = bool(store.drop_stale_indexes()) or rebuild
    if rebuild:
        store.reset()
    chunks = [
        c for d in tqdm(documents, desc="chunking", unit="doc", disable=not progress) for c in _chunks(d, settings)
    ]
    keep = {c.chunk_id for c in chunks}
    store.prepare()
    existing = store.ids("chunks")
    stale = _stale(store, "chunks", existing - keep, failed)
    new_chunks = [c for c in chunks if c.chunk_id not in existing]
    _embed_and_add(new_chunks, [c.text for c in new_chunks], store.add_chunks, embedder, settings, progress, "chunks")
    store.delete("chunks", stale)
    _sync_sentences(store, chunks, failed, embedder, settings, progress)
    _write_metadata(store, IndexIdentity.of(settings, embedder), documents, failed)
    return IngestReport(
        documents=len(documents),
        added=len(new_chunks),
        removed=len(stale),
        unchanged=len(keep & existing),
        rebuilt=rebuilt,
        errors=tuple(errors),
    )


def _chunks(document: Document, settings: Settings) -> list[Chunk]:
    return chunk_document(document, settings.chunk_sentences, settings.chunk_overlap, settings.chunk_max_chars)


def _stale(store: VectorStore, kind: Kind, candidates: set[str], failed: set[str]) -> list[str]:
    """Ids to delete, sparing whatever belongs to a document that failed to load this time."""
    if not candidates or not failed:
        return sorted(candidates)
    protected = set().union(*(store.ids(kind, doc_id) for doc_id in failed))
    return sorted(candidates - protected)


def _sync_sentences(
    store: VectorStore,
    chunks: Sequence[Chunk],
    failed: set[str],
    embedder: Embedder,
    settings: Settings,
    progress: bool,
) -> None:
    wanted: dict[str, StoredSentence] = {}
    for chunk in chunks:
        for start, end in chunk_sentences(chunk):
            text = chunk.text[start:end]
            sid = sentence_id(chunk.doc_id, text)
            wanted.setdefault(sid, StoredSentence(sid, chunk.doc_id, text, chunk.chunk_id))
    existing = store.ids("sentences")
    new = [s for sid, s in wanted.items() if sid not in existing]
    _embed_and_add(new, [s.text for s in new], store.add_sentences, embedder, settings, progress, "sentences")
    store.delete("sentences", _stale(store, "sentences", existing - set(wanted), failed))


def _embed_and_add(
    items: Sequence[T],
    texts: Sequence[str],
    add: Callable[[Sequence[T], np.ndarray], None],
    embedder: Embedder,
    settings: Settings,
    progress: bool,
    label: str,
) -> None:
    """Embed `texts` in batches and hand each batch with its vectors to `add` (a store writer)."""
    size = settings.embedding_batch_size * 4
    batches = range(0, len(items), size)
    for start in tqdm(batches, desc=f"embedding {label}", unit="batch", disable=not progress or not items):
        add(items[start : start + size], embedder.embed(texts[start : start + size]))


def _write_metadata(
    store: VectorStore, identity: IndexIdentity, documents: Iterable[Document], failed: set[str]
) -> None:
    """Index-level facts (documents, acronyms) kept with the collection, so any process can read them."""
    old = store.metadata()
    old_docs = {d["doc_id"]: d for d in json.loads(old.get("documents", "[]"))}
    docs = {d.doc_id: _document_entry(d) for d in documents}
    docs.update({doc_id: old_docs[doc_id] for doc_id in failed if doc_id in old_docs})
    acronyms = {
        **json.loads(old.get("acronyms", "{}")),
        **extract_acronyms(s.text for d in documents for s in d.sections),
    }
    fresh = {
        **identity.describe(),
        "documents": json.dumps(sorted(docs.values(), key=lambda d: d["doc_id"])),
        "acronyms": json.dumps(acronyms, sort_keys=True),
    }
    if any(old.get(k) != v for k, v in fresh.items()):
        store.set_metadata(fresh)


def _document_entry(document: Document) -> dict:
    meta = asdict(document.meta)
    meta["authors"] = list(document.meta.authors)
    meta["sections"] = len(document.sections)
    return meta
