"""Papers a student adds from the chat page: checked, trial-read, placed in the corpus folder, indexed.

Uploaded files live in the corpus folder that ingest reads (`RAG_CORPUS_DIR`), named
`upload-<slug>.<pdf|html|xml>`: ingest indexes them like any dropped-in file, and removing one is
deleting its file and ingesting again (its passages go, nothing else changes). The type is judged by
the content (a renamed .exe is refused whatever its suffix), the size against `RAG_MAX_FILE_BYTES`, and
the file is read with the real loader in a temporary folder before it enters the corpus, so a bad file
gets a one-line reason and never touches the index.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from rag.errors import InputError, LoaderError
from rag.index.corpus import file_name_inside, slug
from rag.index.loaders import load_document
from rag.types import DocumentInfo, DocumentMeta, IngestReport

PREFIX = "upload-"
SUFFIXES = {"pdf": ".pdf", "html": ".html", "jats": ".xml"}
ACCEPTED = ("pdf", "html", "htm", "xml", "nxml")  # what the file picker offers; the content decides
_JATS_ROOT = re.compile(rb"<article[\s>]")
_JATS_MARKS = (b"jats", b"<front", b"article-meta", b"dtd-version")
_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]")

Progress = Callable[[float, str], None]


class Indexer(Protocol):
    """What uploads need from `rag.Assistant`."""

    def ingest(self) -> IngestReport: ...


@dataclass(frozen=True)
class Added:
    doc_id: str
    title: str
    file: str
    passages: int


def sniff(data: bytes) -> str | None:
    """'pdf', 'jats' or 'html' judged by the bytes, or None."""
    head = data[:8192].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    lowered = head.lower()
    if _JATS_ROOT.search(lowered) and any(mark in lowered for mark in _JATS_MARKS):
        return "jats"
    if _HTML.search(lowered):
        return "html"
    return None


def check_upload(name: str, data: bytes, max_bytes: int) -> str:
    """The file's format, or InputError with a one-line reason (empty, too large, not a paper format)."""
    if not data:
        raise InputError(f"{name}: the file is empty")
    if len(data) > max_bytes:
        raise InputError(f"{name}: {_mb(len(data))} is over the {_mb(max_bytes)} limit")
    kind = sniff(data)
    if kind is None:
        raise InputError(f"{name}: not a PDF, HTML or JATS XML file (judged by its content, not its name)")
    return kind


def add_upload(indexer: Indexer, corpus_dir: Path, name: str, data: bytes, max_bytes: int, progress: Progress) -> Added:
    """Check, trial-read, place and index one uploaded file; InputError (one line) when it cannot be used."""
    progress(0.1, "Checking the file…")
    kind = check_upload(name, data, max_bytes)
    target = file_name_inside(corpus_dir, name, SUFFIXES[kind], PREFIX)
    progress(0.25, "Reading its text…")
    meta = DocumentMeta(doc_id=slug(target.stem), title="", file=target.name, format=kind)
    title = _trial_read(target.name, data, meta, max_bytes)
    progress(0.5, "Adding it to the index (a long paper takes a minute)…")
    _write(target, data)
    try:
        report = indexer.ingest()
    except BaseException:
        target.unlink(missing_ok=True)  # out of the corpus again: the next ingest drops whatever got in
        raise
    progress(1.0, "Done")
    return Added(meta.doc_id, title or name, target.name, report.added)


def remove_upload(indexer: Indexer, corpus_dir: Path, doc_id: str) -> str:
    """Delete an uploaded paper's file and re-ingest (its passages leave the index); returns the file name."""
    path = uploaded_file(corpus_dir, doc_id)
    if path is None:
        raise InputError(f"{doc_id} is not an uploaded paper")
    path.unlink()
    indexer.ingest()
    return path.name


def uploaded_file(corpus_dir: Path, doc_id: str) -> Path | None:
    if not doc_id.startswith(PREFIX):
        return None
    return next((p for p in sorted(corpus_dir.glob(f"{PREFIX}*")) if slug(p.stem) == doc_id), None)


def uploaded(documents: Sequence[DocumentInfo]) -> list[DocumentInfo]:
    """The indexed documents that came from the page."""
    return [d for d in documents if d.doc_id.startswith(PREFIX)]


def _trial_read(name: str, data: bytes, meta: DocumentMeta, max_bytes: int) -> str:
    """Load the file with the real loader outside the corpus; its title, or InputError with the loader's reason."""
    with tempfile.TemporaryDirectory(prefix="rag-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            document = load_document(path, meta, max_bytes)
        except LoaderError as exc:
            raise InputError(f"cannot use this file: {exc}") from exc
    return document.meta.title


def _write(target: Path, data: bytes) -> None:
    """Write atomically: ingest never sees half a file."""
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".upload-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise InputError(f"cannot save into {target.parent}: {exc.strerror}") from exc


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"
