"""The app over HTTP: liveness, readiness and a first GraphQL answer."""

from __future__ import annotations

import httpx
from neo4j import AsyncDriver

from hub.app import create_app
from hub.config import Settings
from hub.database import migrations
from tests.conftest import free_port


async def test_health(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


async def test_ready_when_migrated(client: httpx.AsyncClient) -> None:
    response = await client.get("/ready")
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "ready"


async def test_not_ready_with_pending_migrations(
    client: httpx.AsyncClient, db: AsyncDriver, settings: Settings
) -> None:
    last = migrations.discover(settings.hub_schema_dir)[-1]
    await db.execute_query("MATCH (m:__HubMigration {version: $version}) DELETE m", version=last.version)
    response = await client.get("/ready")
    assert response.status_code == 503
    assert last.path.name in response.json()["reason"]
    await migrations.apply(db, settings.neo4j_database, settings.hub_schema_dir)


async def test_typename_over_http(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": "{ __typename }"})
    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}


async def test_not_ready_when_neo4j_is_down(settings: Settings) -> None:
    down = settings.model_copy(update={"neo4j_uri": f"bolt://127.0.0.1:{free_port()}"})
    app = create_app(down)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
            response = await http.get("/ready")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "reason": "the database does not answer"}
