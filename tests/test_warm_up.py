"""The start-up warm-up: every domain question planned for every kind of viewer, nothing read or written,
and a clear line in the log when Neo4j cannot be reached."""

from __future__ import annotations

import logging

import httpx
import pytest
from neo4j import AsyncDriver

from hub.app import create_app
from hub.config import Settings
from hub.database.driver import open_driver
from hub.graphql.domain.warm_up import QUESTIONS, VIEWERS, warm_up
from tests.conftest import free_port


async def test_every_question_is_planned_for_every_viewer(
    seeded: AsyncDriver, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "hub.graphql")
    planned = len(QUESTIONS) * len(VIEWERS)
    assert await warm_up(seeded, settings) == planned
    [logged] = [record.getMessage() for record in caplog.records]
    assert logged.startswith(f"warm-up: {planned} statements planned in ")


async def test_the_app_warms_up_in_the_background(seeded: AsyncDriver, settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"hub_warm_up": True}))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
            answer = await http.post(
                "/graphql", json={"query": '{ neighbourhood(id: "overijssel") { centre { slug } } }'}
            )
            assert answer.json() == {"data": {"neighbourhood": {"centre": {"slug": "overijssel"}}}}
        assert await app.state.warming == len(QUESTIONS) * len(VIEWERS)


async def test_without_neo4j_it_stops_at_once_saying_why(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    away = settings.model_copy(update={"neo4j_uri": f"bolt://127.0.0.1:{free_port()}"})
    async with open_driver(away) as driver:
        assert await warm_up(driver, away) == 0
    assert [record.getMessage() for record in caplog.records if record.name == "hub.graphql"] == [
        "warm-up stopped after 0 statements: the database is not available at the moment; nothing was"
        " written: retry shortly"
    ]
