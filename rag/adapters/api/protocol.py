"""uvicorn's HTTP/1.1 protocol (h11) with its own parse errors in the API's JSON error shape.

A request uvicorn cannot parse (a bad Content-Length, a broken request line, headers larger than
`RAG_MAX_HEADER_BYTES`) never reaches the app: uvicorn answers it itself, in plain text, and offers no
hook for that answer. Its documented extension point is the protocol class (`uvicorn.run(http=...)`),
so `python -m rag serve` runs this subclass, which overrides the one method that writes that answer.
h11 is used rather than httptools because only h11 bounds the size of the request head
(`h11_max_incomplete_event_size`). Imported by uvicorn by name, never by the app.
"""

from __future__ import annotations

import json

import h11
from uvicorn.protocols.http.h11_impl import STATUS_PHRASES, H11Protocol

from rag.adapters.api.errors import error_body

LINGER_S = 2.0  # how long the rest of a refused request is read and dropped before the socket closes


class JsonErrorsH11Protocol(H11Protocol):
    _refused = False

    def data_received(self, data: bytes) -> None:
        if not self._refused:  # after a refusal, the rest of the request is dropped unread
            super().data_received(data)

    def send_400_response(self, msg: str) -> None:
        """Answer an unparseable request with 431 (head too large) or 400, as JSON, then close gently.

        Closing a socket with unread data makes the kernel send a reset, which can destroy the answer
        before the client reads it (a client still sending a megabyte of header): so, like nginx's
        lingering close, stop writing, drop what still arrives for `LINGER_S` seconds, then close.
        """
        limit = self.config.h11_max_incomplete_event_size
        if limit is not None and len(self.conn.trailing_data[0]) > limit:
            status = 431
            body = error_body(
                f"request line and headers too large: at most {limit} bytes are accepted (RAG_MAX_HEADER_BYTES)",
                "request_too_large",
                "headers_too_large",
            )
        else:
            status = 400
            body = error_body(
                "malformed HTTP request (request line, header or Content-Length)", "invalid_request_error", "bad_http"
            )
        data = json.dumps(body).encode("utf-8")
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(data)).encode("ascii")),
            (b"connection", b"close"),
        ]
        for event in (
            h11.Response(status_code=status, headers=headers, reason=STATUS_PHRASES[status]),
            h11.Data(data=data),
            h11.EndOfMessage(),
        ):
            self.transport.write(self.conn.send(event) or b"")
        self._refused = True
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER_S, self.transport.close)
