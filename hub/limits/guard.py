"""The request checks in front of an endpoint, made in one pass: one ASGI layer, one look at the headers,
the body read once and parsed once. Each check's rule lives in its own module; this only orders them."""

from __future__ import annotations

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send

from hub.auth.http import Authentication
from hub.auth.principal import principal_of
from hub.config import Settings
from hub.database import gate
from hub.limits import batching, csrf, rate
from hub.limits.body import Body, BodyLimit, parsed
from hub.limits.rate import Limit
from hub.limits.responses import error_response
from hub.persisted.http import PersistedOperations
from hub.persisted.registry import Registry
from hub.persisted.resolve import Refusal


class Guard:
    """In this order, the first refusal answering: JSON-only POSTs (415), body size and time (413, 408), no
    batches (400), the database away (503), authentication (401, and 429 past the failures a client address
    may make), rate limit (429), persisted operations (400/403 in production: allow-list only; not for an
    endpoint that runs no GraphQL, `allow_list=False`). A WebSocket is only authenticated."""

    def __init__(
        self, endpoint: ASGIApp, settings: Settings, registry: Registry | None, *, allow_list: bool
    ) -> None:
        self.endpoint = endpoint
        self.body = BodyLimit(settings.hub_max_body_bytes, settings.hub_body_timeout)
        self.authentication = Authentication(settings)
        self.rate = Limit.of("requests", settings.hub_rate_limit_per_minute, settings.hub_rate_limit_burst)
        self.persisted = PersistedOperations(settings, registry) if allow_list else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self.http(scope, receive, send)
            return
        refusal = (
            await self.authentication.refusal(HTTPConnection(scope)) if scope["type"] == "websocket" else None
        )
        await (refusal or self.endpoint)(scope, receive, send)

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        connection = HTTPConnection(scope)
        post = scope["method"] == "POST"
        refusal: ASGIApp | None = csrf.refusal(connection.headers) if post else None
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        body = await self.body.read(connection.headers, receive)
        if not isinstance(body, Body):
            await body(scope, receive, send)
            return
        refusal = (
            (batching.refusal(body.data) if post else None)
            or gate.refusal(connection)
            or await self.authentication.refusal(connection)
            or (await rate.refusal(self.rate, connection) if self.rate else None)
        )
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        if self.persisted is None or scope["method"] not in ("GET", "POST"):
            await self.endpoint(scope, body.replay(receive), send)
            return
        principal = principal_of(connection)
        try:
            if post:
                posted = self.persisted.post(scope, body.data, principal)
            else:
                scope = self.persisted.get(scope, principal)
        except Refusal as refused:
            await error_response(refused.status, refused.code, refused.message)(scope, receive, send)
            return
        if not post:
            await self.endpoint(scope, body.replay(receive), send)
            return
        token = parsed.set((posted.body, posted.params))
        try:
            await self.endpoint(posted.scope, Body(posted.body, body.after).replay(receive), send)
        finally:
            parsed.reset(token)
