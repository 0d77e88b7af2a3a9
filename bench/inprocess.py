"""The in-process measurements: hub vs direct driver, fast path vs graphql-core, compiled vs naive,
and the latency of the domain questions on one graph."""

from __future__ import annotations

import asyncio
from typing import Any

from neo4j import AsyncDriver, RoutingControl

from bench.hub_client import Hub, operations
from bench.naive import Naive
from bench.stats import cpu_ms, paired_wall_ms, summary, wall_ms
from hub.graphql.ids import global_id

COMPANY_FIELDS = "__typename id slug name description source section synthetic sector sizeClass label: name"
OBJECTS = (10, 100, 1_000, 10_000)
SIZE_QUESTIONS = {
    "point lookup": ("query($id: ID!) { node(id: $id) { id ... on Entity { slug name } } }", None),
    "neighbourhood": operations()["ego-network"],
    "paths": operations()["connection-between-stakeholders"],
    "partner finding": operations()["partners-for-school"],
}


async def direct(driver: AsyncDriver, database: str, statements: list[tuple[str, dict[str, Any]]]) -> None:
    """The same statements the hub sent, straight through the driver with its defaults (eager records),
    concurrently, as the hub runs them."""
    await asyncio.gather(
        *(
            driver.execute_query(text, parameters, database_=database, routing_=RoutingControl.READ)
            for text, parameters in statements
        )
    )


async def hub_vs_driver(hub: Hub, repeat: int) -> dict[str, Any]:
    """(1) p50/p95 per operation in queries/: the hub (HTTP excluded) and its statements run directly."""
    results = {}
    database = hub.settings.neo4j_database
    for name, (query, variables) in operations().items():
        try:
            await hub.answer(query, variables)
        except RuntimeError as error:
            results[name] = {"error": str(error)}
            continue
        statements = [(trip.statement, trip.parameters) for trip in hub.last_round_trips]
        hub_times, driver_times = await paired_wall_ms(
            lambda q=query, v=variables: hub.answer(q, v),
            lambda s=statements: direct(hub.driver, database, s),
            repeat,
        )
        hub_ms, driver_ms = summary(hub_times), summary(driver_times)
        results[name] = {
            "round_trips": len(statements),
            "hub": hub_ms,
            "driver": driver_ms,
            "ratio_p50": round(hub_ms["p50"] / driver_ms["p50"], 3),
        }
    return results


async def company_ids(driver: AsyncDriver, count: int) -> list[str]:
    records, _, _ = await driver.execute_query(
        "MATCH (c:Company) RETURN c.id AS id ORDER BY id LIMIT $n", n=count
    )
    return [global_id("Company", record["id"]) for record in records]


async def fast_vs_core(hub: Hub, repeat: int) -> dict[str, Any]:
    """(2) CPU ms per request for N objects x 11 fields: the fast path, graphql-core's execution, and the
    same statement through the driver alone; the hub's own CPU is the fast path's minus the driver's."""
    query = f"query($ids: [ID!]!) {{ nodes(ids: $ids) {{ ... on Company {{ {COMPANY_FIELDS} }} }} }}"
    ids = await company_ids(hub.driver, max(OBJECTS))
    database = hub.settings.neo4j_database
    results = {}
    for count in OBJECTS:
        if len(ids) < count:
            continue
        variables = {"ids": ids[:count]}
        await hub.answer(query, variables)
        statements = [(trip.statement, trip.parameters) for trip in hub.last_round_trips]
        times = max(5, repeat * 10 // count) if count > 100 else repeat
        fast = summary(await cpu_ms(lambda v=variables: hub.answer(query, v, fast=True), times))
        core = summary(await cpu_ms(lambda v=variables: hub.answer(query, v, fast=False), times))
        driver = summary(await cpu_ms(lambda s=statements: direct(hub.driver, database, s), times))
        results[str(count)] = {
            "fast": fast,
            "core": core,
            "driver": driver,
            "hub_cpu_p50": round(fast["p50"] - driver["p50"], 3),
            "speedup_p50": round(core["p50"] / fast["p50"], 2),
        }
    return results


async def compiled_vs_naive(hub: Hub, repeat: int) -> dict[str, Any]:
    """(3) Three operations compiled to one statement vs resolved field by field."""
    naive = Naive(hub.driver, hub.settings.neo4j_database)
    results = {}
    for name, run_naive in naive.operations().items():
        query, variables = operations()[name]
        naive.round_trips = 0
        await run_naive(variables)
        trips = naive.round_trips
        compiled = summary(await wall_ms(lambda q=query, v=variables: hub.answer(q, v), repeat))
        resolved = summary(await wall_ms(lambda r=run_naive, v=variables: r(v), repeat))
        results[name] = {
            "compiled": compiled | {"round_trips": 1},
            "naive": resolved | {"round_trips": trips},
            "speedup_p50": round(resolved["p50"] / compiled["p50"], 2),
        }
    return results


async def size_questions(hub: Hub, repeat: int) -> dict[str, Any]:
    """(5) The latency of point lookups, neighbourhoods, paths and partner finding on this graph."""
    results = {}
    lookup_id = {"id": global_id("Pact", "techniekpact-twente")}
    for name, (query, variables) in SIZE_QUESTIONS.items():
        given = variables if variables is not None else lookup_id
        try:
            results[name] = summary(await wall_ms(lambda q=query, v=given: hub.answer(q, v), repeat))
        except RuntimeError as error:
            results[name] = {"error": str(error)[:120]}
    return results
