"""End to end with the real model: a sentence that shares the question's word in another sense is no
answer. "Who were the participants?" over a paper on enzymes "participating" in a pathway, "What was the
response rate?" over a caption's "scan rate", are refused; the same questions over a paper that has
participants and a response rate are answered."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rag import Assistant
from tests.fixture_docs import assistant_over, small_article

pytestmark = pytest.mark.integration

ENZYMES = [
    "Lipolytic enzymes are thought to play critical roles in the bacterium by participating in the entry "
    "into a dormant state within host granulomas.",
    "The purified lipase hydrolysed triacylglycerols at pH 8 and lost its activity above 60 °C.",
    "Cyclic voltammograms of the coated electrode were recorded in PBS (pH 7.4) at a scan rate of 100 mV "
    "s−1; the peak current response doubled after the enzyme was bound.",
    "The inhibitor blocked the lipase within five minutes of contact.",
    "Thin-layer chromatography separated the released fatty acids from the remaining triacylglycerols.",
    "The crystals diffracted to 1.8 Å and the structure was solved by molecular replacement.",
    "The gene was cloned into an expression vector and the protein purified on a nickel column.",
    "Activity was measured with a pH-stat titrator using tributyrin as the substrate.",
    "Kinetic constants were fitted to the Michaelis–Menten equation.",
]
SURVEY = [
    "The participants were 42 ward nurses and 12 clinical officers of two district hospitals.",
    "Questionnaires were returned by 54 of the 60 staff invited, a response rate of 90%.",
    "Interviews lasted about forty minutes and were recorded with consent.",
]


def _paper(title: str, sentences: list[str]) -> str:
    return small_article(title, sentences[0], f"<sec><title>Results</title><p>{' '.join(sentences)}</p></sec>")


@pytest.fixture(scope="module")
def enzymes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    files = {"lipases.xml": _paper("Lipases of a slow-growing bacterium", ENZYMES)}
    with assistant_over(tmp_path_factory.mktemp("enzymes"), files, chunk_sentences=2, chunk_overlap=0) as assistant:
        yield assistant


@pytest.fixture(scope="module")
def survey(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    files = {"staff.xml": _paper("Staff views of care in two district hospitals", SURVEY)}
    with assistant_over(tmp_path_factory.mktemp("survey"), files, chunk_sentences=2, chunk_overlap=0) as assistant:
        yield assistant


@pytest.mark.parametrize("question", ["Who were the participants?", "What was the response rate?"])
def test_a_word_shared_in_another_sense_is_not_an_answer(enzymes: Assistant, question: str) -> None:
    answer = enzymes.ask(question)
    assert answer.abstained, answer.text
    assert answer.reason_code == "no_evidence"


def test_the_paper_is_still_answered_where_it_speaks(enzymes: Assistant) -> None:
    answer = enzymes.ask("At what temperature did the lipase lose its activity?")
    assert not answer.abstained and "60 °C" in answer.text


@pytest.mark.parametrize(
    ("question", "expected"),
    [("Who were the participants?", "42 ward nurses"), ("What was the response rate?", "90%")],
)
def test_the_same_questions_are_answered_where_the_paper_holds_them(
    survey: Assistant, question: str, expected: str
) -> None:
    answer = survey.ask(question)
    assert not answer.abstained and expected in answer.sentences[0].text, answer.text
