"""The ASGI application: one driver per process, opened and closed by the lifespan, which also starts the
domain questions' warm-up (HUB_WARM_UP) and opens the state shared with other processes (hub.shared)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.routing import Route, WebSocketRoute

from hub.config import Settings, get_settings
from hub.database.availability import Availability
from hub.database.driver import open_driver
from hub.edge.heap import freeze_start_up
from hub.export.http import Export
from hub.export.whole import whole_graph
from hub.graphql.domain.warm_up import warm_up
from hub.graphql.http import GraphQLEndpoint
from hub.graphql.schema import schema
from hub.graphql.sdl import schema_sdl
from hub.health import health, ready
from hub.ide.page import PREFIX, asset
from hub.limits.http import guard, middleware
from hub.observe import tracing
from hub.observe.metrics import metrics
from hub.persisted.registry import allow_list
from hub.shared.state import shared_state


def create_app(settings: Settings | None = None) -> Starlette:
    """Build the app; the driver opens on start-up and closes on shutdown."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.driver = open_driver(settings)
        app.state.availability = Availability(app.state.driver, settings.neo4j_database)
        warming = asyncio.create_task(warm_up(app.state.driver, settings)) if settings.hub_warm_up else None
        app.state.warming = warming
        try:
            async with shared_state(settings) as app.state.counts:
                yield
        finally:
            if warming is not None:
                warming.cancel()
                await asyncio.gather(warming, return_exceptions=True)
            await app.state.availability.close()
            await app.state.driver.close()

    registry = allow_list(settings)
    endpoint = GraphQLEndpoint(schema, registry, ide=settings.development)
    graphql = guard(endpoint, settings, registry)
    routes = [
        Route("/health", health, methods=["GET"]),
        Route("/metrics", metrics, methods=["GET"]),
        Route("/ready", ready, methods=["GET"]),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
        Route("/schema.graphql", guard(schema_sdl, settings, allow_list=False), methods=["GET"]),
        Route("/export/graph.{format}", guard(whole_graph, settings, allow_list=False), methods=["GET"]),
        Route("/export/{file}", Export(graphql, registry), methods=["GET"]),
    ]
    if settings.development:
        routes.append(Route(PREFIX + "{name}", asset, methods=["GET"]))
    return Starlette(routes=routes, middleware=middleware(settings), lifespan=lifespan)


def app_from_environment(settings: Settings | None = None) -> Starlette:
    """The app `hub serve` runs, in each worker process (hub.edge.workers): of the settings given, or read
    from the environment; with tracing exported when HUB_TRACING is on. What it took to build the app is
    then frozen out of the garbage collector's walks (hub.edge.heap)."""
    settings = settings or get_settings()
    tracing.configure(settings)
    app = create_app(settings)
    freeze_start_up()
    return app
