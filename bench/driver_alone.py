"""The official driver alone: a request's statements, as the hub sent them, run straight through the
driver with the same concurrency, no hub around them; the CPU this process and Neo4j spend per request
(user + system, from /proc). What the hub adds to a request is its CPU less this; what no Python client
of Neo4j can go below, whatever it does, is this."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import uvloop
from neo4j import READ_ACCESS, AsyncDriver, Query

from bench.hub_client import Hub
from bench.workers import cpu_ms
from hub.config import Settings
from hub.database.driver import open_driver

Statements = list[tuple[str, dict[str, Any]]]


async def _statements(hub: Hub, body: bytes) -> Statements:
    request = json.loads(body)
    await hub.answer(request["query"], request.get("variables"))
    return [(trip.statement, trip.parameters) for trip in hub.last_round_trips]


async def _run(driver: AsyncDriver, database: str, statements: Statements) -> None:
    """A request's statements, concurrently as the hub runs a request's root fields; rows taken as the hub
    takes them (each record's values, no conversion)."""

    async def one(text: str, parameters: dict[str, Any]) -> None:
        async with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
            result = await session.run(Query(text), parameters)
            [list(record) async for record in result]

    await asyncio.gather(*(one(text, parameters) for text, parameters in statements))


async def _measure(
    settings: Settings, bodies: dict[str, bytes], neo4j: int, connections: int, seconds: float
) -> dict[str, Any]:
    driver = open_driver(settings)
    found: dict[str, Any] = {}
    try:
        hub = Hub(driver, settings)
        for name, body in bodies.items():
            try:
                statements = await _statements(hub, body)
            except RuntimeError as error:
                found[name] = {"error": str(error)[:100]}
                continue
            found[name] = await _load(
                driver, settings.neo4j_database, statements, neo4j, connections, seconds
            )
    finally:
        await driver.close()
    return found


async def _load(
    driver: AsyncDriver, database: str, statements: Statements, neo4j: int, connections: int, seconds: float
) -> dict[str, Any]:
    """`connections` loops sending the request's statements for `seconds` (after as long a warm-up)."""

    async def loop(until: float, counted: list[int]) -> None:
        while time.monotonic() < until:
            await _run(driver, database, statements)
            counted[0] += 1

    warm = [0]
    await asyncio.gather(*(loop(time.monotonic() + seconds, warm) for _ in range(connections)))
    counted = [0]
    process, database_cpu = time.process_time(), cpu_ms(neo4j)
    await asyncio.gather(*(loop(time.monotonic() + seconds, counted) for _ in range(connections)))
    requests = max(counted[0], 1)
    return {
        "requests": counted[0],
        "statements": len(statements),
        "driver_cpu_ms": round((time.process_time() - process) * 1000 / requests, 3),
        "neo4j_cpu_ms": round((cpu_ms(neo4j) - database_cpu) / requests, 3),
    }


def measure(
    settings: Settings, bodies: dict[str, bytes], neo4j: int, connections: int, seconds: float
) -> dict[str, Any]:
    """Per request name: its statements through the driver alone, on uvloop as `hub serve` runs."""
    return uvloop.run(_measure(settings, bodies, neo4j, connections, seconds))
