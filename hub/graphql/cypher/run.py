"""Running statements: the one place a statement reaches Neo4j.

Every statement of a request shares the request's time budget (HUB_NEO4J_TX_TIMEOUT from its start): its
transaction may take what is left of it, a transient failure is retried only while time is left, and a
failure ends as a coded error whose message never carries the driver's or the database's text:
QUERY_TIMEOUT, QUERY_TOO_LARGE (the database's memory limit for one transaction), DATABASE_UNAVAILABLE,
CONFLICT (a uniqueness violation). Each round trip is recorded for `X-Hub-Explain`.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from neo4j import READ_ACCESS, WRITE_ACCESS, AsyncResult, AsyncTransaction, Query
from neo4j.exceptions import (
    ConnectionAcquisitionTimeoutError,
    ConstraintError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from hub.graphql.context import Context, RoundTrip
from hub.graphql.cypher.scope import Statement
from hub.graphql.errors import (
    Conflict,
    DatabaseUnavailable,
    QueryTimeout,
    QueryTooLarge,
    WriteOutcomeUnknown,
)
from hub.observe import facts, metrics, tracing

T = TypeVar("T")
Row = dict[str, Any]

MINIMUM = 0.05
"""Seconds: with less of the budget left, no statement is started."""
GRACE = 0.5
"""Seconds past its own transaction timeout the hub waits for a statement before giving it up."""
FIRST_RETRY = 0.05
"""Seconds before the first retry of a transient failure; each further retry waits twice as long."""
RECONNECT = 1.0
"""Seconds a request keeps trying to reach Neo4j before it is answered DATABASE_UNAVAILABLE."""

SPAN = {"db.system.name": "neo4j"}
"""What a statement's span says of it: no text, no parameters (hub.observe.tracing)."""

TIMED_OUT = ("TransactionTimedOut", "Transaction.Terminated")
TOO_LARGE = ("MemoryPoolOutOfMemoryError", "TransactionMemoryLimit", "OutOfMemoryError")


async def rows_of(result: AsyncResult) -> list[Row]:
    """The rows as dicts of their values as decoded: statements return maps, lists and scalars only,
    so the driver's recursive `Record.data()` conversion would copy every value for nothing."""
    keys = result.keys()
    return [dict(zip(keys, record, strict=True)) async for record in result]


async def read(context: Context, statement: Statement) -> list[Row]:
    """Run one statement in its own read transaction; its rows (none when the context only plans)."""
    text = f"EXPLAIN {statement.text}" if context.plan_only else statement.text

    async def attempt(timeout: float) -> list[Row]:
        async with context.driver.session(
            database=context.settings.neo4j_database, default_access_mode=READ_ACCESS
        ) as session:
            return await rows_of(await session.run(Query(text, timeout=timeout), statement.parameters))

    with tracing.span("neo4j.read", SPAN) as span:
        started = time.perf_counter()
        rows = await within_budget(context, attempt)
        record(context, statement.text, statement.parameters, started, len(rows))
        if span is not None:
            span.set_attribute("db.response.returned_rows", len(rows))
    return rows


@dataclass(frozen=True)
class Transaction:
    """The open write transaction of one mutation."""

    tx: AsyncTransaction
    context: Context

    async def run(self, text: str, parameters: dict[str, Any]) -> list[Row]:
        """Run one statement in the transaction; its rows (logged like a read's)."""
        with tracing.span("neo4j.write", SPAN) as span:
            started = time.perf_counter()
            rows = await rows_of(await self.tx.run(text, parameters))
            record(self.context, text, parameters, started, len(rows))
            if span is not None:
                span.set_attribute("db.response.returned_rows", len(rows))
        return rows


async def write(context: Context, work: Callable[[Transaction], Awaitable[T]]) -> T:
    """Run `work` in one write transaction, committed only if `work` returns; all or nothing.

    A transient failure runs `work` again from the start while the budget lasts.
    """

    async def attempt(timeout: float) -> T:
        async with context.driver.session(
            database=context.settings.neo4j_database, default_access_mode=WRITE_ACCESS
        ) as session:
            tx = await session.begin_transaction(timeout=timeout)
            try:
                result = await work(Transaction(tx, context))
            except BaseException:
                with contextlib.suppress(DriverError, Neo4jError, OSError):
                    await tx.close()
                raise
            await commit(tx)
            return result

    return await within_budget(context, attempt)


class _Uncommitted(Exception):
    """The commit was sent and no answer came: the write may or may not have been applied."""


async def commit(tx: AsyncTransaction) -> None:
    """Commit; `_Uncommitted` when Neo4j went away before it answered."""
    try:
        await tx.commit()
    except (ServiceUnavailable, SessionExpired, OSError) as error:
        raise _Uncommitted from error


async def within_budget(context: Context, attempt: Callable[[float], Awaitable[T]]) -> T:
    """`attempt(timeout)` with what is left of the request's budget; retried on transient failures while
    time is left; every failure of the database's as a coded error."""
    delay = FIRST_RETRY
    unreachable_since: float | None = None
    while True:
        left = context.remaining()
        if left < MINIMUM:
            raise timed_out(context)
        try:
            async with asyncio.timeout(left + GRACE):
                return await attempt(left)
        except TimeoutError:
            raise timed_out(context) from None
        except _Uncommitted:
            _lost(context)
            raise WriteOutcomeUnknown(
                "the database went away while this write was being committed: it may or may not have been"
                " applied. Send it again with the same idempotencyKey (a create), or read the record's"
                " version before changing it again (expectedVersion refuses a change made twice)"
            ) from None
        except (Neo4jError, DriverError, OSError) as error:
            if unreachable(error):
                unreachable_since = unreachable_since or time.monotonic()
                if time.monotonic() - unreachable_since > RECONNECT or context.remaining() < delay + MINIMUM:
                    _lost(context)
                    raise unavailable() from None
            elif not retried(error) or context.remaining() < delay + MINIMUM:
                raise coded(error, context) from None
        await asyncio.sleep(delay)
        delay = min(delay * 2, RECONNECT / 4)


def unreachable(error: Exception) -> bool:
    """Whether the failure is Neo4j out of reach (a refused, broken or timed-out connection)."""
    return isinstance(
        error, ServiceUnavailable | SessionExpired | ConnectionAcquisitionTimeoutError | OSError
    )


def _lost(context: Context) -> None:
    if context.availability is not None:
        context.availability.lost()


def unavailable() -> DatabaseUnavailable:
    return DatabaseUnavailable(
        "the database is not available at the moment; nothing was written: retry shortly"
    )


def retried(error: Neo4jError | DriverError | OSError) -> bool:
    """Whether the failure may pass if tried again: transient, and not the query's own size or time."""
    code = getattr(error, "code", None) or ""
    retryable = not isinstance(error, OSError) and error.is_retryable()
    return retryable and not any(part in code for part in TIMED_OUT + TOO_LARGE)


def coded(error: Neo4jError | DriverError | OSError, context: Context) -> Exception:
    """The coded error a database failure ends in; a failure the hub caused itself stays as it is."""
    code = getattr(error, "code", None) or ""
    if isinstance(error, OSError):
        return unavailable()
    if any(part in code for part in TIMED_OUT):
        return timed_out(context)
    if any(part in code for part in TOO_LARGE):
        return QueryTooLarge(
            "answering this needs more memory than one request may use: ask for less"
            " (fewer hops, a smaller limit or page, fewer kinds)"
        )
    if isinstance(error, ConstraintError):
        return Conflict("a concurrent write got there first; read again and retry")
    if isinstance(error, DriverError) or error.is_retryable():
        return unavailable()
    return error


def timed_out(context: Context) -> QueryTimeout:
    budget = context.settings.hub_neo4j_tx_timeout
    return QueryTimeout(
        f"the request ran out of its {budget:g} s: ask for less (fewer hops, a smaller limit or page,"
        " fewer kinds)",
        timeout=budget,
    )


def record(context: Context, text: str, parameters: dict[str, Any], started: float, rows: int) -> None:
    """Remember the round trip for `X-Hub-Explain`, the request's facts and the metrics."""
    seconds = time.perf_counter() - started
    context.round_trips.append(RoundTrip(text, parameters, round(seconds * 1000, 3), rows))
    facts.statement(seconds, rows)
    metrics.STATEMENT_SECONDS.observe(seconds)
    metrics.ROWS.inc(rows)
