"""The one place a statement runs: within the request's time budget, and every failure a coded error
without the driver's text, on the real database."""

from __future__ import annotations

import time

import httpx
import pytest
from neo4j import AsyncDriver

from hub.app import create_app
from hub.config import Environment, Settings
from hub.database.driver import open_driver
from hub.graphql.context import Context
from hub.graphql.cypher import run
from hub.graphql.cypher.scope import Statement
from hub.graphql.errors import Conflict, DatabaseUnavailable, QueryTimeout, QueryTooLarge
from tests.conftest import free_port

SLOW = Statement("UNWIND range(1, 2000000000) AS x WITH x WHERE x % 7 = 0 RETURN count(*) AS n", {})
"""Billions of rows: far longer than any budget here."""
HUGE = Statement("UNWIND range(1, 30000000) AS x RETURN collect(toString(x)) AS c", {})
"""Gigabytes in one list: over the local Neo4j's memory limit for one transaction."""


def context(driver: AsyncDriver, settings: Settings, budget: float) -> Context:
    limited = settings.model_copy(update={"hub_neo4j_tx_timeout": budget})
    return Context(driver=driver, settings=limited, request=None)  # type: ignore[arg-type]


async def test_a_statement_past_the_budget_ends_as_query_timeout(db: AsyncDriver, settings: Settings) -> None:
    with pytest.raises(QueryTimeout) as raised:
        await run.read(context(db, settings, 1.0), SLOW)
    assert raised.value.extensions == {"code": "QUERY_TIMEOUT", "timeout": 1.0}
    assert "neo4j" not in raised.value.message.lower()


async def test_no_statement_starts_once_the_budget_is_spent(db: AsyncDriver, settings: Settings) -> None:
    spent = context(db, settings, 1.0)
    spent.started = time.monotonic() - 2
    with pytest.raises(QueryTimeout):
        await run.read(spent, Statement("RETURN 1 AS one", {}))
    assert spent.round_trips == []


async def test_every_statement_of_a_request_shares_its_budget(db: AsyncDriver, settings: Settings) -> None:
    shared = context(db, settings, 1.5)
    assert (await run.read(shared, Statement("RETURN 1 AS one", {})))[0]["one"] == 1
    with pytest.raises(QueryTimeout):
        await run.read(shared, SLOW)
    with pytest.raises(QueryTimeout):
        await run.read(shared, Statement("RETURN 1 AS one", {}))


async def test_a_statement_over_the_memory_limit_ends_as_query_too_large(
    db: AsyncDriver, settings: Settings
) -> None:
    with pytest.raises(QueryTooLarge) as raised:
        await run.read(context(db, settings, 30.0), HUGE)
    assert raised.value.extensions == {"code": "QUERY_TOO_LARGE"}


async def test_a_database_that_is_away_is_database_unavailable(settings: Settings) -> None:
    away = settings.model_copy(update={"neo4j_uri": f"bolt://127.0.0.1:{free_port()}"})
    driver = open_driver(away)
    try:
        with pytest.raises(DatabaseUnavailable) as raised:
            await run.read(context(driver, away, 2.0), Statement("RETURN 1 AS one", {}))
    finally:
        await driver.close()
    assert "127.0.0.1" not in raised.value.message


async def test_a_uniqueness_violation_is_conflict_and_writes_nothing(
    db: AsyncDriver, settings: Settings
) -> None:
    async def twice(tx: run.Transaction) -> None:
        await tx.run("CREATE (:School:Entity:Organisation {id: 'twice', name: 'Twice'})", {})
        await tx.run("CREATE (:School:Entity:Organisation {id: 'twice', name: 'Twice'})", {})

    with pytest.raises(Conflict):
        await run.write(context(db, settings, 10.0), twice)
    records, _, _ = await db.execute_query("MATCH (n:Entity {id: 'twice'}) RETURN count(n) AS n")
    assert records[0]["n"] == 0


async def test_a_timeout_is_coded_and_not_masked_in_production(
    seeded: AsyncDriver, settings: Settings
) -> None:
    hurried = settings.model_copy(update={"hub_env": Environment.PRODUCTION, "hub_neo4j_tx_timeout": 0.01})
    app = create_app(hurried)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as client:
            payload = {"operationName": "TargetProgress"}
            response = await client.post("/graphql", json=payload)
    assert response.status_code == 200
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "QUERY_TIMEOUT", "timeout": 0.01}
