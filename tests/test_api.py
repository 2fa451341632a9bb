"""The HTTP API against a real uvicorn server on a free loopback port, with the official `openai` client."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import pytest

from tests.live import LiveServer, build_review_index, copy_index, live_server

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[1]
KEY, OTHER_KEY = "test-key-1", "test-key-2"
PORTAL = "https://portal.example"
QUESTION = "Which treatments are MSC-EVs linked to resistance to?"
AUTH = {"Authorization": f"Bearer {KEY}"}


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_review_index(tmp_path_factory.mktemp("api-index"))


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    return {
        "RAG_DATA_DIR": str(data_dir),
        "RAG_API_KEYS": f"{KEY},{OTHER_KEY}",
        "RAG_CORS_ORIGINS": PORTAL,
        "RAG_RATE_LIMIT_PER_MINUTE": "10000",
        **extra,
    }


@pytest.fixture(scope="module")
def server(index_dir: Path) -> Iterator[LiveServer]:
    with live_server(_env(index_dir)) as live:
        yield live


@pytest.fixture(scope="module")
def limited_server(index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A second server with a rate limit of 3/min, on its own copy of the index (the embedded store is locked)."""
    copy = copy_index(index_dir, tmp_path_factory.mktemp("api-index-limited") / "data")
    with live_server(_env(copy, RAG_RATE_LIMIT_PER_MINUTE="3")) as live:
        yield live


@pytest.fixture()
def http(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=30.0) as client:
        yield client


@pytest.fixture()
def llm(server: LiveServer) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{server.base_url}/v1", api_key=KEY, max_retries=0, timeout=30.0)


def assert_error(response: httpx.Response, status: int, words: str = "") -> dict[str, object]:
    """An error in the OpenAI shape, with a one-line message and no trace."""
    assert response.status_code == status, response.text
    assert "Traceback" not in response.text and 'File "' not in response.text
    error = response.json()["error"]
    assert set(error) == {"message", "type", "code"}
    assert isinstance(error["message"], str) and "\n" not in error["message"]
    assert words.lower() in error["message"].lower()
    return error


# OpenAI-compatible route -----------------------------------------------------------------------


def test_openai_client_gets_a_cited_answer(llm: openai.OpenAI) -> None:
    reply = llm.chat.completions.create(model="review-assistant", messages=[{"role": "user", "content": QUESTION}])
    content = reply.choices[0].message.content or ""
    citations = (reply.model_extra or {})["citations"]
    assert reply.choices[0].finish_reason == "stop"
    assert "[1]" in content and citations
    assert all(c["quote"] and c["quote"] in c["text"] for c in citations)
    assert {f"[{c['n']}]" for c in citations} <= {f"[{n}]" for n in range(1, 20) if f"[{n}]" in content}
    assert "radiotherapy" in content.lower() or "chemotherapy" in content.lower()


def test_openai_client_streams_the_same_answer_with_citations_last(llm: openai.OpenAI) -> None:
    messages = [{"role": "user", "content": QUESTION}]
    whole = llm.chat.completions.create(model="any-name", messages=messages).choices[0].message.content
    chunks = list(llm.chat.completions.create(model="any-name", messages=messages, stream=True))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == whole
    final = chunks[-1]
    assert final.choices[0].finish_reason == "stop"
    assert (final.model_extra or {})["citations"] and (final.model_extra or {})["abstained"] is False
    assert all(c.id == chunks[0].id for c in chunks)


def test_openai_stream_usage_chunk_when_asked(llm: openai.OpenAI) -> None:
    stream = llm.chat.completions.create(
        model="m",
        messages=[{"role": "user", "content": "Who wrote the review?"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0


def test_openai_history_and_system_messages(llm: openai.OpenAI) -> None:
    reply = llm.chat.completions.create(
        model="m",
        messages=[
            {"role": "system", "content": "You are helpful."},
            {"role": "user", "content": "Who wrote the review?"},
            {"role": "assistant", "content": "Chan Shan, Yan Liang, Kun Wang and Peifeng Li. [1]"},
            {"role": "user", "content": [{"type": "text", "text": "Who is the corresponding author?"}]},
        ],
    )
    assert "Chan Shan" in (reply.choices[0].message.content or "")


def test_openai_errors_use_the_openai_shape(server: LiveServer, llm: openai.OpenAI) -> None:
    bad_key = openai.OpenAI(base_url=f"{server.base_url}/v1", api_key="wrong", max_retries=0)
    with pytest.raises(openai.AuthenticationError) as auth:
        bad_key.chat.completions.create(model="m", messages=[{"role": "user", "content": QUESTION}])
    assert auth.value.body["type"] == "authentication_error"  # type: ignore[index]
    with pytest.raises(openai.UnprocessableEntityError) as last:
        llm.chat.completions.create(model="m", messages=[{"role": "assistant", "content": "hi"}])
    assert "no message has role 'user'" in last.value.body["message"]  # type: ignore[index]


def test_openai_off_topic_abstains(llm: openai.OpenAI) -> None:
    reply = llm.chat.completions.create(
        model="m", messages=[{"role": "user", "content": "What is the capital of France?"}]
    )
    assert (reply.model_extra or {})["abstained"] is True
    assert (reply.model_extra or {})["citations"] == []


def test_models_and_corpus(http: httpx.Client, llm: openai.OpenAI) -> None:
    assert [m.id for m in llm.models.list()] == ["review-assistant"]
    assert llm.models.retrieve("review-assistant").id == "review-assistant"
    corpus = http.get("/v1/corpus", headers=AUTH).json()
    assert corpus["documents"][0]["doc_id"] == "shan2024" and corpus["documents"][0]["chunks"] > 0
    assert corpus["chunks"] >= corpus["documents"][0]["chunks"] and corpus["model"] and corpus["store"]["kind"]


# REST routes -------------------------------------------------------------------------------------


def test_ask_returns_the_cli_answer_json(http: httpx.Client) -> None:
    body = http.post("/v1/ask", json={"question": QUESTION, "k": 5}, headers=AUTH).json()
    assert {"question", "answer", "abstained", "citations", "timings_ms"} <= set(body)
    assert body["abstained"] is False and body["question"] == QUESTION
    citation = body["citations"][0]
    assert {"n", "doc_id", "title", "section", "page", "text", "quote"} <= set(citation)
    assert citation["quote"] in citation["text"] and f"[{citation['n']}]" in body["answer"]


def test_ask_follow_up_with_history(http: httpx.Client) -> None:
    history = [
        {"role": "user", "content": "Who wrote the review?"},
        {"role": "assistant", "content": "Chan Shan, Yan Liang, Kun Wang, Peifeng Li. [1]"},
    ]
    body = http.post(
        "/v1/ask", json={"question": "Who is the corresponding author?", "history": history}, headers=AUTH
    ).json()
    assert "Chan Shan" in body["answer"]


def test_search_returns_ranked_passages(http: httpx.Client) -> None:
    body = http.post("/v1/search", json={"query": "resistance to radiotherapy", "k": 3}, headers=AUTH).json()
    assert [p["rank"] for p in body["passages"]] == [1, 2, 3]
    first = body["passages"][0]
    assert first["doc_id"] == "shan2024" and first["section"] and first["text"] and first["score"] > 0


def test_probes_and_openapi_need_no_key(http: httpx.Client) -> None:
    assert http.get("/healthz").json() == {"status": "ok"}
    ready = http.get("/readyz").json()
    assert ready["status"] == "ready" and ready["chunks"] > 0
    paths = http.get("/openapi.json").json()["paths"]
    assert {"/v1/ask", "/v1/search", "/v1/chat/completions", "/v1/models", "/v1/corpus"} <= set(paths)


def test_widget_is_served_and_never_uses_inner_html(http: httpx.Client) -> None:
    script = http.get("/widget.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "innerHTML" not in script.text.replace("never innerHTML", "")
    assert "widget.js" in http.get("/widget-demo.html").text


# Auth, CORS, limits, bad input -------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer nope"},
        {"Authorization": KEY},
        {"Authorization": f"Basic {KEY}"},
        {"Authorization": "Bearer"},
    ],
)
def test_missing_or_wrong_key_is_401(http: httpx.Client, headers: dict[str, str]) -> None:
    response = http.post("/v1/ask", json={"question": QUESTION}, headers=headers)
    assert_error(response, 401, "API key")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")  # with error="..." when a key was sent


def test_every_key_is_accepted(http: httpx.Client) -> None:
    assert http.get("/v1/models", headers={"Authorization": f"Bearer {OTHER_KEY}"}).status_code == 200


def test_cors_preflight_allows_the_configured_origin_only(http: httpx.Client) -> None:
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type",
    }
    allowed = http.options("/v1/ask", headers={"Origin": PORTAL, **preflight})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == PORTAL
    assert "authorization" in allowed.headers["access-control-allow-headers"].lower()
    denied = http.options("/v1/ask", headers={"Origin": "https://evil.example", **preflight})
    assert denied.status_code == 400 and "access-control-allow-origin" not in denied.headers
    actual = http.post("/v1/ask", json={"question": QUESTION}, headers={"Origin": PORTAL, **AUTH})
    assert actual.headers["access-control-allow-origin"] == PORTAL


def test_question_too_long_is_422(http: httpx.Client) -> None:
    assert_error(http.post("/v1/ask", json={"question": "why " * 600}, headers=AUTH), 422, "too long")
    messages = [{"role": "user", "content": "why " * 600}]
    assert_error(http.post("/v1/chat/completions", json={"messages": messages}, headers=AUTH), 422, "too long")


@pytest.mark.parametrize("question", ["", "   ", "\u0000\u0001\u0007", "\n\t"])
def test_empty_question_is_422(http: httpx.Client, question: str) -> None:
    assert_error(http.post("/v1/ask", json={"question": question}, headers=AUTH), 422)


def test_huge_body_is_413(http: httpx.Client) -> None:
    huge = json.dumps({"question": "x" * 200_000})
    response = http.post("/v1/ask", content=huge, headers={"Content-Type": "application/json", **AUTH})
    assert_error(response, 413, "too large")


def test_huge_chunked_body_is_413(http: httpx.Client) -> None:
    def pieces() -> Iterator[bytes]:
        yield b'{"question": "'
        for _ in range(100):
            yield b"x" * 1000
        yield b'"}'

    response = http.post("/v1/ask", content=pieces(), headers={"Content-Type": "application/json", **AUTH})
    assert "content-length" not in response.request.headers
    assert_error(response, 413, "too large")


@pytest.mark.parametrize("body", [b'{"question": ', b"not json", b'{"question": "a",}', b"\xff\xfe"])
def test_malformed_json_is_400(http: httpx.Client, body: bytes) -> None:
    response = http.post("/v1/ask", content=body, headers={"Content-Type": "application/json", **AUTH})
    assert_error(response, 400, "malformed JSON")


@pytest.mark.parametrize(
    "body",
    [
        [QUESTION],
        {"question": 42},
        {"question": QUESTION, "k": 0},
        {"question": QUESTION, "k": "many"},
        {"question": QUESTION, "extra": 1},
        {"question": QUESTION, "history": [{"role": "robot", "content": "x"}]},
    ],
)
def test_wrong_shapes_are_422(http: httpx.Client, body: object) -> None:
    assert_error(http.post("/v1/ask", json=body, headers=AUTH), 422)


def test_form_body_is_415(http: httpx.Client) -> None:
    assert_error(http.post("/v1/ask", data={"question": QUESTION}, headers=AUTH), 415, "application/json")


def test_openai_route_bad_input(http: httpx.Client) -> None:
    post = http.post
    assert_error(post("/v1/chat/completions", json={"messages": []}, headers=AUTH), 422)
    assert_error(post("/v1/chat/completions", content=b"{", headers={"Content-Type": "application/json", **AUTH}), 400)
    stream_of_nothing = {"messages": [{"role": "user", "content": "\u0000"}], "stream": True}
    assert_error(post("/v1/chat/completions", json=stream_of_nothing, headers=AUTH), 422, "empty")


def test_unknown_route_and_method(http: httpx.Client) -> None:
    assert_error(http.get("/v1/nothing", headers=AUTH), 404)
    assert_error(http.get("/v1/ask", headers=AUTH), 405)
    assert_error(http.get("/v1/models/gpt-4", headers=AUTH), 404, "review-assistant")


@pytest.mark.parametrize(
    "question",
    [
        "Which treatments are MSC\u2011EVs linked to resistance to? \U0001f9ec",
        "间充质干细胞 extracellular vesicles resistance?",
        "\u0645\u0642\u0627\u0648\u0645\u0629 chemotherapy resistance?",
        "Whi\u0301ch tre\u0308atments are linked to resistance?",
        "Who\u0000 wrote\u0007 the\u001b[31m review?\u200b",
    ],
)
def test_unicode_and_control_characters(http: httpx.Client, question: str) -> None:
    response = http.post("/v1/ask", json={"question": question}, headers=AUTH)
    assert response.status_code == 200, response.text
    assert isinstance(response.json()["answer"], str)


def test_lone_surrogate_is_422(http: httpx.Client) -> None:
    body = b'{"question": "resistance \\ud800 here"}'
    assert_error(http.post("/v1/ask", content=body, headers={"Content-Type": "application/json", **AUTH}), 422)


# The server's own parse errors, hostile text -----------------------------------------------------------


def _raw_request(server: LiveServer, data: bytes) -> tuple[int, dict[str, object]]:
    """Send bytes as they are (no client fixes them up); the status and the JSON body of the answer."""
    host, port = server.base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        with contextlib.suppress(OSError):  # the server may answer and close before reading a huge head
            sock.sendall(data)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    assert b"content-type: application/json" in head.lower(), reply[:300]
    return int(head.split()[1]), json.loads(body)


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}",
        b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n{}",
        b"GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header Name: y\r\n\r\n",
        b"\x16\x03\x01\x02\x00 not http at all\r\n\r\n",
    ],
)
def test_requests_the_server_cannot_parse_get_a_json_400(server: LiveServer, request_bytes: bytes) -> None:
    status, body = _raw_request(server, request_bytes)
    assert status == 400 and body["error"]["code"] == "bad_http"  # type: ignore[index]


def test_a_million_byte_header_gets_a_json_431(server: LiveServer) -> None:
    huge = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 1_000_000 + b"\r\n\r\n"
    status, body = _raw_request(server, huge)
    assert status == 431 and "RAG_MAX_HEADER_BYTES" in body["error"]["message"]  # type: ignore[index]
    assert_error(httpx.get(f"{server.base_url}/healthz", headers={"X-Big": "a" * 20_000}), 431, "headers")


def test_lowercase_bearer_is_accepted(http: httpx.Client) -> None:
    assert http.get("/v1/models", headers={"Authorization": f"bearer {KEY}"}).status_code == 200


def test_hostile_question_is_echoed_inert_and_raw_passages_on_request(http: httpx.Client) -> None:
    question = "Who wrote it? <script>alert(1)</script> ![x](http://evil.example/x.png)"
    body = http.post("/v1/ask", json={"question": question, "raw": True}, headers=AUTH).json()
    assert (
        body["question"]
        == "Who wrote it? \uff1cscript>alert(1)\uff1c/script> \uff01[x\uff3d(http\uff1a//evil\uff0eexample/x.png)"
    )
    citation = body["citations"][0]
    assert citation["raw_text"] and len(citation["raw_text"]) == len(citation["text"])
    assert http.post("/v1/ask", json={"question": QUESTION}, headers=AUTH).json()["citations"][0]["raw_text"] is None


def test_rate_limit_is_per_key_with_retry_after(limited_server: LiveServer) -> None:
    with httpx.Client(base_url=limited_server.base_url, timeout=30.0) as client:
        statuses = [client.get("/v1/models", headers=AUTH).status_code for _ in range(3)]
        limited = client.get("/v1/models", headers=AUTH)
        other = client.get("/v1/models", headers={"Authorization": f"Bearer {OTHER_KEY}"})
    assert statuses == [200, 200, 200]
    assert_error(limited, 429, "rate limit")
    assert int(limited.headers["Retry-After"]) >= 1
    assert other.status_code == 200


# The serve command --------------------------------------------------------------------------------


def _serve(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in __import__("os").environ.items() if not k.startswith("RAG_API_KEYS")}
    return subprocess.run(
        [sys.executable, "-m", "rag", "serve", *args],
        env={**clean, **env},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_serve_refuses_public_bind_without_a_key() -> None:
    done = _serve("--host", "0.0.0.0", "--port", "1")
    assert done.returncode != 0
    assert "RAG_API_KEYS" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_serve_refuses_workers_without_a_chroma_server() -> None:
    done = _serve("--workers", "2", "--port", "1", RAG_API_KEYS="k", RAG_CHROMA_HOST="")
    assert done.returncode != 0 and "RAG_CHROMA_HOST" in done.stderr and "Traceback" not in done.stderr
