"""Corpus helpers: full text replaces an abstract-only copy of the same DOI."""

from __future__ import annotations

from pathlib import Path

from rag.index.corpus import path_inside, prefer_full_text
from rag.types import Document, DocumentMeta, Section


def _doc(doc_id: str, doi: str, full: bool) -> Document:
    meta = DocumentMeta(doc_id=doc_id, title=doc_id, doi=doi, full_text=full)
    return Document(meta=meta, sections=(Section("Body", "text"),))


def test_full_text_replaces_the_abstract_with_the_same_doi() -> None:
    docs = [_doc("page", "10.7150/ijbs.88500", False), _doc("full", "https://doi.org/10.7150/IJBS.88500", True)]
    assert [d.doc_id for d in prefer_full_text(docs)] == ["full"]


def test_other_documents_are_kept_in_order() -> None:
    docs = [_doc("a", "", False), _doc("b", "10.1/b", False), _doc("c", "", True), _doc("d", "10.1/d", True)]
    assert [d.doc_id for d in prefer_full_text(docs)] == ["a", "b", "c", "d"]


def test_path_inside_keeps_any_name_in_its_folder(tmp_path: Path) -> None:
    hostile = [
        "../../etc/passwd",
        "..\\..\\boot.ini",
        "/abs/path/x.pdf",
        "a/../../b.pdf",
        "....",
        "",
        "\x00evil",
        "CON",
    ]
    for name in hostile:
        path = path_inside(tmp_path, name, ".pdf", "upload-")
        assert path.parent == tmp_path and path.name.startswith("upload-") and path.suffix == ".pdf", name
        assert ".." not in path.name and "/" not in path.name and "\\" not in path.name
    assert path_inside(tmp_path, "My Paper (2024).PDF", ".pdf").name == "my-paper-2024.pdf"
    assert path_inside(tmp_path, "x" * 500, ".xml").name == "x" * 80 + ".xml"
