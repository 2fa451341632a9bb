"""A stand-in OpenAI-compatible chat server on loopback, in a thread: it answers with what a test decides,
streams it as Server-Sent Events like the real API, or misbehaves (stalls, rate-limits, sends garbage)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = Callable[[list[dict[str, Any]]], str]  # the request's messages -> the reply text


@dataclass
class StandIn:
    base_url: str  # the OpenAI base URL (ends in /v1)
    reply: Reply
    mode: str = "reply"  # reply | stall | rate_limit | garbage
    requests: list[dict[str, Any]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)  # lets a stalled request go


@contextmanager
def standin_server(reply: Reply, mode: str = "reply") -> Iterator[StandIn]:
    state = StandIn("", reply, mode)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()


def _handler(state: StandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def do_POST(self) -> None:  # noqa: N802 - the http.server naming
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
            state.requests.append(body)
            if state.mode == "stall":
                state.release.wait()
                return
            if state.mode == "rate_limit":
                return self._send(429, "application/json", b'{"error": {"message": "Rate limit reached"}}')
            if state.mode == "garbage":
                return self._send(200, "application/json", b"<html>not json")
            text = state.reply(body["messages"])
            if body.get("stream"):
                return self._send(200, "text/event-stream", _events(text))
            return self._send(200, "application/json", json.dumps(_completion(text)).encode())

        def _send(self, status: int, kind: str, payload: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    return Handler


def _completion(text: str) -> dict[str, Any]:
    message = {"role": "assistant", "content": text}
    return {
        "id": "standin",
        "object": "chat.completion",
        "created": 0,
        "model": "standin",
        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
    }


def _events(text: str) -> bytes:
    words = text.split(" ")
    pieces = [w if i == 0 else " " + w for i, w in enumerate(words)]
    chunks = [{"role": "assistant", "content": ""}] + [{"content": p} for p in pieces]
    lines = []
    for n, delta in enumerate(chunks):
        finish = "stop" if n == len(chunks) - 1 else None
        event = {
            "id": "standin",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": "standin",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        lines.append(f"data: {json.dumps(event)}\n\n")
    lines.append("data: [DONE]\n\n")
    return "".join(lines).encode()
