"""One explicit write transaction per mutation: every statement timed and logged, any error rolls back."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from neo4j import AsyncManagedTransaction, unit_of_work
from neo4j.exceptions import ConstraintError

from hub.graphql.context import Context, RoundTrip
from hub.graphql.mutations.errors import Conflict

T = TypeVar("T")


@dataclass(frozen=True)
class Tx:
    """The open transaction of one mutation."""

    tx: AsyncManagedTransaction
    context: Context

    async def run(self, statement: str, parameters: dict[str, Any]) -> list[dict[str, Any]]:
        """Run one statement and return its rows; the round trip is logged like a read's."""
        started = time.perf_counter()
        rows: list[dict[str, Any]] = await (await self.tx.run(statement, parameters)).data()
        elapsed = round((time.perf_counter() - started) * 1000, 3)
        self.context.round_trips.append(RoundTrip(statement, parameters, elapsed, len(rows)))
        return rows


async def write(context: Context, work: Callable[[Tx], Awaitable[T]]) -> T:
    """Run `work` in one write transaction (retried on transient errors); it commits only if `work` returns.

    A uniqueness violation (a concurrent write of the same id or idempotency key) becomes CONFLICT.
    """

    @unit_of_work(timeout=context.settings.hub_neo4j_tx_timeout)
    async def unit(tx: AsyncManagedTransaction) -> T:
        return await work(Tx(tx, context))

    try:
        async with context.driver.session(database=context.settings.neo4j_database) as session:
            return await session.execute_write(unit)
    except ConstraintError as error:
        raise Conflict(f"a concurrent write got there first: {error.message}") from None
