"""Cross-site request forgery: a POST must be JSON, which browsers never send cross-site without CORS."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from hub.limits.responses import error_response

ACCEPTED = "application/json"


class JsonPostsOnly:
    """Refuses (415) a POST whose Content-Type is not application/json: no text/plain, form or multipart."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            media_type = Headers(scope=scope).get("content-type", "").partition(";")[0].strip().lower()
            if media_type != ACCEPTED:
                shown = media_type or "none"
                message = f"POST needs Content-Type: {ACCEPTED} (got {shown})"
                await error_response(415, "UNSUPPORTED_MEDIA_TYPE", message)(scope, receive, send)
                return
        await self.app(scope, receive, send)
