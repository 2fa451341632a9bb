"""Corpus helpers: full text replaces an abstract-only copy of the same DOI; nothing is read from outside."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.errors import InputError
from rag.index.corpus import OutsideFolderError, file_name_inside, path_inside, prefer_full_text, read_corpus
from rag.index.ingest import load_corpus
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


def test_file_name_inside_keeps_any_name_in_its_folder(tmp_path: Path) -> None:
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
        path = file_name_inside(tmp_path, name, ".pdf", "upload-")
        assert path.parent == tmp_path and path.name.startswith("upload-") and path.suffix == ".pdf", name
        assert ".." not in path.name and "/" not in path.name and "\\" not in path.name
    assert file_name_inside(tmp_path, "My Paper (2024).PDF", ".pdf").name == "my-paper-2024.pdf"
    assert file_name_inside(tmp_path, "x" * 500, ".xml").name == "x" * 80 + ".xml"


# Nothing is read from outside the corpus folder ----------------------------------------------------


@pytest.fixture()
def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    return secret


def _corpus(tmp_path: Path, manifest: str = "") -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "notes.txt").write_text("Exosomes carry proteins.\n", encoding="utf-8")
    if manifest:
        (folder / "manifest.toml").write_text(manifest, encoding="utf-8")
    return folder


def _loaded(folder: Path) -> tuple[list[str], list[str], str]:
    documents, errors, _ = load_corpus(folder, 10_000_000)
    text = " ".join(s.text for d in documents for s in d.sections)
    return [d.doc_id for d in documents], errors, text


def test_a_link_to_a_file_outside_is_refused_and_the_rest_indexed(tmp_path: Path, outside: Path) -> None:
    folder = _corpus(tmp_path)
    (folder / "passwd.txt").symlink_to(outside)
    ids, errors, text = _loaded(folder)
    assert ids == ["notes"] and "root:x" not in text
    [error] = errors
    assert "passwd.txt" in error and "outside the folder" in error and "\n" not in error


@pytest.mark.parametrize("file", ["../elsewhere/secret.txt", "{outside}", "sub/../../elsewhere/secret.txt"])
def test_manifest_paths_leaving_the_folder_are_refused(tmp_path: Path, outside: Path, file: str) -> None:
    manifest = f'[[documents]]\nid = "evil"\ntitle = "x"\nfile = "{file.format(outside=outside)}"\nformat = "txt"\n'
    folder = _corpus(tmp_path, manifest)
    ids, errors, text = _loaded(folder)
    assert ids == ["notes"] and "root:x" not in text
    assert len(errors) == 1 and "outside the folder" in errors[0]


def test_a_linked_folder_leading_outside_is_refused(tmp_path: Path, outside: Path) -> None:
    manifest = '[[documents]]\nid = "evil"\ntitle = "x"\nfile = "sub/secret.txt"\nformat = "txt"\n'
    folder = _corpus(tmp_path, manifest)
    (folder / "sub").symlink_to(outside.parent, target_is_directory=True)
    ids, errors, _ = _loaded(folder)
    assert ids == ["notes"] and "outside the folder" in errors[0]


def test_a_manifest_linked_from_outside_is_refused(tmp_path: Path, outside: Path) -> None:
    folder = _corpus(tmp_path)
    (folder / "manifest.toml").symlink_to(outside)
    with pytest.raises(InputError, match="outside the folder"):
        read_corpus(folder)


def test_links_inside_the_folder_and_a_linked_corpus_folder_are_read(tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    (folder / "again.txt").symlink_to(folder / "notes.txt")
    linked = tmp_path / "linked-corpus"
    linked.symlink_to(folder, target_is_directory=True)
    ids, errors, _ = _loaded(linked)
    assert ids == ["again", "notes"] and errors == []


@pytest.mark.parametrize("name", ["a.pdf", "sub/a.pdf", "sub/../a.pdf", "not-there-yet.xml"])
def test_path_inside_accepts_names_that_stay_inside(tmp_path: Path, name: str) -> None:
    assert path_inside(tmp_path, name) == (tmp_path / name).resolve()


@pytest.mark.parametrize("name", ["../a.pdf", "/etc/passwd", "..", ".", "", "sub/../../a.pdf"])
def test_path_inside_refuses_names_that_leave(tmp_path: Path, name: str) -> None:
    with pytest.raises(OutsideFolderError) as caught:
        path_inside(tmp_path / "folder", name)
    assert caught.value.code == "path_outside_folder" and "\n" not in str(caught.value)
