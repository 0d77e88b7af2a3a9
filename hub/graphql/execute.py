"""The one door to the database for resolvers: every statement is timed and counted."""

from __future__ import annotations

import time
from typing import Any

from neo4j import AsyncResult, Query, RoutingControl

from hub.graphql.context import Context, RoundTrip


async def rows_of(result: AsyncResult) -> list[dict[str, Any]]:
    """The rows as dicts of their values as decoded: statements return maps, lists and scalars only,
    so the driver's recursive `Record.data()` conversion would copy every value for nothing."""
    keys = result.keys()
    return [dict(zip(keys, record, strict=True)) async for record in result]


async def run(
    context: Context, statement: str, parameters: dict[str, Any], *, write: bool = False
) -> list[dict[str, Any]]:
    """Run one parameterised statement in its own (retried, time-limited) transaction; rows as dicts."""
    started = time.perf_counter()
    rows: list[dict[str, Any]] = await context.driver.execute_query(
        Query(statement, timeout=context.settings.hub_neo4j_tx_timeout),
        parameters,
        database_=context.settings.neo4j_database,
        routing_=RoutingControl.WRITE if write else RoutingControl.READ,
        result_transformer_=rows_of,
    )
    context.round_trips.append(
        RoundTrip(statement, parameters, round((time.perf_counter() - started) * 1000, 3), len(rows))
    )
    return rows
