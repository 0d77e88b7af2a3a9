"""Request body size and speed: read incrementally, refused with 413 as soon as it passes the size limit,
and with 408 when it has not arrived whole within the time limit. Read once: what comes after replays it."""

from __future__ import annotations

import asyncio
from contextvars import ContextVar
from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import Message, Receive

from hub.limits.responses import error_response

parsed: ContextVar[tuple[bytes, object] | None] = ContextVar("parsed_body", default=None)
"""The JSON body of the request being served and what it parses to, once parsed (hub.persisted.http), so
that the GraphQL endpoint does not parse it again (hub.graphql.http)."""


@dataclass(frozen=True)
class Body:
    """The whole body, and what the client sent after it (a disconnect), to replay in that order."""

    data: bytes
    after: tuple[Message, ...] = ()

    def replay(self, receive: Receive) -> Receive:
        """A receive that returns the body in one message, then what followed it, then defers to `receive`."""
        first: Message = {"type": "http.request", "body": self.data, "more_body": False}
        return replay([first, *self.after], receive)


@dataclass(frozen=True)
class BodyLimit:
    """Up to `max_bytes`, within `timeout` seconds; a larger body is never read to its end."""

    max_bytes: int
    timeout: float

    async def read(self, headers: Headers, receive: Receive) -> Body | Response:
        """The body, or the answer refusing it."""
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            return self.too_large()
        try:
            async with asyncio.timeout(self.timeout):
                body = await self.received(receive)
        except TimeoutError:
            message = f"the request body did not arrive within {self.timeout:g} s"
            return error_response(408, "BODY_TIMEOUT", message, {"Connection": "close"})
        return self.too_large() if body is None else body

    async def received(self, receive: Receive) -> Body | None:
        """The body as it arrives; None as soon as it is larger than allowed."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return Body(b"".join(chunks), (message,))
            chunk: bytes = message.get("body", b"")
            chunks.append(chunk)
            size += len(chunk)
            if size > self.max_bytes:
                return None
            if not message.get("more_body", False):
                return Body(chunks[0] if len(chunks) == 1 else b"".join(chunks))

    def too_large(self) -> Response:
        message = f"the request body is larger than {self.max_bytes} bytes"
        return error_response(413, "BODY_TOO_LARGE", message)


def replay(messages: list[Message], receive: Receive) -> Receive:
    """A receive that returns the buffered messages first, then defers to the real one."""
    pending = iter(messages)

    async def receive_again() -> Message:
        return next(pending, None) or await receive()

    return receive_again
