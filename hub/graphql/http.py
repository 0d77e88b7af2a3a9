"""The GraphQL endpoint: Strawberry's ASGI app with the hub's context, per the GraphQL-over-HTTP spec.

POST with JSON, GET for queries only (a mutation over GET is 405). Clients that accept
`application/graphql-response+json` get the spec's status codes: 400 when the request could not be
executed at all (parse or validation error, variables that do not coerce). `application/json` clients
keep getting 200, as legacy servers did. Bodies are encoded with orjson.
"""

from __future__ import annotations

from typing import Any

import orjson
from cross_web import HTTPException
from opentelemetry.trace import Span
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData, process_result
from strawberry.schema.base import BaseSchema
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET, UnsetType

from hub.auth.authenticate import authenticator
from hub.auth.errors import AuthError
from hub.auth.http import CREDENTIAL_HEADERS, credentials_pending
from hub.auth.principal import principal_of
from hub.auth.roles import Capability
from hub.database.availability import RETRY_AFTER
from hub.graphql.context import Context
from hub.graphql.errors import UNAVAILABLE
from hub.ide.page import page
from hub.limits.body import parsed
from hub.observe import facts, tracing
from hub.persisted.registry import Registry
from hub.persisted.subscriptions import AllowListed

ACCEPTED: UnsetType = UNSET
"""`on_ws_connect`'s answer for a connection accepted: a plain `connection_ack`."""
GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


def wants_graphql_response(request: Request | WebSocket) -> bool:
    """Whether the client accepts the spec's media type (and so its status codes)."""
    return GRAPHQL_RESPONSE in request.headers.get("accept", "")


def request_error(result: ExecutionResult) -> bool:
    """No execution happened: every error lies outside a field (parse, validation, variables)."""
    errors = result.errors or []
    return result.data is None and bool(errors) and all(error.path is None for error in errors)


class GraphQLEndpoint(GraphQL[Context, None]):
    """Serves /graphql; GraphiQL only in development (hub.ide), opened on the allow-list's flagship;
    subscriptions over WebSockets speaking graphql-transport-ws, behind the allow-list as HTTP is."""

    graphql_transport_ws_handler_class = AllowListed

    def __init__(self, schema: BaseSchema, registry: Registry, *, ide: bool) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if ide else None,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        )
        self.registry = registry

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return page(self.registry)

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        app: Any = request.app
        settings = app.state.settings
        principal = principal_of(request)
        allowed = settings.development or principal.can(Capability.EXPLAIN)
        explain = allowed and request.headers.get("x-hub-explain") == "1"
        return Context(
            driver=app.state.driver,
            settings=settings,
            request=request,
            explain=explain,
            principal=principal,
            availability=app.state.availability,
        )

    async def on_ws_connect(self, context: Context) -> UnsetType:
        """Credentials may come in `connection_init`'s payload (`{"Authorization": "Bearer …"}` or
        `{"X-API-Key": …}`, as browsers cannot send headers with a WebSocket), checked as headers are;
        not both there and on the upgrade request. Refused: the socket closes with 4403."""
        given = {str(k).lower(): v for k, v in (context.connection_params or {}).items()}
        sent = {name: str(value) for name, value in given.items() if name in CREDENTIAL_HEADERS}
        if not sent:
            if credentials_pending(context.request):
                raise ConnectionRejectionError({"code": "AUTH_REQUIRED"})
            return ACCEPTED
        if not CREDENTIAL_HEADERS.isdisjoint(context.request.headers.keys()):
            raise ConnectionRejectionError({"code": "AMBIGUOUS_CREDENTIALS"})
        try:
            context.principal = await authenticator(context.settings).authenticate(
                Headers(sent), context.driver
            )
        except AuthError as error:
            raise ConnectionRejectionError({"code": error.code}) from None
        return ACCEPTED

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        """The response under construction, remembered on the request so results can set its status."""
        sub_response = await super().get_sub_response(request)
        sub_response.media_type = GRAPHQL_RESPONSE if wants_graphql_response(request) else JSON
        request.state.sub_response = sub_response
        return sub_response

    async def execute_single(  # type: ignore[override]
        self, request: Request, request_data: GraphQLRequestData, **kwargs: Any
    ) -> ExecutionResult:
        try:
            with tracing.span("graphql.operation") as span:
                result = await super().execute_single(request=request, request_data=request_data, **kwargs)
                if span is not None:
                    traced(span)
                return result
        except HTTPException as error:
            if isinstance(error.__cause__, InvalidOperationTypeError):
                raise HTTPException(405, "Only queries are allowed over GET; use POST") from error
            raise

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        """The spec's 400 for a request error; 503 with Retry-After, whatever the media type, when the
        database could not answer."""
        processed = process_result(result)
        if wants_graphql_response(request) and request_error(result):
            request.state.sub_response.status_code = 400
            processed.pop("data", None)
        if any((error.extensions or {}).get("code") in UNAVAILABLE for error in result.errors or ()):
            request.state.sub_response.status_code = 503
            request.state.sub_response.headers["Retry-After"] = str(RETRY_AFTER)
        return processed

    def decode_json(self, data: str | bytes) -> object:
        """A POST body the guard parsed already (hub.limits.body.parsed) is not parsed again."""
        sent = parsed.get()
        if sent is not None and sent[0] == data:
            return sent[1]
        return super().decode_json(data)

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        response.headers["content-type"] = sub_response.media_type or JSON
        return response


def traced(span: Span) -> None:
    """What an operation's span says of it: the registered operation's name (hub.observe.facts), its code."""
    seen = facts.current.get()
    span.set_attribute("graphql.operation.name", seen.operation if seen else facts.AD_HOC)
    if seen is not None and seen.code is not None:
        span.set_attribute("hub.error.code", seen.code)
