"""Naming the study behind a "which study" answer: the reference-list entries its sentence cites."""

from __future__ import annotations

from pathlib import Path

from rag import Assistant, Settings
from rag.answer.cited_works import cited_by, with_cited_works
from rag.answer.evidence import Evidence, ScoredSentence
from rag.answer.select import select
from rag.types import Chunk, Passage, Reference
from tests.fixture_docs import jats_article

SMITH = Reference("49", "Smith J, Lee K. Curcumin raises phagocytosis. J Neuro. 2007;1:1-9.", "Smith J, Lee K", "2007")
JONES = Reference("50", "Jones A. Another study entirely. Cell. 2010;2:3-4.", "Jones A", "2010")
SAYS = "A curcuminoid raised phagocytosis in patients [49]."
ENTRIES = f"[49] {SMITH.text}\n[50] {JONES.text}"


def reference_chunks(doc_id: str) -> list[Chunk]:
    return [Chunk("refs", doc_id, "References", ENTRIES, 0, len(ENTRIES), position=9, kind="references")]


def evidence(sentence: str = SAYS) -> Evidence:
    body = Chunk("body", "doc", "Results", sentence, 0, len(sentence), references=(SMITH, JONES))
    best = ScoredSentence(0, 0, len(sentence), sentence, 0.8, 1.0, 0.9)
    return Evidence([Passage(body, 1.0, {"bm25": 1})], [best])


def test_numbered_markers_name_the_cited_entries_only() -> None:
    assert cited_by(SAYS, (SMITH, JONES)) == [SMITH]
    assert cited_by("Both showed it [49, 50].", (SMITH, JONES)) == [SMITH, JONES]
    assert cited_by("Both showed it [49-50].", (SMITH, JONES)) == [SMITH, JONES]
    assert cited_by("Nobody is cited here, though 49 patients were seen.", (SMITH, JONES)) == []


def test_author_year_citations_name_their_entry() -> None:
    assert cited_by("Smith et al. (2007) showed it.", (SMITH, JONES)) == [SMITH]
    assert cited_by("Smith showed it in 2010.", (SMITH, JONES)) == []  # the year belongs to another work


def test_the_entry_follows_the_sentence_that_cites_it_and_is_quoted_from_the_list() -> None:
    found = with_cited_works(evidence(), reference_chunks, "A paper")
    entry = found.sentences[1]
    assert entry.text == f"[49] {SMITH.text}" and entry.kind == "references"
    assert found.passages[entry.passage].chunk.text[entry.start : entry.end] == entry.text
    assert [s.text for s in select(found, 4)] == [SAYS, entry.text]  # its shared words do not make it a repeat


def test_a_sentence_citing_nothing_is_left_as_it_is() -> None:
    plain = evidence("A curcuminoid raised phagocytosis in patients.")
    assert with_cited_works(plain, reference_chunks) == plain


def test_which_study_asked_of_a_real_index_names_the_reference_entry(tmp_path: Path) -> None:
    """Through the whole pipeline (JATS loader, real model, Chroma): the entry behind "[1]" is quoted."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "vesicles.nxml").write_text(jats_article(), encoding="utf-8")
    with Assistant(Settings(data_dir=tmp_path / "data", corpus_dir=corpus)) as assistant:
        assistant.ingest()
        answer = assistant.ask("Which study showed that vesicles carry cargo between cells?")
    assert not answer.abstained
    assert [s.text for s in answer.sentences][:1] == ["Vesicles carry cargo between cells [1]."]
    entry = answer.sentences[1]
    assert "Smith" in entry.text and "Exosomes and cisplatin" in entry.text
    assert {c.kind for c in answer.citations if c.n in entry.citations} == {"references"}
