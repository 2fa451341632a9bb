"""Units of the API adapter: rate limiter (fake clock), API keys, bind checks, error translation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rag import ConfigError, IndexMissingError, InputError, Settings, StoreUnavailableError
from rag.adapters.api import create_app
from rag.adapters.api.auth import ApiKeys, bearer_token
from rag.adapters.api.errors import ApiError, describe_validation, rag_error_response
from rag.adapters.api.limits import RateLimiter
from rag.adapters.api.server import check_bind, is_loopback


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rate_limiter_bursts_then_refills() -> None:
    clock = FakeClock()
    limiter = RateLimiter(per_minute=3, clock=clock)
    assert [limiter.take("a").allowed for _ in range(4)] == [True, True, True, False]
    assert limiter.take("a").retry_after_s == 20  # one token per 20 s
    assert limiter.take("b").allowed  # each client has its own bucket
    clock.now += 20
    assert limiter.take("a").allowed and not limiter.take("a").allowed


def test_rate_limiter_raises_429_with_retry_after() -> None:
    limiter = RateLimiter(per_minute=1, clock=FakeClock())
    limiter.check("a")
    with pytest.raises(ApiError) as error:
        limiter.check("a")
    assert error.value.status == 429 and error.value.headers["Retry-After"] == "60"


def test_rate_limiter_forgets_idle_clients() -> None:
    clock = FakeClock()
    limiter = RateLimiter(per_minute=60, clock=clock)
    limiter.MAX_CLIENTS = 3
    for client in "abc":
        limiter.take(client)
    clock.now += 120
    limiter.take("d")
    assert set(limiter._buckets) == {"d"}


def test_api_keys_from_settings_and_file(tmp_path: Path) -> None:
    path = tmp_path / "keys"
    path.write_text("# team keys\nfile-key\n\n", encoding="utf-8")
    keys = ApiKeys.from_settings(Settings(api_keys=" a , b,", api_keys_file=path))
    assert keys.enabled
    assert keys.identify("Bearer a") and keys.identify("bearer file-key")
    assert keys.identify("Bearer a") != keys.identify("Bearer b")
    assert re.fullmatch(r"key:[0-9a-f]{12}", keys.identify("Bearer a") or "")  # a hash, never the key
    assert keys.identify("Bearer c") is None and keys.identify(None) is None and keys.identify("a") is None
    assert not ApiKeys.from_settings(Settings(api_keys="")).enabled


def test_missing_keys_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="RAG_API_KEYS_FILE"):
        ApiKeys.from_settings(Settings(api_keys_file=tmp_path / "absent"))


@pytest.mark.parametrize(
    ("header", "token"),
    [
        ("Bearer k", "k"),
        ("bearer k", "k"),  # RFC 9110 11.1: the scheme is case-insensitive
        ("BEARER k", "k"),
        ("Bearer  k", "k"),  # 1*SP
        ("Bearer a-b.c_d~e+f/g==", "a-b.c_d~e+f/g=="),
        ("Bearer\tk", None),
        ("Bearer k extra", None),
        ("Bearer k ", None),
        ("Bearer k!", None),
        ("Bearer =", None),
        ("Bearer k=x", None),
        ("Basic k", None),
        ("Bearer", None),
        ("Bearer ", None),
        ("k", None),
        ("", None),
    ],
)
def test_bearer_token_follows_rfc_6750(header: str, token: str | None) -> None:
    assert bearer_token(header) == token


@pytest.mark.parametrize("key", ["has space", "semi;colon", 'quote"', "é"])
def test_keys_a_bearer_header_cannot_carry_are_refused_at_start(key: str) -> None:
    with pytest.raises(ConfigError, match="RFC 6750"):
        ApiKeys.from_settings(Settings(api_keys=f"good,{key}"))


def test_bind_checks() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("example.org")
    open_settings = Settings(api_keys="")
    assert "RAG_API_KEYS" in (check_bind("0.0.0.0", 1, open_settings) or "")
    assert check_bind("127.0.0.1", 1, open_settings) is None
    assert "RAG_CHROMA_HOST" in (check_bind("127.0.0.1", 2, Settings(api_keys="k")) or "")
    assert check_bind("0.0.0.0", 4, Settings(api_keys="k", chroma_host="127.0.0.1")) is None


def test_rag_errors_map_to_4xx_and_503() -> None:
    assert rag_error_response(InputError("the question is empty")).status_code == 422
    assert rag_error_response(IndexMissingError("run ingest")).status_code == 503
    assert rag_error_response(StoreUnavailableError("locked")).status_code == 503


def test_validation_messages() -> None:
    assert describe_validation([{"type": "json_invalid", "loc": ("body", 1), "ctx": {"error": "bad"}}])[0] == 400
    status, message = describe_validation([{"type": "missing", "loc": ("body", "question"), "msg": "Field required"}])
    assert status == 422 and message == "question: Field required"


class BrokenAssistant:
    """Duck-types `Assistant`: the index is missing, and `ask` hits a bug."""

    def warm_up(self) -> BrokenAssistant:
        raise IndexMissingError("the index is empty: run `python -m rag ingest`")

    def ask(self, *args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internal detail")

    def search(self, *args: object, **kwargs: object) -> None:
        raise StoreUnavailableError("the Chroma server at 127.0.0.1:8001 is unreachable: start it")


@pytest.fixture()
def broken_client() -> Iterator[TestClient]:
    app = create_app(Settings(api_keys="k", api_keys_file=None, cors_origins=""), BrokenAssistant())  # type: ignore[arg-type]
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_rag_errors_become_503_with_the_fix(broken_client: TestClient) -> None:
    ready = broken_client.get("/readyz")
    assert ready.status_code == 503 and "python -m rag ingest" in ready.json()["error"]["message"]
    search = broken_client.post("/v1/search", json={"query": "x"}, headers={"Authorization": "Bearer k"})
    assert search.status_code == 503 and search.json()["error"]["type"] == "store_unavailable"


def test_unexpected_errors_are_a_generic_500_without_trace(broken_client: TestClient) -> None:
    response = broken_client.post("/v1/ask", json={"question": "x"}, headers={"Authorization": "Bearer k"})
    assert response.status_code == 500
    assert "secret" not in response.text and "Traceback" not in response.text
    assert response.json()["error"]["code"] == "internal_error"
