"""Every HTTP request gets an id: the client's `X-Request-Id` when it is a sane one, else a new one. It is
sent back in `X-Request-Id` and is on every log line written while the request is served."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = "x-request-id"
SANE = re.compile(r"[A-Za-z0-9._:-]{1,64}")
"""What a client's id may be; anything else (too long, odd characters) is replaced, so logs stay clean."""

current: ContextVar[str] = ContextVar("request_id", default="-")
"""The id of the request being served ("-" outside one)."""


class RequestId:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(HEADER.encode(), b"").decode("latin-1")
        request_id = given if SANE.fullmatch(given) else uuid.uuid4().hex
        current.set(request_id)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[HEADER] = request_id
            await send(message)

        await self.app(scope, receive, send_with_id)
