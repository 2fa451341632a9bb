"""The one thing the LLM answerers need from a model: stream a reply to chat messages, within a deadline.

A `ChatBackend` pushes text pieces to a callback (which returns True to stop early); LangChain chat models
(OpenAI-compatible servers, Ollama, the fakes in tests) and the in-process GGUF runner (`local`) both fit.
`stream_reply` runs a backend on a worker thread and gives up at the deadline, so an unreachable, slow or
stalled provider costs at most the configured timeout and never hangs the caller.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol

Messages = Sequence[tuple[str, str]]  # (role, content): role is system, human or ai
Emit = Callable[[str], bool]  # takes a text piece; True asks the backend to stop


class ProviderFailure(Exception):
    """The model could not give a reply: unreachable, too slow, rate-limited, malformed or empty."""


class ChatBackend(Protocol):
    def generate(self, messages: Messages, max_tokens: int, emit: Emit) -> None:
        """Stream the reply to `messages`, calling `emit` with each piece; raise on failure."""
        ...


class LangChainChat:
    """Any LangChain chat model (`ChatOpenAI`, `ChatOllama`, `GenericFakeChatModel`, ...)."""

    def __init__(self, model: Any) -> None:
        self.model = model

    def generate(self, messages: Messages, max_tokens: int, emit: Emit) -> None:
        for chunk in self.model.stream(list(messages)):
            content = chunk.content if isinstance(chunk.content, str) else ""
            if content and emit(content):
                return


_DONE = object()


def stream_reply(backend: ChatBackend, messages: Messages, max_tokens: int, timeout_s: float) -> Iterator[str]:
    """The reply's pieces as they arrive; ProviderFailure when the backend fails or the deadline passes.

    The backend runs on a daemon thread; past the deadline its next `emit` returns True (stop), and a
    backend blocked in I/O is left to its own timeout (LLM clients get the same one).
    """
    pieces: queue.Queue[object] = queue.Queue()
    stop = threading.Event()

    def emit(piece: str) -> bool:
        pieces.put(piece)
        return stop.is_set()

    def work() -> None:
        try:
            backend.generate(messages, max_tokens, emit)
        except BaseException as exc:  # reported to the caller below, whatever it is
            pieces.put(exc)
        pieces.put(_DONE)

    threading.Thread(target=work, name="llm-reply", daemon=True).start()
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            try:
                item = pieces.get(timeout=max(deadline - time.monotonic(), 0.0))
            except queue.Empty:
                raise ProviderFailure(_late(timeout_s)) from None
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                # The client's own timeout is the same deadline: whichever fires first, one message.
                raise ProviderFailure(_late(timeout_s) if _timed_out(item) else describe(item)) from item
            yield str(item)
    finally:
        stop.set()


def _late(timeout_s: float) -> str:
    return f"no complete reply within {timeout_s:g} s (RAG_LLM_TIMEOUT_S)"


def _timed_out(exc: BaseException) -> bool:
    """A client's timeout (TimeoutError, openai's APITimeoutError, httpx's ReadTimeout): LLM clients are
    given RAG_LLM_TIMEOUT_S too, so on a busy machine theirs may fire before the deadline here does."""
    return isinstance(exc, TimeoutError) or "Timeout" in type(exc).__name__


def complete(backend: ChatBackend, messages: Messages, max_tokens: int, timeout_s: float) -> str:
    """The whole reply as one string (stripped); ProviderFailure as for `stream_reply`."""
    return "".join(stream_reply(backend, messages, max_tokens, timeout_s)).strip()


def describe(exc: BaseException) -> str:
    """One line about a provider error: its kind, HTTP status when there is one, and its message."""
    status = getattr(exc, "status_code", None)
    kind = "rate-limited" if status == 429 or "RateLimit" in type(exc).__name__ else type(exc).__name__
    message = " ".join(str(exc).split())[:200]
    return f"{kind}{f' (HTTP {status})' if status else ''}: {message}" if message else kind
