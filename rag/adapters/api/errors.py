"""Every error leaves the API as `{"error": {"message", "type", "code"}}` (the OpenAI shape), never a trace."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from rag import (
    ConfigError,
    IndexMismatchError,
    IndexMissingError,
    InputError,
    LoaderError,
    RagError,
    StoreUnavailableError,
)
from rag.adapters.api.inert import Inert

# Most specific first: the first class in the error's MRO found here decides the status.
_RAG_STATUS: dict[type[RagError], tuple[int, str]] = {
    InputError: (422, "invalid_request_error"),
    LoaderError: (422, "invalid_request_error"),
    IndexMissingError: (503, "index_missing"),
    IndexMismatchError: (503, "index_mismatch"),
    StoreUnavailableError: (503, "store_unavailable"),
    ConfigError: (503, "server_misconfigured"),
    RagError: (400, "invalid_request_error"),
}
_HTTP_TYPES = {
    401: "authentication_error",
    404: "not_found_error",
    405: "invalid_request_error",
    413: "request_too_large",
    431: "request_too_large",
    415: "invalid_request_error",
    429: "rate_limit_exceeded",
}


class ApiError(Exception):
    """An error the API answers with `status` and a one-line `message` (plus optional headers)."""

    def __init__(
        self, status: int, message: str, code: str | None = None, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.headers = dict(headers or {})


_INERT = Inert()  # error messages may quote what the client sent (a model id, a field): no links at all


def error_body(message: str, kind: str, code: str | int | None = None) -> dict[str, Any]:
    return {"error": {"message": _INERT(message), "type": kind, "code": code}}


def error_response(
    status: int, message: str, code: str | None = None, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    kind = _HTTP_TYPES.get(status, "invalid_request_error" if status < 500 else "server_error")
    return JSONResponse(error_body(message, kind, code), status_code=status, headers=dict(headers or {}))


def rag_error_response(error: RagError) -> JSONResponse:
    status, kind = next(_RAG_STATUS[cls] for cls in type(error).__mro__ if cls in _RAG_STATUS)
    return JSONResponse(error_body(str(error), kind, error.code), status_code=status)


def describe_validation(errors: Sequence[Mapping[str, Any]]) -> tuple[int, str]:
    """(status, one line) for pydantic errors: malformed JSON is 400, anything else 422."""
    if any(e.get("type") == "json_invalid" for e in errors):
        detail = next(e for e in errors if e.get("type") == "json_invalid").get("ctx", {}).get("error", "")
        return 400, f"malformed JSON body{': ' + str(detail) if detail else ''}"
    parts = [f"{_where(e.get('loc', ()))}: {e.get('msg', 'invalid value')}" for e in errors]
    return 422, _REPR.sub("", "; ".join(dict.fromkeys(parts[:5]))) or "invalid request"


_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_REPR = re.compile(r"<[^<>]* at 0x[0-9a-fA-F]+>")  # `<function f at 0x7f...>`: an internal repr, never sent


def _where(loc: Sequence[Any]) -> str:
    """'messages.0.content' from a pydantic location: field names and indexes only, without the names
    pydantic gives union branches and validators (`function-after[...]`, `list[TextPart]`)."""
    parts = [str(p) for p in loc if isinstance(p, int) or (p != "body" and _FIELD.fullmatch(str(p)))]
    return ".".join(parts) or "body"


def install_error_handlers(app: FastAPI) -> None:
    """Translate each failure once, at the edge: RagError, validation, HTTP errors, and anything unexpected."""

    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.message, exc.code, exc.headers)

    @app.exception_handler(RagError)
    async def _rag_error(_: Request, exc: RagError) -> JSONResponse:
        return rag_error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media and media != "application/json" and not media.endswith("+json"):
            return error_response(
                415,
                f"send the body as JSON with 'Content-Type: application/json' (got {media})",
                "unsupported_media_type",
            )
        status, message = describe_validation(exc.errors())
        return error_response(status, message, "json_invalid" if status == 400 else "invalid_value")

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error_response(exc.status_code, str(exc.detail), None, exc.headers)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        # Starlette re-raises after this response is sent, so the trace reaches the server log, not the client.
        return error_response(500, "internal server error (details are in the server log)", "internal_error")
