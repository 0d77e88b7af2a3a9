"""ASGI middleware: puts the registered document into requests that name one, and in production refuses
other documents from callers without AD_HOC_QUERIES, but introspection from those with credentials. Runs
after AuthMiddleware (it needs the principal)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

import orjson
from starlette.datastructures import QueryParams
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub.auth.principal import principal_of
from hub.auth.roles import Capability
from hub.config import Settings
from hub.limits.body import replay
from hub.limits.responses import error_response
from hub.observe import facts
from hub.persisted.registry import Registry, allow_list
from hub.persisted.resolve import Refusal, registered


@dataclass(frozen=True)
class Allowed:
    """What a caller may send that is not registered: anything, or introspection only."""

    any: bool
    introspection: bool


class PersistedOperations:
    """GET reads the query parameters, POST the JSON body (a body orjson cannot read is refused: 400)."""

    def __init__(self, app: ASGIApp, settings: Settings, registry: Registry | None = None) -> None:
        self.app = app
        self.registry = registry if registry is not None else allow_list(settings)
        self.development = settings.development

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "POST"):
            await self.app(scope, receive, send)
            return
        principal = principal_of(HTTPConnection(scope))
        ad_hoc = Allowed(
            any=self.development or principal.can(Capability.AD_HOC_QUERIES),
            introspection=not principal.anonymous,
        )
        try:
            if scope["method"] == "GET":
                scope = self.resolve_get(scope, ad_hoc)
            else:
                scope, receive = await self.resolve_post(scope, receive, ad_hoc)
        except Refusal as refusal:
            await error_response(refusal.status, refusal.code, refusal.message)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def resolve(self, params: Mapping[str, object], ad_hoc: Allowed) -> str | None:
        """The registered document to put into the request, if any; the operation it runs, named for the
        access log and metrics."""
        operation = registered(self.registry, params, ad_hoc=ad_hoc.any, introspection=ad_hoc.introspection)
        if operation is None:
            return None
        facts.operation(operation.name)
        return operation.document if params.get("query") is None else None

    def resolve_get(self, scope: Scope, ad_hoc: Allowed) -> Scope:
        params = dict(QueryParams(scope["query_string"]))
        document = self.resolve(params, ad_hoc)
        if document is None:
            return scope
        return {**scope, "query_string": urlencode({**params, "query": document}).encode()}

    async def resolve_post(self, scope: Scope, receive: Receive, ad_hoc: Allowed) -> tuple[Scope, Receive]:
        messages = await read_body(receive)
        body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.request")
        try:
            params = orjson.loads(body)
        except orjson.JSONDecodeError:
            raise Refusal(400, "INVALID_JSON", "the request body is not valid JSON in UTF-8") from None
        if not isinstance(params, dict):
            return scope, replay(messages, receive)
        document = self.resolve(params, ad_hoc)
        if document is None:
            return scope, replay(messages, receive)
        body = orjson.dumps({**params, "query": document})
        headers = [(k, v) for k, v in scope["headers"] if k != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        message: Message = {"type": "http.request", "body": body, "more_body": False}
        return {**scope, "headers": headers}, replay([message], receive)


async def read_body(receive: Receive) -> list[Message]:
    """The messages up to the end of the body (BodyLimit, outside, has bounded its size)."""
    messages: list[Message] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request" or not message.get("more_body", False):
            return messages
