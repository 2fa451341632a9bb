"""The documents of the full-text gold set: where each comes from, its split, and a corpus of its own.

Each document is indexed alone, as a user who drops one paper into the assistant would: its file is
copied into `$RAG_DATA_DIR/eval-fulltext/<doc>-<content hash>/corpus/` and indexed in the `data/`
beside it. A changed file gets a new folder; a changed index identity (model, chunker) gets a new
collection inside it, which `Assistant.ingest` builds; otherwise ingest only checks and skips.

Weights and thresholds may be fitted on the `tune` documents only; the CI gate runs on the `gate` ones.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.errors import EvalError

SPLITS = ("tune", "gate")
REAL_DOCS = "real-docs"  # RAG_REAL_DOCS_DIR: files read in place, ids from their names
CORPUS = "corpus"  # RAG_CORPUS_DIR: a document listed in its manifest


@dataclass(frozen=True)
class GoldDocument:
    doc_id: str  # as the loaders name it: the manifest id, or the file name slug for unlisted files
    file: str
    split: str
    source: str = REAL_DOCS


DOCUMENTS = (
    GoldDocument("shan2024", "shan2024-ijbs-page.txt", "tune", CORPUS),
    GoldDocument("pmc7417471", "PMC7417471.nxml", "tune"),
    GoldDocument("pone-0046493", "pone.0046493.nxml", "tune"),
    GoldDocument("peerj-4375", "peerj-4375.html", "tune"),
    GoldDocument("pmc5828200", "PMC5828200.nxml", "gate"),
    GoldDocument("journal-pmed-1001473", "journal.pmed.1001473.xml", "gate"),
    GoldDocument("bmc-hsr-2014-14-1", "bmc-hsr-2014-14-1.pdf", "gate"),
    GoldDocument("clinsci-2014-126-305", "clinsci-2014-126-305.pdf", "gate"),
)


@dataclass(frozen=True)
class PreparedDocument:
    """A document copied into its own corpus folder, loaded as the index will see it."""

    document: GoldDocument
    settings: Any  # rag.Settings with data_dir and corpus_dir pointing at the document's own folder
    sections: tuple[str, ...]  # section texts, as the loader produces them (quotes are checked against these)
    chunks: tuple[Any, ...]  # rag.types.Chunk, as the assistant indexes them (for the BM25 and dense baselines)


def select(split: str = "all", doc: str | None = None) -> list[GoldDocument]:
    """The documents of one split (`tune`, `gate` or `all`), or the one named `doc`."""
    if split not in (*SPLITS, "all"):
        raise EvalError(f"unknown split {split!r}; choose one of: {', '.join(SPLITS)}, all")
    chosen = [d for d in DOCUMENTS if split in ("all", d.split)]
    if doc is not None:
        chosen = [d for d in chosen if d.doc_id == doc]
        if not chosen:
            known = ", ".join(d.doc_id for d in DOCUMENTS if split in ("all", d.split))
            raise EvalError(f"no document {doc!r} in the {split} split; known: {known}")
    return chosen


@dataclass(frozen=True)
class PreparedCorpus:
    """Several documents copied into one corpus folder: a reading list indexed together."""

    settings: Any  # rag.Settings with data_dir and corpus_dir pointing at the shared folder
    sections: dict[str, tuple[str, ...]]  # each document's section texts
    chunks: tuple[Any, ...]  # every document's chunks


def prepare(document: GoldDocument, settings: Any) -> PreparedDocument:
    """Copy the document into its own corpus folder (once per content) and load it from there."""
    shared = _prepared([document], settings, document.doc_id)
    return PreparedDocument(document, shared.settings, shared.sections[document.doc_id], shared.chunks)


def prepare_together(documents: Sequence[GoldDocument], settings: Any, name: str) -> PreparedCorpus:
    """Copy the documents into one corpus folder (once per content) and load them from there."""
    return _prepared(documents, settings, f"together-{name}")


def _prepared(documents: Sequence[GoldDocument], settings: Any, name: str) -> PreparedCorpus:
    from rag.index.chunk import chunk_document
    from rag.index.corpus import read_corpus
    from rag.index.loaders import load_document

    files = _merged([f for document in documents for f in _source_files(document, settings)])
    digest = hashlib.sha256()
    for file_name, data in files:
        digest.update(file_name.encode() + b"\0" + data)
    folder = settings.data_dir / "eval-fulltext" / f"{name}-{digest.hexdigest()[:12]}"
    corpus = folder / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for file_name, data in files:
        target = corpus / file_name
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)
    entries = read_corpus(corpus)
    expected = {d.doc_id for d in documents}
    if sorted(e.meta.doc_id for e in entries) != sorted(expected):
        found = ", ".join(e.meta.doc_id for e in entries) or "nothing"
        wanted = ", ".join(sorted(expected))
        raise EvalError(f"{', '.join(d.file for d in documents)} load as {found}, but the gold set expects {wanted}")
    own = settings.model_copy(update={"data_dir": folder / "data", "corpus_dir": corpus})
    sections: dict[str, tuple[str, ...]] = {}
    chunks: list[Any] = []
    for entry in entries:
        loaded = load_document(entry.path, entry.meta, settings.max_file_bytes)
        sections[entry.meta.doc_id] = tuple(s.text for s in loaded.sections)
        chunks += chunk_document(loaded, own.chunk_sentences, own.chunk_overlap, own.chunk_max_chars)
    return PreparedCorpus(own, sections, tuple(chunks))


def _merged(files: Sequence[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """The files, with the manifests of documents listed in one (`[[documents]]` tables) joined into one."""
    from rag.index.corpus import MANIFEST

    manifests = [data for file_name, data in files if file_name == MANIFEST]
    others = [(file_name, data) for file_name, data in files if file_name != MANIFEST]
    return [(MANIFEST, b"\n".join(manifests)), *others] if manifests else others


def _source_files(document: GoldDocument, settings: Any) -> list[tuple[str, bytes]]:
    """(file name, bytes) to put in the document's corpus folder."""
    if document.source == CORPUS:
        return _from_manifest(document, settings.corpus_dir)
    folder = Path(settings.real_docs_dir)
    if not folder.is_dir():
        raise EvalError(f"real documents folder not found: {folder} (set RAG_REAL_DOCS_DIR or pass --real-docs-dir)")
    path = folder / document.file
    if not path.is_file():
        raise EvalError(f"{document.file} is not in {folder}: the full-text gold set needs it")
    return [(document.file, path.read_bytes())]


def _from_manifest(document: GoldDocument, corpus_dir: Path) -> list[tuple[str, bytes]]:
    """The document's file and a manifest listing only it (its metadata as the corpus manifest has it)."""
    from rag.errors import InputError
    from rag.index.corpus import MANIFEST, read_manifest

    try:
        metas = [m for m in read_manifest(corpus_dir) if m.doc_id == document.doc_id]
    except InputError as exc:
        raise EvalError(str(exc)) from exc
    path = corpus_dir / (metas[0].file if metas else document.file)
    if not metas or not path.is_file():
        raise EvalError(f"{document.doc_id} is not listed with its file in {corpus_dir / MANIFEST}")
    return [(MANIFEST, manifest_entry(metas[0]).encode("utf-8")), (path.name, path.read_bytes())]


def manifest_entry(meta: Any) -> str:
    """One `[[documents]]` table for a DocumentMeta (JSON strings and arrays are valid TOML values)."""
    lines = ["[[documents]]"]
    for key, value in vars(meta).items():
        name = "id" if key == "doc_id" else key
        if isinstance(value, bool):
            lines.append(f"{name} = {str(value).lower()}")
        elif value:
            plain = list(value) if isinstance(value, tuple) else value
            lines.append(f"{name} = {json.dumps(plain, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"
