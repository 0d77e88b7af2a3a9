"""Liveness and readiness: `/health` says the process is up, `/ready` whether it can answer, within a second,
in words that name no internals."""

from __future__ import annotations

import asyncio

from neo4j.exceptions import DriverError, Neo4jError
from starlette.requests import Request
from starlette.responses import JSONResponse

from hub import __version__
from hub.database import migrations
from hub.database.availability import RETRY_AFTER

READY_WITHIN = 0.9
"""Seconds `/ready` may spend finding out."""


async def health(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok", "version": __version__})


def unavailable(reason: str) -> JSONResponse:
    body = {"status": "unavailable", "reason": reason}
    return JSONResponse(body, 503, headers={"Retry-After": str(RETRY_AFTER)})


async def ready(request: Request) -> JSONResponse:
    """200 only when Neo4j answers and every migration is applied; 503 with the reason otherwise."""
    settings = request.app.state.settings
    availability = request.app.state.availability
    if availability.away:
        return unavailable("the database does not answer")
    try:
        async with asyncio.timeout(READY_WITHIN):
            todo = await migrations.pending(
                availability.driver, settings.neo4j_database, settings.hub_schema_dir
            )
    except (TimeoutError, DriverError, Neo4jError, OSError):
        return unavailable("the database does not answer")
    except migrations.MigrationError:
        return unavailable("the graph's schema does not match this hub's migrations")
    if todo:
        return unavailable(f"migrations pending: {', '.join(migration.path.name for migration in todo)}")
    return JSONResponse({"status": "ready", "version": __version__})
