"""Liveness and readiness: `/health` says the process is up, `/ready` that it can answer."""

from __future__ import annotations

from neo4j.exceptions import Neo4jError, ServiceUnavailable
from starlette.requests import Request
from starlette.responses import JSONResponse

from hub import __version__
from hub.database import migrations


async def health(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok", "version": __version__})


async def ready(request: Request) -> JSONResponse:
    """200 only when Neo4j answers and every migration is applied; 503 with the reason otherwise."""
    settings = request.app.state.settings
    driver = request.app.state.driver
    try:
        await driver.verify_connectivity()
        todo = await migrations.pending(driver, settings.neo4j_database, settings.hub_schema_dir)
    except (Neo4jError, ServiceUnavailable, OSError) as error:
        return JSONResponse({"status": "unavailable", "reason": f"Neo4j does not answer: {error}"}, 503)
    except migrations.MigrationError as error:
        return JSONResponse({"status": "unavailable", "reason": str(error)}, 503)
    if todo:
        names = ", ".join(migration.path.name for migration in todo)
        return JSONResponse({"status": "unavailable", "reason": f"migrations pending: {names}"}, 503)
    return JSONResponse({"status": "ready", "neo4j": settings.bolt_uri})
