from pathlib import Path

from rag.present.page import (
    document_lines,
    how_answers_are_made,
    indexed_summary,
    paragraph,
    remember_summary,
    remembered_summary,
    script,
    source_line,
    stylesheet,
)
from rag.types import DocumentInfo, IndexInfo


def info(*documents: DocumentInfo) -> IndexInfo:
    return IndexInfo(documents, sum(d.chunks for d in documents), "m", {"kind": "persistent"})


ABSTRACT = DocumentInfo("a", "Vesicles in cancer therapy resistance", 9, False)
FULL = DocumentInfo("b", "Exosome isolation methods compared", 120, True)


def test_the_page_says_plainly_which_text_is_indexed() -> None:
    assert indexed_summary(info(ABSTRACT)) == (
        "I answer from “Vesicles in cancer therapy resistance”: only its abstract and details "
        "(authors, keywords, how to cite it), not the full text."
    )
    assert indexed_summary(info(FULL)).endswith(": the full text.")
    assert "rag" not in indexed_summary(info(ABSTRACT)) and "corpus" not in indexed_summary(info(ABSTRACT))


def test_many_papers_are_summed_up_in_bounded_words() -> None:
    many = [DocumentInfo(f"d{i}", f"Paper {i} on vesicles and more words here", 10, i < 5) for i in range(200)]
    summary = indexed_summary(info(*many))
    assert summary.startswith("I answer from 200 papers (5 in full text): “Paper 0 on vesicles and more…”")
    assert summary.endswith("and 197 more.") and len(summary) < 200
    assert source_line(info(*many)).endswith(" and 197 more") and len(document_lines(many)) == 200


def test_texts_are_escaped_and_the_assets_are_ours(tmp_path: Path) -> None:
    assert paragraph("<b>x</b>", "rag-note") == '<p class="rag-note">&lt;b&gt;x&lt;/b&gt;</p>'
    assert script().startswith("<script>") and "rag-announcer" in script()
    assert stylesheet().startswith("<style>") and "mark.rag-quote" in stylesheet()
    assert "Extractive" not in how_answers_are_made("extractive") and "language model" in how_answers_are_made("openai")
    remember_summary(tmp_path / "indexed.txt", info(ABSTRACT))
    assert remembered_summary(tmp_path / "indexed.txt") == indexed_summary(info(ABSTRACT))
    assert remembered_summary(tmp_path / "missing.txt") == ""
