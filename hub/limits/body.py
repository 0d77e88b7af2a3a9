"""Request body size and speed: read incrementally, refused with 413 as soon as it passes the size limit,
and with 408 when it has not arrived whole within the time limit."""

from __future__ import annotations

import asyncio

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub.limits.responses import error_response


class BodyLimit:
    """Buffers up to `max_bytes` of the body and replays it; a larger body is never read to its end, nor one
    that takes longer than `timeout` seconds."""

    def __init__(self, app: ASGIApp, max_bytes: int, timeout: float) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self.too_large(scope, receive, send)
            return
        messages: list[Message] = []
        try:
            async with asyncio.timeout(self.timeout):
                complete = await self.read(receive, messages)
        except TimeoutError:
            message = f"the request body did not arrive within {self.timeout:g} s"
            await error_response(408, "BODY_TIMEOUT", message, {"Connection": "close"})(scope, receive, send)
            return
        if not complete:
            await self.too_large(scope, receive, send)
            return
        await self.app(scope, replay(messages, receive), send)

    async def read(self, receive: Receive, messages: list[Message]) -> bool:
        """Read the body into `messages`; False as soon as it is larger than allowed."""
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                return True
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                return False
            if not message.get("more_body", False):
                return True

    async def too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = f"the request body is larger than {self.max_bytes} bytes"
        await error_response(413, "BODY_TOO_LARGE", message)(scope, receive, send)


def replay(messages: list[Message], receive: Receive) -> Receive:
    """A receive that returns the buffered messages first, then defers to the real one."""
    pending = iter(messages)

    async def receive_again() -> Message:
        return next(pending, None) or await receive()

    return receive_again
