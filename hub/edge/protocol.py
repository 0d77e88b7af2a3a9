"""uvicorn's httptools protocol with the two guards it lacks: a request head (request line and headers) must
arrive whole within a deadline, else a client trickling one would hold its connection for ever; and past a
number of open connections a new one is answered 503 with a code at once, before anything is read."""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

RETRY_AFTER = 1
"""Seconds a client turned away for too many connections is asked to wait."""


def _refusal() -> bytes:
    body = orjson.dumps(
        {
            "errors": [
                {
                    "message": "too many connections; retry shortly",
                    "extensions": {"code": "TOO_MANY_CONNECTIONS"},
                }
            ]
        }
    )
    head = (
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n"
        f"retry-after: {RETRY_AFTER}\r\nconnection: close\r\ncontent-length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


REFUSAL = _refusal()


class EdgeProtocol(HttpToolsProtocol):
    """Closes a connection whose request head has not arrived `head_timeout` seconds after it opened or
    after the response before it; refuses connections past `max_connections` open ones. uvicorn makes one
    per connection from `functools.partial(EdgeProtocol, head_timeout=…, max_connections=…)`, which worker
    processes can be sent."""

    def __init__(self, *args: Any, head_timeout: float, max_connections: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.head_timeout = head_timeout
        self.max_connections = max_connections
        self._head_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            transport.write(REFUSAL)
            transport.close()
            return
        self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.cycle.response_complete:
            self._arm()  # no request, pipelined or not, whose head has arrived is waiting

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._head_deadline = self.loop.call_later(self.head_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _too_slow(self) -> None:
        self._head_deadline = None
        if not self.transport.is_closing():
            self.transport.close()
