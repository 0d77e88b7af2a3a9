"""Batching is off: a JSON array body (several operations in one request) is refused with 400."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub.limits.body import replay
from hub.limits.responses import error_response

WHITESPACE = b" \t\r\n"


class NoBatching:
    """Reads the body only up to its first significant byte, then replays what it read."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        while True:
            message = await receive()
            messages.append(message)
            body: bytes = message.get("body", b"") if message["type"] == "http.request" else b""
            start = body.lstrip(WHITESPACE)[:1]
            if start == b"[":
                message_text = "batching is not supported: send one operation per request"
                await error_response(400, "BATCHING_DISABLED", message_text)(scope, receive, send)
                return
            if start or message["type"] != "http.request" or not message.get("more_body", False):
                break
        await self.app(scope, replay(messages, receive), send)
