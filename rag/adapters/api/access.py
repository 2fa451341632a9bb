"""Authentication and rate limiting for every `/v1/` route, before the body is read or validated."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from rag.adapters.api.auth import ApiKeys
from rag.adapters.api.errors import ApiError, error_response
from rag.adapters.api.limits import RateLimiter

PROTECTED_PREFIX = "/v1/"


class AccessMiddleware:
    """401 without a valid key (when keys are configured), 429 past the per-key rate; public paths pass through."""

    def __init__(self, app: ASGIApp, keys: ApiKeys, limiter: RateLimiter) -> None:
        self.app = app
        self.keys = keys
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(PROTECTED_PREFIX):
            await self.app(scope, receive, send)
            return
        try:
            scope.setdefault("state", {})["client_id"] = self.admit(scope)
        except ApiError as exc:
            await error_response(exc.status, exc.message, exc.code, exc.headers)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def admit(self, scope: Scope) -> str:
        """The client's id (a key hash, or its address when auth is off), after auth and rate checks."""
        if self.keys.enabled:
            header = _header(scope, b"authorization")
            client = self.keys.identify(header)
            if client is None:
                reason = "invalid API key" if header else "missing API key"
                raise ApiError(
                    401,
                    f"{reason}: send 'Authorization: Bearer <key>' with a key from RAG_API_KEYS",
                    "invalid_api_key",
                    {"WWW-Authenticate": "Bearer"},
                )
        else:
            address = scope.get("client")
            client = f"addr:{address[0]}" if address else "addr:unknown"
        self.limiter.check(client)
        return client


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key.lower() == name:
            return value.decode("latin-1")
    return None
