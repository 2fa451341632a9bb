import pytest

from rag.query.followup import (
    as_turns,
    asks_for_more,
    is_elliptical,
    is_follow_up,
    pointed_at,
    quoted_sentences,
    standalone_question,
    with_pointed,
    with_question_word,
    with_subject,
)
from rag.types import Turn

HISTORY = [Turn("user", "Is chemotherapy resistance linked to MSC-EVs?"), Turn("assistant", "Yes [1].")]


def test_continuation_borrows_the_previous_question() -> None:
    assert (
        standalone_question("and radiotherapy?", HISTORY)
        == "and radiotherapy? Is chemotherapy resistance linked to MSC-EVs?"
    )


def test_short_question_with_pronoun_is_a_follow_up() -> None:
    assert "chemotherapy" in standalone_question("why is it important?", HISTORY)


def test_self_contained_question_is_left_alone() -> None:
    question = "What do mesenchymal stem cells secrete into the tumour microenvironment?"
    assert standalone_question(question, HISTORY) == question


def test_no_history_no_change() -> None:
    assert standalone_question("and radiotherapy?", []) == "and radiotherapy?"


def test_history_accepts_dicts_pairs_and_turns() -> None:
    turns = as_turns([{"role": "user", "content": "a"}, ("assistant", "b"), Turn("user", "c")])
    assert [(t.role, t.content) for t in turns] == [("user", "a"), ("assistant", "b"), ("user", "c")]


@pytest.mark.parametrize(
    "question",
    [
        "Why do MSC-EVs cause chemotherapy resistance?",
        "What is this paper about?",
        "Why is this review important for cancer therapy?",
        "How does this sensor detect glucose in sweat?",
    ],
)
def test_why_and_this_alone_do_not_make_a_follow_up(question: str) -> None:
    assert not is_follow_up(question)


@pytest.mark.parametrize(
    "question",
    [
        "Why?",
        "how so?",
        "and radiotherapy?",
        "What about that study?",
        "the second one?",
        "How strongly?",
        "Which ones?",
        "What does that mean?",
        "Can you elaborate?",
        "Could you explain that in simpler words?",
        "Where does it say that?",
        "In which section does the paper say so?",
    ],
)
def test_questions_that_lean_on_the_conversation(question: str) -> None:
    assert is_follow_up(question)


@pytest.mark.parametrize(
    ("question", "more"),
    [
        ("Tell me more.", True),
        ("Tell me more about that.", True),
        ("Go on", True),
        ("What does that mean?", True),
        ("Can you elaborate?", True),
        ("Could you explain this further, please?", True),
        ("Tell me more about the dose.", False),  # names what it wants
        ("Explain the results.", False),
        ("What does EV mean?", False),
        ("Why?", False),
    ],
)
def test_asking_for_more_of_the_answer_before(question: str, more: bool) -> None:
    assert asks_for_more(question) is more


def test_a_question_word_and_one_more_is_asked_and_scored_with_the_question_before() -> None:
    """ "How strongly?" after "What does MmPPOX inhibit?" was scored alone: "strongly" matched "THL strongly
    inhibits Cut6"."""
    assert is_elliptical("How strongly?") and is_elliptical("Since when?") and is_elliptical("Why?")
    assert not is_elliptical("How is GO reduced?") and not is_elliptical("What is MmPPOX?")
    history = [Turn("user", "What does MmPPOX inhibit?"), Turn("assistant", "Lip-HSL proteins [1]")]
    assert standalone_question("How strongly?", history) == "How strongly? What does MmPPOX inhibit?"


def talk(*questions: str) -> list[Turn]:
    return [turn for q in questions for turn in (Turn("user", q), Turn("assistant", "Some answer. [1]"))]


@pytest.mark.parametrize(
    ("history", "question", "resolved"),
    [
        (talk("What is MmPPOX?"), "What does it inhibit?", "What does MmPPOX inhibit?"),
        (talk("What is graphene oxide?"), "How is it reduced?", "How is graphene oxide reduced?"),
        (talk("Does CSP cross the blood-brain barrier?"), "What is its size?", "What is CSP's size?"),
        # along a chain of follow-ups, back to the question that named it
        (talk("What is MmPPOX?", "What does it inhibit?"), "Is it reversible?", "Is MmPPOX reversible?"),
        # two things, or none, named before: "it" stays
        (talk("What is the difference between MmPPOX and THL?"), "Is it toxic?", "Is it toxic?"),
        (talk("Which enzymes were studied?"), "How was it done?", "How was it done?"),
        (talk("What is MmPPOX?"), "Is it true that LipY is inhibited?", "Is it true that LipY is inhibited?"),
        (talk("What is MmPPOX?"), "Where does it say that?", "Where does it say that?"),  # "it" is the paper
        ([], "What does it inhibit?", "What does it inhibit?"),
    ],
)
def test_it_is_the_one_thing_the_question_before_named(history: list[Turn], question: str, resolved: str) -> None:
    """ "What does it inhibit?" after "What is MmPPOX?" was scored as "What does it inhibit?": its one term,
    "inhibit", drew a sentence about another inhibitor."""
    assert with_subject(question, history) == resolved


@pytest.mark.parametrize(
    ("history", "question", "resolved"),
    [
        (talk("When was the study conducted?"), "And where?", "Where was the study conducted?"),
        (talk("Where was the study conducted?"), "When?", "When was the study conducted?"),
        (talk("When was the study conducted?", "And where?"), "Why?", "Why was the study conducted?"),
        (talk("how was the survey run?"), "and when?", "when was the survey run?"),
        # the question before opens with no question word to swap: a follow-up as before
        (talk("What did they find?"), "Why?", "Why?"),
        (talk("Why was the study conducted?"), "Why?", "Why?"),  # more of the same: a follow-up
        (talk("When was the study conducted?"), "Where was it done?", "Where was it done?"),
        ([], "And where?", "And where?"),
    ],
)
def test_a_question_word_alone_asks_the_question_before_with_it(
    history: list[Turn], question: str, resolved: str
) -> None:
    """ "And where?" after "When was the study conducted?" was refused: it named nothing to search for."""
    assert with_question_word(question, history) == resolved


def test_an_ordinal_points_at_a_sentence_or_a_list_item_of_the_previous_answer() -> None:
    listing = "Resistance involves radiotherapy, chemotherapy, targeted therapy, and immunotherapy. [1]"
    assert pointed_at("tell me more about the second one", listing) == "chemotherapy"
    assert pointed_at("and the last one?", listing) == "immunotherapy"
    two = "Graphene senses glucose. [1] Its limit is 0.1 nM. [2]"
    assert pointed_at("what about the 2nd?", two) == "Its limit is 0.1 nM."
    assert pointed_at("the fifth one", two) == "" and pointed_at("the second one", "") == ""


def test_an_enumeration_in_brackets_is_a_list_its_ordinals_point_into() -> None:
    answer = "It covers nanomaterials (graphene, graphene oxide (GO), reduced GO and quantum dots) in fibres. [1]"
    assert pointed_at("How is the third one obtained?", answer) == "reduced GO"
    assert pointed_at("and the first one?", answer) == "graphene"
    assert pointed_at("the second one?", "Extracellular vesicles (EVs) carry RNA. [1]") == ""  # one name is no list


def test_a_named_list_item_takes_the_ordinal_s_place_and_a_sentence_is_appended() -> None:
    assert with_pointed("How is the third one obtained?", "reduced GO") == "How is reduced GO obtained?"
    sentence = "Its limit is 0.1 nM in serum samples from patients."
    assert with_pointed("why the second one?", sentence) == f"why the second one? {sentence}"
    assert with_pointed("why?", "") == "why?"
    history = [Turn("user", "Which materials?"), Turn("assistant", "Materials (graphene, GO and rGO) were used.")]
    assert standalone_question("How is the last one made?", history) == "How is rGO made? Which materials?"


CATEGORIES = (
    "Gold: Published in an open-access journal [1]. Green: A free copy in a repository [1]. "
    "Hybrid: Free under an open license [1]. Bronze: Free to read, without a license [1]."
)


def test_which_of_those_asks_among_the_things_the_previous_answer_listed() -> None:
    """However long the question, "of those" leans on the answer; the labels it listed take its place."""
    question = "Which of those got the most citations in the whole sample?"
    assert is_follow_up(question)
    assert pointed_at(question, CATEGORIES) == "Gold, Green, Hybrid and Bronze"
    history = [Turn("user", "Which OA categories did the study use?"), Turn("assistant", CATEGORIES)]
    assert standalone_question(question, history).startswith(
        "Which of Gold, Green, Hybrid and Bronze got the most citations in the whole sample?"
    )
    listing = "Three samples were used: Crossref, Web of Science and Unpaywall. [1]"
    assert pointed_at("how large was each of them?", listing) == "Crossref, Web of Science and Unpaywall"


def test_of_those_over_an_answer_that_lists_nothing_borrows_the_previous_question() -> None:
    prose = "Open articles are cited more. [1] The advantage is largest for recent papers. [2]"
    assert pointed_at("Which of those was largest?", prose) == ""
    history = [Turn("user", "Are open articles cited more?"), Turn("assistant", prose)]
    assert standalone_question("Which of those was largest?", history) == (
        "Which of those was largest? Are open articles cited more?"
    )
    assert standalone_question("Which of these treatments works best?", []) == "Which of these treatments works best?"


def test_the_sentences_an_answer_quoted_are_those_it_cites() -> None:
    assert quoted_sentences("The particles were milled. [1] They were 60 nm wide. [1] [2]") == [
        "The particles were milled.",
        "They were 60 nm wide.",
    ]
    assert quoted_sentences("The maze tested memory [1]. The field test tested activity [2].") == [
        "The maze tested memory",
        "The field test tested activity",
    ]
    assert quoted_sentences("The papers do not say. I searched 2 papers.") == []
