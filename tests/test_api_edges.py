"""API edges in process (a recording fake assistant): header limit, strict Bearer, strict JSON types, chat
messages, clean validation messages, overload as 503, and an OpenAPI schema that says all of it.

Property tests use a fixed Hypothesis seed, printed on failure; re-run another with RAG_TEST_SEED=N.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Iterator
from typing import Any

import anyio
import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import given, seed, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from rag import Answer, InputError, Settings
from rag.adapters.api import create_app
from rag.adapters.api.errors import describe_validation
from rag.adapters.api.openai_compat import ChatRequest
from rag.adapters.api.schemas import AskRequest, printable_pattern
from rag.query import clean_question

SEED = int(os.environ.get("RAG_TEST_SEED", "20240101"))
KEY = "k"
AUTH = {"Authorization": f"Bearer {KEY}"}


class FakeAssistant:
    """Duck-types `Assistant`: records questions; `ask` can be made to wait on `release`."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, list[dict[str, str]]]] = []
        self.block = False
        self.entered = threading.Event()
        self.release = threading.Event()

    def warm_up(self) -> FakeAssistant:
        return self

    def ask(self, question: str, history: Any = (), k: int | None = None) -> Answer:
        self.asked.append((question, list(history)))
        if self.block:
            self.entered.set()
            self.release.wait(30)
        return Answer(question=question, text="An answer.", abstained=False)

    def stream(self, question: str, history: Any = (), k: int | None = None) -> Iterator[str | Answer]:
        answer = self.ask(question, history, k)
        yield answer.text
        yield answer


def _app(fake: FakeAssistant, **overrides: Any) -> Any:
    options = {"api_keys": KEY, "api_keys_file": None, "cors_origins": "", "max_header_bytes": 4096, **overrides}
    return create_app(Settings(**options), fake)  # type: ignore[arg-type]


@pytest.fixture()
def fake() -> FakeAssistant:
    return FakeAssistant()


@pytest.fixture()
def client(fake: FakeAssistant) -> Iterator[TestClient]:
    with TestClient(_app(fake), raise_server_exceptions=False) as test_client:
        yield test_client


def assert_error(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) == {"message", "type", "code"} and "\n" not in error["message"]
    assert code is None or error["code"] == code
    return error


# Header size ----------------------------------------------------------------------------------------


def test_headers_over_the_limit_get_431_in_the_json_shape(client: TestClient) -> None:
    response = client.get("/v1/models", headers={**AUTH, "X-Padding": "x" * 5000})
    assert "RAG_MAX_HEADER_BYTES" in assert_error(response, 431, "headers_too_large")["message"]
    assert client.get("/healthz", headers={"X-Padding": "x" * 5000}).status_code == 431
    assert client.get("/v1/models", headers={**AUTH, "X-Padding": "x" * 3000}).status_code == 200


# Bearer (RFC 6750) ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "challenge"),
    [
        ([], "Bearer"),
        ([("Authorization", "Bearer wrong")], 'Bearer error="invalid_token"'),
        ([("Authorization", f"Bearer\t{KEY}")], 'Bearer error="invalid_request"'),
        ([("Authorization", f"Bearer {KEY} {KEY}")], 'Bearer error="invalid_request"'),
        ([("Authorization", f"Token {KEY}")], 'Bearer error="invalid_request"'),
        ([("Authorization", f"Bearer {KEY}"), ("Authorization", f"Bearer {KEY}")], 'Bearer error="invalid_request"'),
    ],
)
def test_anything_but_one_bearer_credential_is_401(
    client: TestClient, headers: list[tuple[str, str]], challenge: str
) -> None:
    response = client.get("/v1/models", headers=headers)
    assert_error(response, 401, "invalid_api_key")
    assert response.headers["WWW-Authenticate"] == challenge


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
def test_the_scheme_is_case_insensitive(client: TestClient, scheme: str) -> None:
    assert client.get("/v1/models", headers={"Authorization": f"{scheme} {KEY}"}).status_code == 200


# Request bodies ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/ask", {"question": "why", "k": "3"}),
        ("/v1/ask", {"question": "why", "k": True}),
        ("/v1/ask", {"question": "why", "k": 2.5}),
        ("/v1/ask", {"question": "why", "raw": 0}),
        ("/v1/search", {"query": 5}),
        ("/v1/chat/completions", {"messages": [{"role": "user", "content": "why"}], "stream": "yes"}),
    ],
)
def test_json_types_are_strict(client: TestClient, path: str, body: dict[str, Any]) -> None:
    assert_error(client.post(path, json=body, headers=AUTH), 422, "invalid_value")


def test_a_whole_float_is_an_integer_as_json_schema_says(client: TestClient, fake: FakeAssistant) -> None:
    assert client.post("/v1/ask", json={"question": "why", "k": 3.0}, headers=AUTH).status_code == 200


def test_an_image_part_gets_one_clean_message(client: TestClient) -> None:
    content = [{"type": "image_url", "image_url": {"url": "http://evil.example/x.png"}}]
    body = {"messages": [{"role": "user", "content": content}]}
    error = assert_error(client.post("/v1/chat/completions", json=body, headers=AUTH), 422)
    assert (
        error["message"]
        == "messages.0.content: Value error, part 0 has type 'image_url': only text parts are supported"
    )


def test_the_question_is_the_last_user_message(client: TestClient, fake: FakeAssistant) -> None:
    messages = [
        {"role": "system", "content": "be brief"},
        {"role": "user", "content": "Who wrote it?"},
        {"role": "assistant", "content": "Shan. [1]"},
        {"role": "user", "content": [{"type": "text", "text": "And when?"}]},
        {"role": "assistant", "content": "Prefill that is ignored"},
    ]
    assert client.post("/v1/chat/completions", json={"messages": messages}, headers=AUTH).status_code == 200
    assert fake.asked == [
        ("And when?", [{"role": "user", "content": "Who wrote it?"}, {"role": "assistant", "content": "Shan. [1]"}])
    ]


@pytest.mark.parametrize(
    ("messages", "words"),
    [
        ([{"role": "assistant", "content": "hi"}], "no message has role 'user'"),
        (
            [{"role": "user", "content": "x" * 2001}, {"role": "user", "content": "ok?"}],
            "messages.0.content is too long",
        ),
        ([{"role": "user", "content": "\u200b\u0000 "}], "messages.0.content is empty"),
        ([{"role": "user", "content": []}], "messages.0.content"),
        ([{"role": "user", "content": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]}], "content"),
    ],
)
def test_every_user_message_is_held_to_the_question_rules(
    client: TestClient, messages: list[dict[str, Any]], words: str
) -> None:
    error = assert_error(client.post("/v1/chat/completions", json={"messages": messages}, headers=AUTH), 422)
    assert words in error["message"]


KEYS_SEEN = ["question", "history", "k", "raw", "role", "content", "messages", "type", "text", "stream", "image_url"]
BODIES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS_SEEN), inner, max_size=4),
    max_leaves=12,
)


@seed(SEED)
@settings(max_examples=300, deadline=None)
@given(BODIES)
def test_validation_messages_never_show_internals(body: Any) -> None:
    print(f"hypothesis seed {SEED}")
    for model in (AskRequest, ChatRequest):
        try:
            model.model_validate(body)
        except ValidationError as exc:
            status, message = describe_validation(exc.errors())
            assert status == 422 and "\n" not in message
            assert not re.search(r"0x[0-9a-f]{4}|functools|<function|function-(after|before|plain|wrap)\[", message)


# Overload -----------------------------------------------------------------------------------------------


def test_overload_is_answered_with_503_and_retry_after(fake: FakeAssistant) -> None:
    """One question answering, none allowed to wait: the next is refused at once; the first still succeeds."""
    fake.block = True
    app = _app(fake, api_concurrency=1, api_queue=0)

    async def scenario() -> tuple[httpx.Response, httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test", headers=AUTH) as http:
            first: dict[str, httpx.Response] = {}

            async def ask_first() -> None:
                first["response"] = await http.post("/v1/ask", json={"question": "first"})

            async with anyio.create_task_group() as tasks:
                tasks.start_soon(ask_first)
                await anyio.to_thread.run_sync(fake.entered.wait, 30)
                second = await http.post("/v1/ask", json={"question": "second"})
                fake.release.set()
        return first["response"], second

    first, second = anyio.run(scenario)
    assert first.status_code == 200
    assert_error(second, 503, "overloaded")
    assert second.headers["Retry-After"] == "1"


# The schema says what the server enforces ------------------------------------------------------------------


def test_openapi_documents_every_status_and_the_question_limits(fake: FakeAssistant) -> None:
    schema = _app(fake, max_question_chars=321).openapi()
    question = schema["components"]["schemas"]["Question"]
    assert question["maxLength"] == 321 and question["minLength"] == 1 and question["pattern"] == printable_pattern()
    ask = schema["components"]["schemas"]["AskRequest"]["properties"]
    assert ask["question"]["$ref"] == "#/components/schemas/Question" and "x-rag-question" not in json.dumps(schema)
    for path, item in schema["paths"].items():
        for operation in item.values():
            documented = set(operation["responses"])
            assert {"400", "431"} <= documented, path
            if path.startswith("/v1/"):
                assert {"401", "413", "415", "422", "429", "503"} <= documented, path
    assert "404" in schema["paths"]["/v1/models/{model_id}"]["get"]["responses"]


@seed(SEED)
@settings(max_examples=500, deadline=None)
@given(st.text(max_size=6))
def test_the_question_pattern_is_what_clean_question_accepts(text: str) -> None:
    print(f"hypothesis seed {SEED}")
    try:
        clean_question(text, 1000)
        accepted = True
    except InputError:
        accepted = False
    assert bool(re.search(printable_pattern(), text)) == accepted
