"""Loaders turn one file into a `Document`. One loader per format, looked up by name or suffix.

A loader is any callable `(path, meta) -> Document`; register it with `@register(name, suffixes)`.
A file that holds many documents (a BEIR corpus in JSONL) has a loader `(path, meta) -> list[Document]`,
registered with `@register_collection(name, suffixes)`. Third-party formats register the same way as the
built-ins; built-ins import on first lookup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from rag.errors import LoaderError
from rag.index.details import details_section
from rag.registry import Registry
from rag.text.controls import blank_controls
from rag.types import Document, DocumentMeta

Loader = Callable[[Path, DocumentMeta], Document]
CollectionLoader = Callable[[Path, DocumentMeta], list[Document]]
_Read = TypeVar("_Read", Document, list[Document])

LOADERS: Registry[Loader] = Registry(
    "document format",
    "the manifest's format field",
    [f"rag.index.loaders.{name}" for name in ("beir", "html", "jats", "page", "pdf", "text")],
)
_SUFFIXES: dict[str, str] = {}
_COLLECTIONS: dict[str, CollectionLoader] = {}


def register_collection(name: str, suffixes: tuple[str, ...] = ()) -> Callable[[CollectionLoader], CollectionLoader]:
    """Register a loader of files that hold many documents."""

    def decorate(loader: CollectionLoader) -> CollectionLoader:
        _COLLECTIONS[name] = loader
        for suffix in suffixes:
            _SUFFIXES[suffix.lower()] = name
        return loader

    return decorate


def register(name: str, suffixes: tuple[str, ...] = ()) -> Callable[[Loader], Loader]:
    """Register a loader under `name`, and as the reader of files ending in `suffixes`."""

    def decorate(loader: Loader) -> Loader:
        LOADERS.register(name)(loader)
        for suffix in suffixes:
            _SUFFIXES[suffix.lower()] = name
        return loader

    return decorate


def format_for(path: Path) -> str | None:
    """The loader name for a file suffix, or None when no loader reads it."""
    LOADERS.names()  # the built-ins register their suffixes on import
    return _SUFFIXES.get(path.suffix.lower())


def supported_suffixes() -> tuple[str, ...]:
    LOADERS.names()
    return tuple(sorted(_SUFFIXES))


def load_documents(path: Path, meta: DocumentMeta, max_bytes: int | None = None) -> list[Document]:
    """The documents in `path`: one for most formats, many for a collection file; LoaderError on failure."""
    name = meta.format or format_for(path) or ""
    loader = _COLLECTIONS.get(name)
    if loader is None:
        return [load_document(path, meta, max_bytes)]
    documents = _read(loader, name, path, meta, max_bytes)
    if not documents:
        raise LoaderError(f"{path.name}: no documents found")
    return documents


def _read(
    loader: Callable[[Path, DocumentMeta], _Read], name: str, path: Path, meta: DocumentMeta, max_bytes: int | None
) -> _Read:
    """Run `loader` on a checked file: any failure becomes one LoaderError line naming the file."""
    _check_file(path, max_bytes)
    try:
        return loader(path, meta)
    except LoaderError:
        raise
    except Exception as exc:  # a corrupt file must not stop the other documents
        raise LoaderError(f"{path.name}: cannot be read as {name}: {exc}") from exc


def load_document(path: Path, meta: DocumentMeta, max_bytes: int | None = None) -> Document:
    """Read `path` with the loader named by `meta.format` (or its suffix); LoaderError on any failure."""
    name = meta.format or format_for(path) or ""
    if name not in LOADERS.names():
        known = ", ".join(sorted([*LOADERS.names(), *_COLLECTIONS]))
        raise LoaderError(f"{path.name}: unknown format {name or path.suffix!r}; known formats: {known}")
    document = without_control_characters(_read(LOADERS.get(name), name, path, meta, max_bytes))
    if not any(section.text.strip() for section in document.sections):
        raise LoaderError(f"{path.name}: no text found")
    return with_details(document)


def with_details(document: Document) -> Document:
    """The document with its "Document details" section (written from its metadata) first."""
    details = details_section(document.meta)
    if details is None:
        return document
    return replace(document, sections=(details, *(s for s in document.sections if s.title != details.title)))


def without_control_characters(document: Document) -> Document:
    """Every text of the document (sections, metadata, references) without control characters.

    They would reach terminals and clients (see `rag.text.controls`); tabs and line feeds stay.
    """
    scrubbed: Document = _scrub(document)
    return scrubbed


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return blank_controls(value)
    if isinstance(value, tuple):
        return tuple(_scrub(item) for item in value)
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: _scrub(getattr(value, f.name)) for f in fields(value)})
    return value


def _check_file(path: Path, max_bytes: int | None) -> None:
    if not path.is_file():
        raise LoaderError(f"{path}: file not found")
    size = path.stat().st_size
    if size == 0:
        raise LoaderError(f"{path.name}: empty file")
    if max_bytes is not None and size > max_bytes:
        raise LoaderError(f"{path.name}: {size} bytes is over the {max_bytes}-byte limit (RAG_MAX_FILE_BYTES)")
