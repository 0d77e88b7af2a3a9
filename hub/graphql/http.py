"""The GraphQL endpoint: Strawberry's ASGI app with the hub's context."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from hub.graphql.context import Context


class GraphQLEndpoint(GraphQL[Context, None]):
    """Serves /graphql; GraphiQL only in development."""

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        app: Any = request.app
        assert isinstance(request, Request)
        settings = app.state.settings
        explain = settings.development and request.headers.get("x-hub-explain") == "1"
        return Context(driver=app.state.driver, settings=settings, request=request, explain=explain)
