import pytest

from rag import InputError
from rag.query import MAX_K, check_k, clean_question


def test_clean_question_collapses_space_and_control_characters() -> None:
    assert clean_question("  what\u0000 is\n\tit? ", 100) == "what is it?"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("\u0000 \t", "question_empty"),
        ("", "question_empty"),
        ("x" * 11, "question_too_long"),
        (None, "question_not_text"),
    ],
)
def test_clean_question_refuses_with_a_code(text: object, code: str) -> None:
    with pytest.raises(InputError) as caught:
        clean_question(text, 10)
    assert caught.value.code == code


@pytest.mark.parametrize("k", [0, -1, MAX_K + 1, True, 2.5])
def test_check_k_bounds(k: object) -> None:
    with pytest.raises(InputError, match=f"between 1 and {MAX_K}"):
        check_k(k)  # type: ignore[arg-type]
    assert check_k(MAX_K) == MAX_K and check_k(1) == 1
