"""`create_app(settings, assistant=None)`: the FastAPI app. Endpoints only translate; `Assistant` does the work."""

from __future__ import annotations

import functools
import itertools
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import anyio
from fastapi import APIRouter, FastAPI, Request, Security
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, Response, StreamingResponse
from fastapi.security import HTTPBearer
from starlette.concurrency import run_in_threadpool

from rag import Assistant, RagError, Settings
from rag.adapters.api.access import AccessMiddleware
from rag.adapters.api.auth import ApiKeys
from rag.adapters.api.errors import ApiError, install_error_handlers, rag_error_response
from rag.adapters.api.inert import Inert
from rag.adapters.api.limits import RateLimiter, SizeLimitMiddleware
from rag.adapters.api.openai_compat import ChatCompletion, ChatRequest, completion, conversation, stream_events
from rag.adapters.api.schemas import (
    ERRORS,
    V1_ERRORS,
    AnswerOut,
    AskRequest,
    CorpusOut,
    Health,
    PassageOut,
    Ready,
    SearchRequest,
    SearchResponse,
    SuggestionsOut,
    with_question_schema,
)
from rag.query import clean_question

log = logging.getLogger("rag.adapters.api")
T = TypeVar("T")
STATIC = Path(__file__).parent / "static"
_bearer = HTTPBearer(auto_error=False, description="An API key from RAG_API_KEYS.")  # documents the scheme


def create_app(settings: Settings, assistant: Assistant | None = None) -> FastAPI:
    """The API over one shared `Assistant` (built and warmed up in the lifespan unless one is given)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = app.state.assistant is None
        if owned:
            app.state.assistant = Assistant(settings)
        try:
            await run_in_threadpool(app.state.assistant.warm_up)
        except RagError as exc:  # keep serving: /readyz reports it and retries
            log.warning("not ready yet: %s", exc)
        yield
        if owned:
            app.state.assistant.close()

    app = FastAPI(
        title="Review study assistant",
        version="1.0",
        summary="Cited answers from the indexed review: REST and OpenAI-compatible chat.",
        lifespan=lifespan,
        responses={status: ERRORS[status] for status in (400, 431)},  # any route: an unparseable or oversized head
    )

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = with_question_schema(FastAPI.openapi(app), settings.max_question_chars)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to extend the schema
    app.state.assistant = assistant
    app.state.settings = settings
    app.state.model_id = f"{settings.collection}-assistant"
    app.state.started = int(time.time())
    app.state.inert = Inert.from_setting(settings.link_hosts)
    app.include_router(public_routes())
    app.include_router(v1_routes(), prefix="/v1", dependencies=[Security(_bearer)], responses=V1_ERRORS)
    install_error_handlers(app)
    # Added innermost first: CORS wraps access control, which wraps the size limits, which wrap the routes.
    app.add_middleware(
        SizeLimitMiddleware, max_bytes=settings.max_body_bytes, max_header_bytes=settings.max_header_bytes
    )
    app.add_middleware(
        AccessMiddleware, keys=ApiKeys.from_settings(settings), limiter=RateLimiter(settings.rate_limit_per_minute)
    )
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    if origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type"],
            expose_headers=["Retry-After"],
            max_age=600,
        )
    return app


def _assistant(request: Request) -> Assistant:
    assistant = request.app.state.assistant
    if assistant is None:
        raise ApiError(503, "the assistant is starting; retry shortly", "not_ready")
    return assistant


async def _work(request: Request, fn: Callable[..., T], *args: object) -> T:
    """Run blocking assistant work in a thread, at most `api_concurrency` at once, the rest queued in order;
    past `api_queue` waiting, 503 with Retry-After at once (overload gets a status, never a timeout).

    Unbounded, 16+ simultaneous requests each start the model's own threads on a few cores and all finish late.
    """
    state = request.app.state
    if getattr(state, "work_limiter", None) is None:
        state.work_limiter = anyio.CapacityLimiter(state.settings.api_concurrency)
    waiting = state.work_limiter.statistics().tasks_waiting
    if state.work_limiter.available_tokens < 1 and waiting >= state.settings.api_queue:
        raise ApiError(
            503,
            f"the assistant is busy ({waiting} questions waiting); retry shortly",
            "overloaded",
            {"Retry-After": "1"},
        )
    return await anyio.to_thread.run_sync(functools.partial(fn, *args), limiter=state.work_limiter)


def _settings(request: Request) -> Settings:
    return request.app.state.settings


def _inert(request: Request) -> Inert:
    """What every text field goes through on its way out (see `rag.adapters.api.inert`)."""
    return request.app.state.inert


def public_routes() -> APIRouter:
    router = APIRouter()

    @router.get("/healthz", response_model=Health, tags=["probes"])
    async def healthz() -> dict[str, str]:
        """Alive: the process answers HTTP."""
        return {"status": "ok"}

    @router.get("/readyz", response_model=Ready, responses={503: ERRORS[503]}, tags=["probes"])
    def readyz(request: Request) -> dict[str, object]:
        """Ready: model and index are loaded (retries loading, so it turns ready once the index exists)."""
        info = _assistant(request).warm_up().info()
        return {"status": "ready", "chunks": info.chunks, "model": info.model}

    @router.get("/widget.js", include_in_schema=False)
    async def widget_js() -> FileResponse:
        """The embeddable chat widget (see docs/api.md for the one-line snippet)."""
        return FileResponse(
            STATIC / "widget.js", media_type="text/javascript", headers={"Cache-Control": "public, max-age=300"}
        )

    @router.get("/widget-demo.html", include_in_schema=False)
    async def widget_demo() -> FileResponse:
        """A page that embeds the widget; pass ?key=... to use an API key."""
        return FileResponse(STATIC / "widget-demo.html", media_type="text/html")

    return router


def v1_routes() -> APIRouter:
    router = APIRouter()

    @router.post("/ask", response_model=AnswerOut, tags=["answers"])
    async def ask(body: AskRequest, request: Request) -> AnswerOut:
        """Answer a question from the corpus with numbered citations (the JSON of `python -m rag ask --json`)."""
        clean_question(body.question, _settings(request).max_question_chars)
        history = [m.model_dump() for m in body.history]
        answer = await _work(request, _assistant(request).ask, body.question, history, body.k)
        return AnswerOut.of(answer, _inert(request), body.raw)

    @router.post("/search", response_model=SearchResponse, tags=["answers"])
    async def search(body: SearchRequest, request: Request) -> SearchResponse:
        """The k best passages for a query (hybrid dense + BM25), with scores, doc id and section."""
        clean_question(body.query, _settings(request).max_question_chars, "query")
        passages = await _work(request, _assistant(request).search, body.query, body.k)
        inert = _inert(request)
        return SearchResponse(
            query=inert(body.query), passages=[PassageOut.of(i, p, inert, body.raw) for i, p in enumerate(passages, 1)]
        )

    @router.post(
        "/chat/completions",
        response_model=ChatCompletion,
        tags=["openai"],
        responses={200: {"content": {"text/event-stream": {}}}},
    )
    async def chat_completions(body: ChatRequest, request: Request) -> ChatCompletion | Response:
        """OpenAI Chat Completions: the last user message is the question; `stream: true` sends SSE chunks."""
        turn = conversation(body, _settings(request).max_question_chars)
        model = request.app.state.model_id
        if not body.stream:
            answer = await _work(request, _assistant(request).ask, turn.question, turn.history)
            return completion(answer, model, turn.question, _inert(request))
        pieces = _assistant(request).stream(turn.question, turn.history)
        try:  # retrieval and composition happen before the first piece: bad input fails while a status can be sent
            first = await _work(request, next, pieces)
        except RagError as exc:
            return rag_error_response(exc)
        include_usage = bool(body.stream_options and body.stream_options.include_usage)
        events = stream_events(itertools.chain([first], pieces), model, turn.question, include_usage, _inert(request))
        return StreamingResponse(
            events, media_type="text/event-stream", headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
        )

    @router.get("/models", tags=["openai"])
    async def models(request: Request) -> dict[str, object]:
        """The assistant, listed as the one model (OpenAI format)."""
        return {"object": "list", "data": [_model(request)]}

    @router.get("/models/{model_id}", tags=["openai"], responses={404: ERRORS[404]})
    async def model(model_id: str, request: Request) -> dict[str, object]:
        """One model by id (404 for any other id)."""
        if model_id != request.app.state.model_id:
            raise ApiError(
                404, f"no model '{model_id}'; this server serves '{request.app.state.model_id}'", "model_not_found"
            )
        return _model(request)

    @router.get("/suggestions", response_model=SuggestionsOut, tags=["corpus"])
    async def suggestions(request: Request) -> SuggestionsOut:
        """Starter questions the corpus answers (the chat page's), and what is indexed in a student's words."""
        return await _work(request, SuggestionsOut.of, _assistant(request), _settings(request).data_dir)

    @router.get("/corpus", response_model=CorpusOut, tags=["corpus"])
    def corpus(request: Request) -> CorpusOut:
        """The indexed documents with their chunk counts, the embedding model and the store."""
        return CorpusOut.of(_assistant(request).info(), _inert(request))

    return router


def _model(request: Request) -> dict[str, object]:
    return {
        "id": request.app.state.model_id,
        "object": "model",
        "created": request.app.state.started,
        "owned_by": "rag",
    }
