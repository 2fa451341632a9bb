"""Per-file errors from the loader registry: empty, unknown type, oversized, corrupt."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.errors import LoaderError
from rag.index.loaders import format_for, load_document, supported_suffixes
from rag.types import DocumentMeta


def _meta(path: Path) -> DocumentMeta:
    return DocumentMeta(doc_id=path.stem, title="")


def test_builtin_formats_are_registered() -> None:
    for suffix in (".nxml", ".xml", ".html", ".htm", ".pdf", ".txt", ".md"):
        assert suffix in supported_suffixes()
    assert format_for(Path("a.PDF")) == "pdf"
    assert format_for(Path("a.nxml")) == "jats"


@pytest.mark.parametrize("name", ["empty.pdf", "empty.xml", "empty.html"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(LoaderError, match=rf"{name}: empty file"):
        load_document(path, _meta(path))


def test_unknown_type(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(LoaderError, match="notes.docx: unknown format"):
        load_document(path, _meta(path))


def test_oversized_file(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    path.write_text("<html><body><p>" + "x" * 2000 + "</p></body></html>", encoding="utf-8")
    with pytest.raises(LoaderError, match=r"big.html: \d+ bytes is over the 1000-byte limit"):
        load_document(path, _meta(path), max_bytes=1000)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("corrupt.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage garbage\n%%EOF"),
        ("notpdf.pdf", b"this is plain text pretending to be a PDF"),
        ("broken.nxml", b"<article><body><sec><p>never closed"),
        ("binary.html", bytes(range(256)) * 4),
    ],
)
def test_corrupt_files_give_one_line_errors(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(LoaderError) as info:
        load_document(path, _meta(path))
    message = str(info.value)
    assert message.startswith(f"{name}: ")
    assert "\n" not in message and "Traceback" not in message
