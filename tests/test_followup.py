from rag.query.followup import as_turns, standalone_question
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
