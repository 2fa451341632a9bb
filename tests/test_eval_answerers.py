"""`python -m eval answerers`: answerer specs, and the generated-answer figures read from each answer."""

from __future__ import annotations

import pytest

from eval.__main__ import main
from eval.answerers import generation_scores, parse_spec
from eval.errors import EvalError
from rag.answer import prompts


def test_specs_name_an_answerer_and_its_model_or_server() -> None:
    assert parse_spec("extractive") == ("extractive", {"answerer": "extractive"})
    assert parse_spec("local=/m.gguf") == ("local", {"answerer": "local", "llm_model": "/m.gguf"})
    assert parse_spec("openai=http://127.0.0.1:8090/v1")[1]["llm_base_url"] == "http://127.0.0.1:8090/v1"
    with pytest.raises(EvalError, match="needs a value"):
        parse_spec("local")
    with pytest.raises(EvalError, match="unknown answerer"):
        parse_spec("gpt")


def test_a_bad_spec_is_one_error_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["answerers", "--answerer", "nope"]) == 2
    assert capsys.readouterr().err.startswith("error: unknown answerer 'nope'")


def test_generated_fallback_and_removed_sentences_are_read_from_the_answers() -> None:
    fallback = prompts.NOTE_FALLBACK.format(why=prompts.WHY_NONE_SUPPORTED.format(total=3))
    failed = prompts.NOTE_FALLBACK.format(why="the local model failed: timeout")
    answers = [
        {"mode": "local", "note": prompts.NOTE_REMOVED.format(removed=1, total=4)},
        {"mode": "local", "note": ""},
        {"mode": "extractive", "note": fallback},
        {"mode": "extractive", "note": failed},
        {"mode": "local", "abstained": True, "note": ""},
    ]
    scores = generation_scores(answers)
    assert scores["generated"].per_item == [1.0, 1.0, 0.0, 0.0, None]
    assert scores["fallback"].per_item == [0.0, 0.0, 1.0, 1.0, None]
    assert scores["sentences_removed"].per_item == [0.25, 0.0, 1.0, None, None]
    assert scores["fallback"].value == 0.5
