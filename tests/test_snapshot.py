"""The coverage line that refusals quote: bounded whatever the corpus holds."""

from __future__ import annotations

import numpy as np
import pytest

from rag.index import snapshot
from rag.index.chunk import sentence_id
from rag.index.manifest import DocumentEntry, corpus_noun, coverage_line
from rag.index.snapshot import StoreSentenceVectors


def test_one_document_is_named_with_its_scope() -> None:
    assert coverage_line(1, 0, ["Vesicles"]) == "“Vesicles” (its abstract and details only, not the full text)"
    assert coverage_line(1, 1, ["a"]) == "“a” (full text)"
    assert coverage_line(0, 0, []) == "nothing yet"


def test_many_documents_are_counted_with_a_few_titles() -> None:
    titles = [f"Paper number {i} " + "word " * 40 for i in range(3)]
    line = coverage_line(200, 100, titles)
    assert line.startswith("200 papers (100 in full text): “Paper number 0") and line.endswith(" and 197 more")
    assert line.count("“") == 3 and len(line) < 500  # the same size at 20 documents or 2,000
    assert len(coverage_line(2000, 1000, titles)) <= len(line) + 6  # only the counts grow a digit


def test_the_corpus_is_a_review_a_paper_or_papers_by_its_metadata() -> None:
    def entry(doc_id: str, article_type: str) -> DocumentEntry:
        return DocumentEntry(doc_id, "r", "T", True, {"article_type": article_type})

    assert corpus_noun([entry("a", "Review")]) == "review"
    assert corpus_noun([entry("a", "Systematic review")]) == "review"
    assert corpus_noun([entry("a", "Research article")]) == "paper"
    assert corpus_noun([entry("a", "")]) == "paper"
    assert corpus_noun([entry("a", "Review"), entry("b", "Review")]) == "papers"


class CountingStore:
    """The one store method sentence vectors need, counting the ids it is asked for."""

    def __init__(self, held: dict[str, np.ndarray]) -> None:
        self.held = held
        self.asked: list[list[str]] = []

    def sentence_vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        self.asked.append(list(ids))
        return {i: self.held[i] for i in ids if i in self.held}


def test_sentence_vectors_fetched_once_are_kept_and_the_keeping_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [f"Sentence number {n} says something." for n in range(6)]
    held = {sentence_id("doc", t): np.full(3, float(n), dtype=np.float32) for n, t in enumerate(texts)}
    store = CountingStore(held)
    vectors = StoreSentenceVectors(store, lambda batch: np.zeros((len(batch), 3), dtype=np.float32))  # type: ignore[arg-type]
    first = vectors.vectors([("doc", t) for t in texts[:3]])
    again = vectors.vectors([("doc", t) for t in texts[:4]])  # three kept, one new
    assert [row[0] for row in first] == [0.0, 1.0, 2.0] and [row[0] for row in again] == [0.0, 1.0, 2.0, 3.0]
    assert [len(ids) for ids in store.asked] == [3, 1]
    monkeypatch.setattr(snapshot, "KEPT_VECTORS", 4)
    vectors.vectors([("doc", t) for t in texts[4:]])
    assert len(vectors.kept) <= 4  # starts over rather than growing past the bound
