"""The coverage line that refusals quote: bounded whatever the corpus holds."""

from __future__ import annotations

from typing import Any

from rag.index.snapshot import IndexSnapshot


def snapshot(documents: list[dict[str, Any]]) -> IndexSnapshot:
    return IndexSnapshot(chunks={}, bm25=None, sentence_vectors={}, documents=documents, acronyms={})  # type: ignore[arg-type]


def test_one_document_is_named_with_its_scope() -> None:
    assert snapshot([{"doc_id": "a", "title": "Vesicles", "full_text": False}]).coverage() == (
        "“Vesicles” (its abstract and details only, not the full text)"
    )
    assert snapshot([{"doc_id": "a", "title": "", "full_text": True}]).coverage() == "“a” (full text)"
    assert snapshot([]).coverage() == "nothing yet"


def test_many_documents_are_counted_with_a_few_titles() -> None:
    docs = [
        {"doc_id": f"d{i}", "title": f"Paper number {i} " + "word " * 40, "full_text": i % 2 == 0} for i in range(200)
    ]
    line = snapshot(docs).coverage()
    assert line.startswith("200 papers (100 in full text): “Paper number 0") and line.endswith(" and 197 more")
    assert line.count("“") == 3 and len(line) < 500  # the same size at 20 documents or 2,000
    assert len(snapshot(docs * 10).coverage()) <= len(line) + 6  # only the counts grow a digit
