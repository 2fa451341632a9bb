"""The CLI as users and harnesses run it: real processes, real model, a temp index."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[1]
ANSWER_KEYS = {"question", "answer", "abstained", "citations", "timings_ms"}
CITATION_KEYS = {"n", "doc_id", "title", "section", "page", "text", "quote"}


def run(data_dir: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "RAG_DATA_DIR": str(data_dir), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "rag", *args], cwd=REPO, env=environ, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-index")
    result = run(folder, "ingest")
    assert result.returncode == 0, result.stderr
    assert "1 documents:" in result.stdout and "chunks added" in result.stdout
    return folder


def test_reingest_reports_everything_unchanged(data_dir: Path) -> None:
    result = run(data_dir, "ingest", "--json")
    report = json.loads(result.stdout)
    assert (report["added"], report["removed"]) == (0, 0) and report["unchanged"] > 0


def test_ask_json_has_the_documented_shape(data_dir: Path) -> None:
    result = run(data_dir, "ask", "--json", "Which treatments are MSC-EVs linked to resistance to?")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert set(answer) >= ANSWER_KEYS and not answer["abstained"]
    assert answer["citations"] and set(answer["citations"][0]) >= CITATION_KEYS
    assert answer["citations"][0]["page"] is None and answer["citations"][0]["quote"] in answer["citations"][0]["text"]


def test_batch_writes_one_json_line_per_question_in_order(data_dir: Path, tmp_path: Path) -> None:
    batch = tmp_path / "questions.jsonl"
    questions = ["Who wrote the review?", "What is the capital of France?", "What do MSC-EVs transfer?"]
    batch.write_text("\n".join(json.dumps({"question": q, "id": i}) for i, q in enumerate(questions)))
    result = run(data_dir, "ask", "--json", "--batch", str(batch))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["question"] for line in lines] == questions
    assert [line["abstained"] for line in lines] == [False, True, False]


def test_batch_plain_text_with_a_bad_line_keeps_going_and_fails_at_the_end(data_dir: Path, tmp_path: Path) -> None:
    batch = tmp_path / "questions.jsonl"
    batch.write_text('Who wrote the review?\n{"question": ""}\n')
    result = run(data_dir, "ask", "--json", "--batch", str(batch))
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 1 and len(lines) == 2 and lines[1]["error"] == "the question is empty"


def test_a_refusal_speaks_to_students_and_the_developer_hint_goes_to_stderr(data_dir: Path) -> None:
    result = run(data_dir, "ask", "What is the capital of France?")
    assert result.returncode == 0 and result.stdout.startswith("The review does not say.")
    assert "rag fetch" not in result.stdout and "hint: only abstracts are indexed" in result.stderr


def test_search_and_info_json(data_dir: Path) -> None:
    passages = json.loads(run(data_dir, "search", "drug delivery", "-k", "2", "--json").stdout)
    assert len(passages) == 2 and {"doc_id", "section", "text", "score"} <= set(passages[0])
    info = json.loads(run(data_dir, "info", "--json").stdout)
    assert {"documents", "chunks", "model", "store"} <= set(info) and info["chunks"] > 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ask", ""), "the question is empty"),
        (("ask", "--batch", "/nonexistent/questions.txt"), "cannot read"),
        (("ingest", "--corpus", "/nonexistent/corpus"), "corpus folder not found"),
        (("search", "x", "-k", "0"), "k must be between"),
        (("ask", "--no-such-flag", "q"), "unrecognized arguments"),
    ],
)
def test_bad_input_is_one_line_and_a_non_zero_exit(data_dir: Path, args: tuple[str, ...], message: str) -> None:
    result = run(data_dir, *args)
    assert result.returncode != 0
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unreachable_chroma_server_is_one_line(tmp_path: Path) -> None:
    result = run(tmp_path, "info", env={"RAG_CHROMA_HOST": "127.0.0.1", "RAG_CHROMA_PORT": "9"})
    assert result.returncode == 1 and "unreachable" in result.stderr and "Traceback" not in result.stderr


def test_invalid_setting_is_one_line(tmp_path: Path) -> None:
    result = run(tmp_path, "info", env={"RAG_TOP_K": "many"})
    assert result.returncode == 1 and result.stderr.startswith("error: invalid settings: RAG_TOP_K='many': ")
    assert len(result.stderr.strip().splitlines()) == 1 and "pydantic.dev" not in result.stderr


def test_help_shows_examples() -> None:
    result = subprocess.run([sys.executable, "-m", "rag", "--help"], cwd=REPO, capture_output=True, text=True)
    assert "examples:" in result.stdout and "--batch" in result.stdout
