"""Authentication and rate limiting for every `/v1/` route, before the body is read or validated."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from rag.adapters.api.auth import ApiKeys, bearer_token
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
            client = self.authenticate(_headers(scope, b"authorization"))
        else:
            address = scope.get("client")
            client = f"addr:{address[0]}" if address else "addr:unknown"
        self.limiter.check(client)
        return client

    def authenticate(self, headers: list[str]) -> str:
        """The key's id, or a 401 whose `WWW-Authenticate` says why (RFC 6750 section 3)."""
        if len(headers) == 1 and bearer_token(headers[0]) is not None:
            client = self.keys.identify(headers[0])
            if client is not None:
                return client
            reason, error = "invalid API key", ' error="invalid_token"'
        elif headers:
            reason, error = "malformed Authorization header", ' error="invalid_request"'
        else:
            reason, error = "missing API key", ""
        raise ApiError(
            401,
            f"{reason}: send one header 'Authorization: Bearer KEY' with an API key from RAG_API_KEYS as KEY",
            "invalid_api_key",
            {"WWW-Authenticate": "Bearer" + error},
        )


def _headers(scope: Scope, name: bytes) -> list[str]:
    return [value.decode("latin-1") for key, value in scope["headers"] if key.lower() == name]
