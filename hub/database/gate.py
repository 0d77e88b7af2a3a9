"""While Neo4j is known to be away, every request it guards is refused at once: 503 DATABASE_UNAVAILABLE
with Retry-After, instead of each request waiting to find out."""

from __future__ import annotations

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send

from hub.database.availability import RETRY_AFTER, Availability
from hub.limits.responses import error_response

MESSAGE = "the database is not available at the moment; retry shortly"


class DatabaseGate:
    """Uses `app.state.availability`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            availability: Availability = HTTPConnection(scope).app.state.availability
            if availability.away:
                headers = {"Retry-After": str(RETRY_AFTER)}
                await error_response(503, "DATABASE_UNAVAILABLE", MESSAGE, headers)(scope, receive, send)
                return
        await self.app(scope, receive, send)
