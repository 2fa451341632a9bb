"""The coverage line that refusals quote: bounded whatever the corpus holds."""

from __future__ import annotations

from rag.index.manifest import DocumentEntry, corpus_noun, coverage_line


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
