"""Compound questions split into the parts each answered on its own; everything else left whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag import Assistant, Settings
from rag.query.parts import question_parts
from tests.fakes import HashEmbedder


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "Tell me what CSP stands for and how it was made.",
            ("Tell me what CSP stands for?", "how it was made (CSP)?"),
        ),
        (
            "In the microglia experiments, what did CSP change and what did it leave unchanged?",
            ("In the microglia experiments, what did CSP change?", "what did it leave unchanged (CSP)?"),
        ),
        (
            "Which three samples were used and how large was each?",
            ("Which three samples were used?", "how large was each?"),
        ),
        ("What are MSCs? How are they isolated?", ("What are MSCs?", "How are they isolated (MSCs)?")),
        (
            "Which substrates did they prefer, and were they esterases?",
            ("Which substrates did they prefer?", "were they esterases?"),  # no name to carry
        ),
        (  # two things with their own articles share the rest of the question
            "What were the recall and the precision of oaDOI?",
            ("What were the recall of oaDOI?", "What were the precision of oaDOI?"),
        ),
        (
            "What are the drawbacks of the pre-processing and of the post-processing methods?",
            ("What are the drawbacks of the pre-processing?", "What are the drawbacks of the post-processing methods?"),
        ),
    ],
)
def test_a_question_asking_two_things_has_two_parts(question: str, parts: tuple[str, ...]) -> None:
    assert question_parts(question) == parts


@pytest.mark.parametrize(
    "question",
    [
        "How did treatment burden differ between ischaemic and haemorrhagic stroke?",  # "between A and B"
        "What is the role of MSCs and EVs?",
        "What is the difference between the dose and the response?",  # one relation of two things
        "Did both the mice and the cells respond?",
        "Which journal was this published in, and when?",  # "when" adds no words to look for
        "What are MSCs?",
    ],
)
def test_one_question_stays_whole(question: str) -> None:
    assert question_parts(question) == ()


def test_each_part_of_a_compound_question_is_answered_from_the_review(review_assistant: Assistant) -> None:
    """Asked together, neither half's sentence holds the whole question's words; asked by parts, both count."""
    answer = review_assistant.ask(
        "What are MSCs characterised by, and how do they mainly exert their therapeutic effects?"
    )
    assert not answer.abstained
    assert "self-renewal" in answer.text and "paracrine" in answer.text  # "they" in the second part: MSCs


PARTICLES = (  # a dozen short sentences on CSP fill the sentence search; the milling one is long and last
    "# Particles\n\nCSP stands for curcuminoid submicron particle. "
    + " ".join(f"The CSP stand held tube {n}." for n in range(12))
    + " Mice were housed in groups of four, given water freely and fed standard chow pellets daily. "
    "Afterwards, with care taken over temperature and timing, the powder was ground by wet milling in a grinder "
    "for two hours at room temperature in sealed steel vessels.\n"
)


def test_each_part_is_retrieved_on_its_own(tmp_path: Path) -> None:
    """With one passage per question, the whole question reaches only the CSP sentence; the second part
    ("how it was made") brings the milling passage the whole question never retrieved."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "particles.md").write_text(PARTICLES)
    settings = Settings(
        data_dir=tmp_path / "data", corpus_dir=corpus, chunk_sentences=1, chunk_overlap=0, top_k=1, min_evidence=0.0
    )
    question = "What does CSP stand for and how was the powder ground?"
    with Assistant(settings, embedder=HashEmbedder()) as assistant:
        assistant.ingest()
        pipeline = assistant._loaded()
        prepared = pipeline.prepare(question, [])
        assert prepared.parts
        whole = pipeline.retriever.retrieve(prepared.searched, prepared.expanded, 1)
        assert not any("milling" in p.chunk.text for p in whole.passages)  # out of the whole question's reach
        _, evidence = pipeline.evidence(prepared, 1, {})
        assert any("milling" in p.chunk.text for p in evidence.passages)
        answer = assistant.ask(question)
    assert "wet milling" in answer.text  # the second part is answered
