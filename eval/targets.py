"""Where the review suite's answers come from: the assistant in process, or a deployed HTTP API."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from eval.errors import EvalError


@dataclass(frozen=True)
class Retrieved:
    """One ranked passage as the metrics see it."""

    chunk_id: str
    doc_id: str
    section: str
    text: str


class Target(Protocol):
    name: str

    def ask(self, question: str, history: Sequence[dict[str, str]]) -> tuple[dict[str, Any], float]:
        """(answer JSON as `Answer.to_dict()`, wall-clock latency in ms)."""
        ...

    def search(self, query: str, k: int) -> list[Retrieved] | None:
        """Ranked passages, or None when the target cannot search (then citations are ranked)."""
        ...


class LocalTarget:
    """`rag.Assistant` in process: the index is (re)built from the corpus if needed, then warmed up.

    Pass an `embedder` to share one loaded model between several targets (one per document).
    """

    name = "local"

    def __init__(self, settings: Any, embedder: Any = None) -> None:
        from rag import Assistant

        self.assistant = Assistant(settings, embedder)
        self.embedder = self.assistant.embedder  # shared with the baselines: the model loads once
        self.ingest = self.assistant.ingest(progress=False)
        self.assistant.warm_up()

    def close(self) -> None:
        """Release the store and the data dir's lock (the next document's target takes its own)."""
        self.assistant.close()

    def ask(self, question: str, history: Sequence[dict[str, str]]) -> tuple[dict[str, Any], float]:
        start = time.perf_counter()
        answer = self.assistant.ask(question, history=list(history))
        return answer.to_dict(), (time.perf_counter() - start) * 1000.0

    def search(self, query: str, k: int) -> list[Retrieved] | None:
        return [
            Retrieved(p.chunk.chunk_id, p.chunk.doc_id, p.chunk.section, p.chunk.text)
            for p in self.assistant.search(query, k=k)
        ]


class HttpTarget:
    """A deployed assistant through `POST /v1/ask` (Bearer key when the API has keys configured)."""

    def __init__(self, url: str, api_key: str = "", timeout_s: float = 60.0) -> None:
        import httpx

        self.name = url.rstrip("/")
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.client = httpx.Client(base_url=self.name, headers=headers, timeout=timeout_s)

    def ask(self, question: str, history: Sequence[dict[str, str]]) -> tuple[dict[str, Any], float]:
        import httpx

        body: dict[str, Any] = {"question": question}
        if history:
            body["history"] = list(history)
        start = time.perf_counter()
        try:
            response = self.client.post("/v1/ask", json=body)
        except httpx.HTTPError as exc:
            raise EvalError(f"cannot reach {self.name}/v1/ask: {exc} (is the API running?)") from exc
        latency = (time.perf_counter() - start) * 1000.0
        if response.status_code in (401, 403):
            raise EvalError(f"{self.name} refused the request ({response.status_code}): pass a valid --api-key")
        if response.status_code >= 400:
            raise EvalError(f"{self.name}/v1/ask answered {response.status_code}: {_detail(response)}")
        try:
            return response.json(), latency
        except ValueError as exc:
            raise EvalError(f"{self.name}/v1/ask did not return JSON") from exc

    def search(self, query: str, k: int) -> list[Retrieved] | None:
        return None


def make_target(spec: str, settings: Any, api_key: str = "") -> Target:
    if spec == "local":
        return LocalTarget(settings)
    if spec.startswith(("http://", "https://")):
        return HttpTarget(spec, api_key)
    raise EvalError(f"unknown target {spec!r}: use 'local' or a URL such as http://127.0.0.1:8000")


def cited_passages(answer: dict[str, Any]) -> list[Retrieved]:
    """The answer's citations, in citation order, as ranked passages (for targets that cannot search)."""
    return [
        Retrieved(
            str(c.get("chunk_id", "")), str(c.get("doc_id", "")), str(c.get("section", "")), str(c.get("text", ""))
        )
        for c in sorted(answer.get("citations", []), key=lambda c: c.get("n", 0))
    ]


def _detail(response: Any) -> str:
    try:
        data = response.json()
    except ValueError:
        return response.text[:200]
    return str(data.get("detail") or data.get("error") or data)[:200] if isinstance(data, dict) else str(data)[:200]
