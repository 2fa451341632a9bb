"""Request limits: a per-key token bucket (429 + Retry-After) and a body size cap (413).

The question length cap (422) is `rag.query.clean_question`, shared with every other adapter."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rag.adapters.api.errors import ApiError, error_response

Clock = Callable[[], float]


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass(frozen=True)
class Decision:
    allowed: bool
    remaining: int
    retry_after_s: int  # 0 when allowed


class RateLimiter:
    """`per_minute` requests per client, refilled continuously, bursts up to `per_minute`.

    State lives in this process: with several instances behind a load balancer each enforces its own share.
    """

    MAX_CLIENTS = 10_000  # beyond this, buckets that have refilled completely are forgotten

    def __init__(self, per_minute: int, clock: Clock = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0  # tokens per second
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def take(self, client: str) -> Decision:
        now = self._clock()
        with self._lock:
            bucket = self._buckets.get(client)
            if bucket is None:
                self._prune(now)
                bucket = self._buckets[client] = _Bucket(self.capacity, now)
            bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return Decision(True, int(bucket.tokens), 0)
            return Decision(False, 0, max(1, math.ceil((1.0 - bucket.tokens) / self.rate)))

    def check(self, client: str) -> Decision:
        """`take`, raising a 429 ApiError with Retry-After when the client is over its limit."""
        decision = self.take(client)
        if not decision.allowed:
            raise ApiError(
                429,
                f"rate limit of {int(self.capacity)} requests per minute exceeded; retry in {decision.retry_after_s} s",
                "rate_limit_exceeded",
                {"Retry-After": str(decision.retry_after_s)},
            )
        return decision

    def _prune(self, now: float) -> None:
        if len(self._buckets) < self.MAX_CLIENTS:
            return
        full = [c for c, b in self._buckets.items() if b.tokens + (now - b.updated) * self.rate >= self.capacity]
        for client in full:
            del self._buckets[client]


class SizeLimitMiddleware:
    """431 for headers over `max_header_bytes`; reads at most `max_bytes` of a request body, then replays it,
    so a bigger body gets 413 before any handler runs.

    `python -m rag serve` bounds the head in the server already (h11), but a head that arrives in one read
    is parsed whole, and another ASGI server may not bound it at all. Counting the body's bytes (not only
    Content-Length) also caps chunked uploads.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, max_header_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_header_bytes = max_header_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _head_bytes(scope) > self.max_header_bytes:
            too_large = f"request line and headers too large: at most {self.max_header_bytes} bytes are accepted"
            await error_response(431, f"{too_large} (RAG_MAX_HEADER_BYTES)", "headers_too_large")(scope, receive, send)
            return
        if scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._too_large(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._too_large(scope, receive, send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        await self.app(scope, _replay(b"".join(chunks), receive), send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(
            413,
            f"request body too large: at most {self.max_bytes} bytes are accepted",
            "body_too_large",
            {"Connection": "close"},
        )
        await response(scope, receive, send)


def _head_bytes(scope: Scope) -> int:
    """About the size of the request line and headers as sent (the ASGI scope no longer has the bytes)."""
    target = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
    return target + sum(len(name) + len(value) + 4 for name, value in scope["headers"])


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()  # after the body: wait for the disconnect, as the server would report it
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
