"""A small Starlette + Strawberry app wired with hub.auth and hub.limits, independent of the hub's schema."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
import strawberry
from graphql import GraphQLError
from neo4j import AsyncDriver
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.types import Info

from hub.auth.principal import Principal, principal_of
from hub.config import Settings
from hub.database.availability import Availability
from hub.graphql.error_log import Schema
from hub.limits.extensions import graphql_extensions
from hub.limits.http import guard, middleware
from hub.shared.state import shared_state


@dataclass
class Context:
    settings: Settings
    request: Request

    @property
    def principal(self) -> Principal:
        return principal_of(self.request)


@strawberry.type
class Edge:
    node: Item


@strawberry.type
class Connection:
    edges: list[Edge]
    total: int


def page(first: int | None, last: int | None) -> Connection:
    size = min(first or last or 20, 3)
    return Connection(edges=[Edge(node=Item(id=strawberry.ID(str(n)))) for n in range(size)], total=size)


@strawberry.type
class Item:
    id: strawberry.ID

    @strawberry.field
    def children(self, first: int | None = None, last: int | None = None) -> Connection:
        return page(first, last)

    @strawberry.field
    def parent(self) -> Item:
        return Item(id=strawberry.ID("p"))


@strawberry.type
class Caller:
    subject: str
    role: str
    org: str | None


@strawberry.type
class Query:
    @strawberry.field
    def items(self, first: int | None = None, last: int | None = None) -> Connection:
        return page(first, last)

    @strawberry.field
    def everything(self) -> list[Item]:
        return [Item(id=strawberry.ID("a"))]

    @strawberry.field
    def me(self, info: Info[Context, None]) -> Caller:
        principal = principal_of(info.context.request)
        return Caller(subject=principal.subject, role=principal.role.value, org=principal.org)

    @strawberry.field
    def boom(self) -> str:
        raise RuntimeError("MATCH (n:Secret) RETURN n -- internal detail")

    @strawberry.field
    def refused(self) -> str:
        raise GraphQLError("that id is not valid", extensions={"code": "BAD_USER_INPUT"})


schema = Schema(query=Query, extensions=graphql_extensions())


class Endpoint(GraphQL[Context, None]):
    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        assert isinstance(request, Request)
        return Context(settings=request.app.state.settings, request=request)


def build_app(settings: Settings, driver: AsyncDriver) -> Starlette:
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.driver = driver
        app.state.availability = Availability(driver, settings.neo4j_database)
        async with shared_state(settings) as app.state.counts:
            yield

    routes = [Route("/graphql", guard(Endpoint(schema), settings), methods=["GET", "POST"])]
    return Starlette(routes=routes, middleware=middleware(settings), lifespan=lifespan)


@asynccontextmanager
async def http_client(settings: Settings, driver: AsyncDriver) -> AsyncIterator[httpx.AsyncClient]:
    """An in-process client for the app built from these settings."""
    app = build_app(settings, driver)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as client:
            yield client
