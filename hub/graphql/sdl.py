"""The schema as SDL: served at `GET /schema.graphql` to whoever may introspect, and kept by the repository in
`schema.graphql` at its root, for clients and review."""

from __future__ import annotations

from functools import cache

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from hub.auth.principal import principal_of
from hub.config import ROOT
from hub.graphql.schema import schema
from hub.limits.extensions import restricted
from hub.limits.responses import error_response

SCHEMA_FILE = ROOT / "schema.graphql"


@cache
def export_sdl() -> str:
    """The SDL of the executable schema, as `hub schema export` writes it."""
    return schema.as_str() + "\n"


async def schema_sdl(scope: Scope, receive: Receive, send: Send) -> None:
    """The endpoint, behind the same guards as /graphql but the allow-list: refused (403
    INTROSPECTION_DISABLED) where introspection is, to anonymous callers in production."""
    request = Request(scope, receive)
    if restricted(request.app.state.settings, principal_of(request)):
        message = "the schema is shown to callers with credentials (an API key or a token)"
        response = error_response(403, "INTROSPECTION_DISABLED", message)
    else:
        response = Response(export_sdl(), media_type="text/plain; charset=utf-8")
    await response(scope, receive, send)
