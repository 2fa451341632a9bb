import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from rag.present.feedback import feedback_path, log_feedback, read_feedback
from rag.types import Answer, Citation

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
ANSWER = Answer(
    question="Which treatments?",
    text="Radiotherapy and chemotherapy. [1]",
    abstained=False,
    citations=(
        Citation(1, "shan2024", "T", "Abstract", None, "passage", "Radiotherapy and chemotherapy.", ((0, 30),), "c1"),
    ),
)


def test_each_rating_appends_one_json_line(tmp_path: Path) -> None:
    log_feedback(tmp_path, ANSWER, 1, WHEN)
    log_feedback(tmp_path, ANSWER, 0, WHEN)
    lines = feedback_path(tmp_path).read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["rating"] for line in lines] == ["up", "down"]


def test_record_holds_question_answer_citations_rating_and_time(tmp_path: Path) -> None:
    record = log_feedback(tmp_path / "new", ANSWER, 1, WHEN)
    assert record == read_feedback(tmp_path / "new")[0]
    assert record["time"] == "2026-01-02T03:04:05+00:00"
    assert record["question"] == "Which treatments?" and record["answer"] == ANSWER.text
    assert record["score"] == 1 and record["abstained"] is False and record["mode"] == "extractive"
    assert record["citations"] == [
        {"n": 1, "doc_id": "shan2024", "section": "Abstract", "page": None, "chunk_id": "c1",
         "quote": "Radiotherapy and chemotherapy."}
    ]  # fmt: skip


def test_unknown_rating_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="rating"):
        log_feedback(tmp_path, ANSWER, 5)
    assert read_feedback(tmp_path) == []
