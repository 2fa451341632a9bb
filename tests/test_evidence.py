"""Sentence scoring on a hand-made passage set, with the hash embedder for vectors."""

from __future__ import annotations

import numpy as np

from rag.answer.evidence import Query, SentenceScorer
from rag.index.chunk import sentence_id
from rag.index.snapshot import StoredSentenceVectors
from rag.types import Chunk, Passage
from tests.fakes import HashEmbedder

ABSTRACT = "Mesenchymal stem cells (MSCs) are stromal cells. MSC-EVs confer chemotherapy resistance."
CITATION = "APA: Shan, C. (2024). Stem cells and chemotherapy resistance."
ACRONYMS = {"MSC": "mesenchymal stem cell", "EV": "extracellular vesicle"}


def passages() -> list[Passage]:
    return [
        Passage(Chunk("a", "doc", "Abstract", ABSTRACT, 0, len(ABSTRACT), kind="abstract"), 1.0),
        Passage(Chunk("c", "doc", "Citation", CITATION, 0, len(CITATION), kind="metadata"), 0.5),
    ]


def scorer(embedder: HashEmbedder, stored: list[str] | None = None) -> SentenceScorer:
    texts = stored if stored is not None else ["Mesenchymal stem cells (MSCs) are stromal cells."]
    vectors = {sentence_id("doc", t): v for t, v in zip(texts, embedder.embed(texts), strict=True)}
    idf = {"msc": 0.5, "chemotherapi": 1.5, "resist": 1.0, "apa": 2.0, "citat": 2.0}
    return SentenceScorer(StoredSentenceVectors(vectors, embedder.embed), idf, 3.0, ACRONYMS)


def query(embedder: HashEmbedder, text: str, **kw: object) -> Query:
    return Query(text, embedder.embed([text])[0], **kw)  # type: ignore[arg-type]


def test_best_sentence_first_and_metadata_lines_left_out_of_content_questions() -> None:
    embedder = HashEmbedder()
    evidence = scorer(embedder).score(query(embedder, "Do MSCs confer chemotherapy resistance?"), passages())
    assert evidence.sentences[0].text == "MSC-EVs confer chemotherapy resistance."
    assert all(not s.text.startswith("APA") for s in evidence.sentences)
    assert evidence.strength == evidence.sentences[0].score


def test_metadata_questions_score_metadata_lines_by_their_words() -> None:
    embedder = HashEmbedder()
    evidence = scorer(embedder).score(query(embedder, "cite APA Citation", metadata_intent=True), passages())
    assert evidence.sentences[0].text.startswith("APA:") and evidence.sentences[0].lexical == 1.0


def test_a_word_the_corpus_never_uses_lowers_lexical_support() -> None:
    embedder = HashEmbedder()
    covered = scorer(embedder).score(query(embedder, "chemotherapy resistance"), passages()).sentences[0]
    uncovered = scorer(embedder).score(query(embedder, "tamoxifen chemotherapy resistance"), passages()).sentences[0]
    assert covered.lexical == 1.0 and uncovered.lexical < 0.5


def test_definition_questions_lift_the_defining_sentence() -> None:
    embedder = HashEmbedder()
    plain = scorer(embedder).score(query(embedder, "MSC"), passages())
    asked = scorer(embedder).score(query(embedder, "MSC", define=("MSC",)), passages())
    defining = "Mesenchymal stem cells (MSCs) are stromal cells."
    assert asked.sentences[0].text == defining
    assert asked.sentences[0].score > next(s.score for s in plain.sentences if s.text == defining)


def test_sentences_missing_from_the_index_are_embedded_on_the_fly() -> None:
    embedder = HashEmbedder()
    scoring = scorer(embedder, stored=[])
    before = embedder.texts_embedded
    evidence = scoring.score(query(embedder, "chemotherapy"), passages())
    assert embedder.texts_embedded - before == len(evidence.sentences) + 1  # +1 for the query itself
    assert np.isfinite([s.dense for s in evidence.sentences]).all()
