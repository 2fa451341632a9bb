"""The `local` answerer: a GGUF model file run in process by xllamacpp (llama.cpp; prebuilt CPU wheels).

`RAG_ANSWERER=local RAG_LLM_MODEL=/path/model.gguf` generates offline, with no server to run. The model
loads on the first question, not when the answerer is built. llama.cpp's server engine also opens an HTTP
listener; it is bound to loopback on a free port and locked with a random key, so nothing else can use it.
"""

from __future__ import annotations

import os
import secrets
import threading
from pathlib import Path
from typing import Any

from rag.answer.answerers import ANSWERERS
from rag.answer.answerers.chat import Emit, Messages
from rag.answer.answerers.llm import LlmAnswerer
from rag.errors import ConfigError
from rag.settings import Settings

_ROLES = {"human": "user", "ai": "assistant", "system": "system"}


class XllamacppChat:
    """Chat completions from a GGUF file through xllamacpp's in-process server engine."""

    def __init__(self, path: Path, context_tokens: int, threads: int) -> None:
        self.path = path
        self.context_tokens = context_tokens
        self.threads = threads
        self._server: Any = None
        self._lock = threading.Lock()

    def generate(self, messages: Messages, max_tokens: int, emit: Emit) -> None:
        request = {
            "messages": [{"role": _ROLES.get(role, role), "content": content} for role, content in messages],
            "max_tokens": max_tokens,
            "temperature": 0,
            "stream": True,
        }
        failure: list[str] = []

        def on_chunk(chunk: Any) -> bool:
            if isinstance(chunk, dict) and "error" in chunk:
                failure.append(str(chunk["error"].get("message", chunk["error"])))
                return True
            return emit(_delta(chunk)) if _delta(chunk) else False

        result = self._loaded().handle_chat_completions(request, on_chunk)
        if isinstance(result, dict) and "error" in result:
            failure.append(str(result["error"].get("message", result["error"])))
        if failure:
            raise RuntimeError(failure[0])

    def _loaded(self) -> Any:
        with self._lock:
            if self._server is None:
                import xllamacpp

                params = xllamacpp.CommonParams()
                params.model.path = str(self.path)
                params.n_ctx = self.context_tokens
                params.cpuparams.n_threads = self.threads
                params.cpuparams_batch.n_threads = self.threads
                params.hostnames = ["127.0.0.1"]
                params.port = 0  # llama.cpp's engine always listens; loopback, any free port, a secret key
                params.api_keys = [secrets.token_urlsafe(24)]
                params.verbosity = -1
                params.sampling.temp = 0
                self._server = xllamacpp.Server(params)
            return self._server


def _delta(chunk: Any) -> str:
    try:
        return str(chunk["choices"][0]["delta"].get("content") or "")
    except (KeyError, IndexError, TypeError, AttributeError):
        return ""


@ANSWERERS.register("local")
def _local(settings: Settings) -> LlmAnswerer:
    try:
        import xllamacpp  # noqa: F401  (checked now, loaded on the first question)
    except ImportError as exc:
        raise ConfigError("RAG_ANSWERER=local needs: pip install xllamacpp") from exc
    path = Path(settings.llm_model).expanduser()
    if not settings.llm_model or path.suffix.lower() != ".gguf":
        raise ConfigError("RAG_ANSWERER=local needs RAG_LLM_MODEL=/path/to/model.gguf (a GGUF model file)")
    if not path.is_file():
        raise ConfigError(f"RAG_LLM_MODEL: no model file at {path}")
    threads = max(1, (os.cpu_count() or 2) // 2)  # llama.cpp's threads spin-wait: oversubscribed cores stall them
    return LlmAnswerer("local", XllamacppChat(path, settings.llm_context_tokens, threads), settings)
