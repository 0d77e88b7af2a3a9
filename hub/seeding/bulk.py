"""Streaming synthetic records into Neo4j: batches of UNWIND ... CREATE, one transaction per batch."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, LiteralString

from neo4j import AsyncDriver

from hub.model import NodeKind, RelationshipKind
from hub.seeding import cypher
from hub.seeding.synthetic import Item

BATCH_SIZE = 10_000
DELETE_BATCH = 1_000
"""Nodes deleted per transaction: each takes its relationships along, which must fit HUB_NEO4J_TX_MEMORY."""
WRITERS = 2
"""Transactions written at once: Neo4j runs each on a core of its own."""

Progress = Callable[[int, int], None]
"""Called after each batch with the nodes and relationships written so far."""


@dataclass(frozen=True)
class Loaded:
    nodes: int
    relationships: int
    seconds: float
    steps: dict[str, float] = field(default_factory=dict)
    """Seconds of each step, in order, where the loader has steps (the offline one)."""

    @property
    def rate(self) -> float:
        """Nodes and relationships written per second."""
        return (self.nodes + self.relationships) / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class _Batch:
    query: LiteralString
    rows: list[dict[str, Any]]
    nodes: bool

    @classmethod
    def of(cls, kind: NodeKind | RelationshipKind) -> _Batch:
        if isinstance(kind, NodeKind):
            return cls(cypher.create_nodes(kind), [], nodes=True)
        return cls(cypher.create_relationships(kind), [], nodes=False)


@dataclass(frozen=True)
class Cleared:
    deleted: int
    kept: frozenset[str]
    """The ids of the synthetic nodes kept: written or linked to through the API."""


async def delete_synthetic(
    driver: AsyncDriver, database: str, batch_size: int = DELETE_BATCH, *, overwrite: bool = False
) -> Cleared:
    """Delete the synthetic layer, every node with its relationships, but for what the API wrote: a node
    the API wrote or linked to stays, with its relationships (with `overwrite`, nothing stays)."""
    async with driver.session(database=database) as session:
        result = await session.run(cypher.DELETE_SYNTHETIC, batch=batch_size, overwrite=overwrite)
        summary = await result.consume()
        kept = frozenset([record["id"] async for record in await session.run(cypher.KEPT_SYNTHETIC)])
    return Cleared(summary.counters.nodes_deleted, kept)


def around(items: Iterable[Item], kept: frozenset[str]) -> Iterator[Item]:
    """The synthetic records but those the graph kept: no kept node again, and a relationship only where
    it touches a new node (the kept ones keep theirs, or lost them through the API)."""
    new: set[str] = set()
    for kind, row in items:
        if isinstance(kind, NodeKind):
            if row["id"] not in kept:
                new.add(row["id"])
                yield kind, row
        elif row["start"] in new or row["end"] in new:
            yield kind, row


def _batches(items: Iterable[Item], size: int) -> Iterator[_Batch]:
    """Group rows by kind; a relationship batch goes out only after every node row before it."""
    pending: dict[str, _Batch] = {}

    def nodes() -> list[_Batch]:
        return [pending.pop(key) for key, batch in list(pending.items()) if batch.nodes]

    for kind, row in items:
        key = kind.label if isinstance(kind, NodeKind) else kind.type
        batch = pending.get(key)
        if batch is None:
            batch = pending[key] = _Batch.of(kind)
        batch.rows.append(row)
        if len(batch.rows) >= size:
            if not batch.nodes:
                yield from nodes()
            yield pending.pop(key)
    yield from nodes()
    yield from pending.values()


async def create_synthetic(
    driver: AsyncDriver,
    database: str,
    items: Iterable[Item],
    *,
    batch_size: int = BATCH_SIZE,
    writers: int = WRITERS,
    progress: Progress | None = None,
) -> Loaded:
    """CREATE the records in batches, one transaction each, `writers` at a time, preparing the next batch
    while Neo4j writes.

    A relationship batch starts only once every node batch before it is written, so its ends exist.
    Concurrent relationship batches may wait on each other's locks on shared nodes; a deadlock is a
    transient error, and the driver retries that batch.
    """
    queue: asyncio.Queue[_Batch | None] = asyncio.Queue(maxsize=writers + 1)
    written = [0, 0]
    node_batches: list[asyncio.Future[None]] = []
    started = time.perf_counter()

    async def produce() -> None:
        for batch in _batches(items, batch_size):
            await queue.put(batch)
        for _ in range(writers):
            await queue.put(None)

    async def write_one(batch: _Batch) -> None:
        summary = (await driver.execute_query(batch.query, rows=batch.rows, database_=database)).summary
        counters = summary.counters
        created = counters.nodes_created if batch.nodes else counters.relationships_created
        if created != len(batch.rows):
            raise RuntimeError(f"{len(batch.rows) - created} of {len(batch.rows)} rows were not written")
        written[0 if batch.nodes else 1] += created
        if progress is not None:
            progress(*written)

    async def write() -> None:
        while (batch := await queue.get()) is not None:
            if batch.nodes:
                done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
                node_batches.append(done)
                try:
                    await write_one(batch)
                finally:
                    done.set_result(None)
            else:
                await asyncio.gather(*node_batches)
                await write_one(batch)

    async with asyncio.TaskGroup() as tasks:
        tasks.create_task(produce())
        for _ in range(writers):
            tasks.create_task(write())
    return Loaded(written[0], written[1], time.perf_counter() - started)
