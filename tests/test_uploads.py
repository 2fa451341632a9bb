"""Papers added from the page: checked by content and size, trial-read, indexed; a bad file changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fixture_docs import html_page, jats_article, two_column_pdf

from rag import Assistant, InputError, Settings
from rag.present.uploads import PREFIX, add_upload, check_upload, remove_upload, sniff, uploaded
from tests.fakes import HashEmbedder

LIMIT = 1_000_000


@pytest.fixture()
def assistant(tmp_path: Path) -> Iterator[Assistant]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notes.txt").write_text("Vesicle notes\n\nExosomes carry microRNAs to tumour cells.\n", encoding="utf-8")
    with Assistant(Settings(data_dir=tmp_path / "data", corpus_dir=corpus), embedder=HashEmbedder()) as built:
        built.ingest()
        yield built


def steps() -> tuple[list[tuple[float, str]], object]:
    seen: list[tuple[float, str]] = []
    return seen, lambda fraction, text: seen.append((fraction, text))


def test_type_is_judged_by_content(tmp_path: Path) -> None:
    assert sniff(two_column_pdf(tmp_path / "x.pdf").read_bytes()) == "pdf"
    assert sniff(jats_article().encode()) == "jats"
    assert sniff(html_page().encode()) == "html"
    assert sniff(b"MZ\x90\x00 an executable") is None
    assert sniff(b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'/>") is None


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.pdf", b"", "the file is empty"),
        ("big.pdf", b"%PDF-1.4" + b"x" * LIMIT, "over the 1.0 MB limit"),
        ("paper.pdf", b"MZ\x90\x00 not a pdf at all", "not a PDF, HTML or JATS XML file"),
    ],
)
def test_bad_files_get_a_one_line_reason(name: str, data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason) as info:
        check_upload(name, data, LIMIT)
    assert "\n" not in str(info.value)


def test_a_paper_is_added_listed_and_removed(assistant: Assistant) -> None:
    corpus = assistant.settings.corpus_dir
    seen, progress = steps()
    added = add_upload(assistant, corpus, "../My paper.xml", jats_article().encode(), LIMIT, progress)  # type: ignore[arg-type]
    assert added.file == f"{PREFIX}my-paper.xml" and (corpus / added.file).is_file()
    assert added.title == "Vesicles in therapy resistance" and added.passages > 0
    assert [f for f, _ in seen] == sorted(f for f, _ in seen) and seen[-1][0] == 1.0  # the bar only moves forward
    docs = assistant.info().documents
    assert [d.doc_id for d in uploaded(docs)] == [added.doc_id] and len(docs) == 2
    assert assistant.ask("What did several groups see?").citations[0].title == "Vesicles in therapy resistance"
    assert remove_upload(assistant, corpus, added.doc_id) == added.file
    assert not (corpus / added.file).exists() and [d.doc_id for d in assistant.info().documents] == ["notes"]


def test_a_file_the_loader_cannot_read_changes_nothing(assistant: Assistant) -> None:
    corpus = assistant.settings.corpus_dir
    before = (sorted(p.name for p in corpus.iterdir()), assistant.info())
    broken = b"%PDF-1.4\n%broken beyond repair\n"
    with pytest.raises(InputError, match="cannot use this file") as info:
        add_upload(assistant, corpus, "broken.pdf", broken, LIMIT, lambda f, t: None)
    assert "\n" not in str(info.value)
    assert (sorted(p.name for p in corpus.iterdir()), assistant.info()) == before


def test_only_uploaded_papers_can_be_removed(assistant: Assistant) -> None:
    with pytest.raises(InputError, match="not an uploaded paper"):
        remove_upload(assistant, assistant.settings.corpus_dir, "notes")
    assert (assistant.settings.corpus_dir / "notes.txt").is_file()
