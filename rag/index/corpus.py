"""The corpus folder: `manifest.toml` plus any supported file dropped beside it."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from rag.errors import InputError, LoaderError
from rag.index.loaders import format_for
from rag.text.doi import doi_key
from rag.types import Document, DocumentMeta

MANIFEST = "manifest.toml"
_IGNORED = {MANIFEST, "SOURCE.md", "LICENSE", "LICENSE.md", "README.md"}


class OutsideFolderError(InputError):
    """A file name or path that leads outside the folder it must stay in (`..`, an absolute path, a link)."""


def path_inside(folder: Path, name: str | Path) -> Path:
    """The real path of `name` inside `folder`, or OutsideFolderError when it would leave the folder.

    The one check for every file the assistant reads from or writes to a folder it was given: corpus
    files (manifest entries and files dropped in), files written by `fetch`, uploads. `name` may be a
    bare file name or a relative path; `..`, absolute paths and symbolic links (of the file or of any
    folder on the way) whose target lies outside `folder` are refused. Links that stay inside are
    followed. `folder` itself may be a link. The file need not exist yet (a write target). Hard links
    cannot be told apart from ordinary files and are not detected.
    """
    root = folder.resolve()
    target = (root / name).resolve()  # resolves `..` and every link on the way, like open() would
    if target != root and root in target.parents:
        return target
    shown = str(name) if Path(name).is_absolute() or ".." in Path(name).parts else f"{folder / name} -> {target}"
    raise OutsideFolderError(
        f"refused {shown}: it leads outside the folder {folder} (links and '..' must stay inside it)",
        "path_outside_folder",
    )


@dataclass(frozen=True)
class CorpusEntry:
    meta: DocumentMeta
    folder: Path

    @property
    def path(self) -> Path:
        """The file's real path; LoaderError (ingest skips the file and says why) when it leaves the folder."""
        try:
            return path_inside(self.folder, self.meta.file)
        except OutsideFolderError as exc:
            raise LoaderError(str(exc), exc.code) from exc


def read_corpus(corpus_dir: Path) -> list[CorpusEntry]:
    """Manifest entries first, then unlisted files with a known suffix (id from the file name)."""
    if not corpus_dir.is_dir():
        raise InputError(f"corpus folder not found: {corpus_dir} (set RAG_CORPUS_DIR or pass --corpus)")
    entries = [CorpusEntry(meta, corpus_dir) for meta in read_manifest(corpus_dir)]
    listed = {Path(entry.meta.file).name for entry in entries}
    for path in sorted(corpus_dir.iterdir()):
        if path.name in listed or path.name in _IGNORED or path.name.startswith("."):
            continue
        if not (path.is_file() or path.is_symlink()):  # a link is listed, then refused if it leaves the folder
            continue
        fmt = format_for(path)
        if fmt:
            meta = DocumentMeta(doc_id=slug(path.stem), title="", file=path.name, format=fmt)
            entries.append(CorpusEntry(meta, corpus_dir))
    return entries


def read_manifest(corpus_dir: Path) -> list[DocumentMeta]:
    if not (corpus_dir / MANIFEST).exists():
        return []
    path = path_inside(corpus_dir, MANIFEST)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not valid TOML: {exc}") from exc
    return [_meta(item, path) for item in data.get("documents", [])]


def _meta(item: dict, path: Path) -> DocumentMeta:
    """A manifest entry as DocumentMeta: `id` and `file` are required, lists stay lists, the rest is text."""
    try:
        values: dict[str, Any] = {"doc_id": str(item["id"]), "file": str(item["file"])}
    except KeyError as exc:
        raise InputError(f"{path}: a [[documents]] entry has no {exc.args[0]!r}") from exc
    for field in fields(DocumentMeta):
        if field.name in values or field.name not in item:
            continue
        value = item[field.name]
        if field.name == "full_text":
            values[field.name] = bool(value)
        elif isinstance(value, list):
            values[field.name] = tuple(str(v) for v in value)
        else:
            values[field.name] = str(value)
    return DocumentMeta(**{"title": "", **values})


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "document"


def file_name_inside(folder: Path, name: str, suffix: str, prefix: str = "") -> Path:
    """A path for a new file called after `name` (an upload's name) directly inside `folder`.

    Only the last path component of `name` counts, reduced to a slug (no separators, dots or `..`), so
    "../../etc/passwd" or "C:\\x\\evil.pdf" cannot leave the folder; `path_inside` checks the result.
    `suffix` is the caller's, never the name's.
    """
    stem = slug(re.split(r"[\\/]", name)[-1].rsplit(".", 1)[0])[:80].strip("-") or "document"
    return path_inside(folder, f"{prefix}{stem}{suffix}")


def prefer_full_text(documents: list[Document]) -> list[Document]:
    """Drop abstract-only documents whose DOI is also held by a full-text document.

    DOIs of unlisted files are only known after loading, so ingest calls this on loaded documents.
    Order is kept; documents without a DOI are never dropped.
    """
    full = {doi_key(d.meta.doi) for d in documents if d.meta.full_text and d.meta.doi}
    return [d for d in documents if d.meta.full_text or doi_key(d.meta.doi) not in full]
