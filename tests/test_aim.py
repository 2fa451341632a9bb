"""End to end with the real model: a question about what a paper set out to do, in any of its usual
phrasings, is answered by the abstract's aim, not by the sentence sharing the question's words."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rag import Assistant, Turn
from tests.fixture_docs import assistant_over, small_article

pytestmark = pytest.mark.integration

ABSTRACT = (
    "Hospital wards in rural districts often run short of nurses. "
    "The aim of this study was to measure how staffing levels change readmission rates. "
    "We reviewed the registers of twelve wards over two years. "
    "Readmissions rose by a third when fewer than two nurses were on duty. "
    "We encourage further research into how rotas could answer this question."
)


def _article() -> str:
    methods = (
        "<sec><title>Methods</title><p>Registers were read by two researchers. "
        "Each admission was matched to the rota of its day.</p></sec>"
    )
    return small_article("Nurse staffing and readmissions in rural wards", ABSTRACT, methods)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    with assistant_over(tmp_path_factory.mktemp("aim"), {"wards.xml": _article()}) as assistant:
        yield assistant


@pytest.mark.parametrize(
    "question",
    [
        "What was the aim of this study?",
        "What is the research question?",
        "What hypothesis was tested?",
        "What problem does this paper address?",
    ],
)
def test_the_aim_answers_every_phrasing_of_what_the_paper_set_out_to_do(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert not answer.abstained
    assert answer.sentences[0].text == (
        "The aim of this study was to measure how staffing levels change readmission rates."
    )


REVIEW_ABSTRACT = (
    "Mesenchymal stem cells are stromal cells that renew themselves and give rise to bone, fat and cartilage. "
    "Their extracellular vesicles carry proteins and RNA between cells and help tumours resist chemotherapy. "
    "In this review, we summarise how these vesicles are made, isolated and characterised. "
    "Knowing their role could guide new treatments for patients whose cancers stop responding."
)


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    article = small_article("Stem cell vesicles in cancer therapy resistance", REVIEW_ABSTRACT, "")
    with assistant_over(tmp_path_factory.mktemp("review-aim"), {"vesicles.xml": article}) as assistant:
        yield assistant


@pytest.mark.parametrize("question", ["What was the aim of the study?", "What is the purpose of this review?"])
def test_a_review_saying_what_it_does_is_answered_by_that_sentence_not_by_its_background(
    review: Assistant, question: str
) -> None:
    """The background sentences read as close to the question and the title as the review's own statement
    of what it does; the statement comes first."""
    answer = review.ask(question)
    assert answer.sentences[0].text == (
        "In this review, we summarise how these vesicles are made, isolated and characterised."
    )


def test_a_conversation_about_the_aim_goes_on_to_more_and_to_how_it_was_done(assistant: Assistant) -> None:
    """ "Tell me more" brings the sentences not said before, and once the abstract is said, nothing again;
    "How did they do that?" is answered by how the work was done, not by the aim again."""
    first = assistant.ask("What was the aim of this study?")
    history = [Turn("user", "What was the aim of this study?"), Turn("assistant", first.text)]
    more = assistant.ask("Tell me more about that.", history)
    said, added = {s.text for s in first.sentences}, {s.text for s in more.sentences}
    assert not more.abstained and added and not added & said
    history += [Turn("user", "Tell me more about that."), Turn("assistant", more.text)]
    again = assistant.ask("Tell me more.", history)  # the abstract is said: nothing is quoted twice
    assert again.abstained and again.reason_code == "no_more" and "nothing more to quote" in again.text
    how = assistant.ask("How did they do that?", history[:2])
    assert how.sentences[0].text == "We reviewed the registers of twelve wards over two years."


def test_what_does_that_mean_is_answered_by_what_the_answer_before_left_out(assistant: Assistant) -> None:
    """Refused before as a question of its own ("mean"): "The paper does not say", though it had just said."""
    first = assistant.ask("What was the aim of this study?")
    history = [Turn("user", "What was the aim of this study?"), Turn("assistant", first.text)]
    meant = assistant.ask("What does that mean?", history)
    assert not meant.abstained and meant.sentences
    assert not {s.text for s in meant.sentences} & {s.text for s in first.sentences}


def test_where_does_it_say_that_quotes_the_answer_before_with_its_passage(assistant: Assistant) -> None:
    first = assistant.ask("What was the aim of this study?")
    history = [Turn("user", "What was the aim of this study?"), Turn("assistant", first.text)]
    where = assistant.ask("Where does it say that?", history)
    assert not where.abstained and where.sentences[0].text == first.sentences[0].text
    assert where.citations and where.citations[0].section  # the card names the section it is in
