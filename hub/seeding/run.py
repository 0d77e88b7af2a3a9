"""Seeding a graph: the source network in one transaction, then the synthetic layer around it."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from neo4j import AsyncDriver

from hub.seeding import indexes
from hub.seeding.bulk import BATCH_SIZE, Loaded, Progress, create_synthetic, delete_synthetic
from hub.seeding.network import Network
from hub.seeding.source import Written, write_network
from hub.seeding.synthetic import Anchors, Plan, generate

BULK_FROM = 50_000
"""Synthetic nodes from which the secondary indexes are held off during the load and built after it."""


@dataclass(frozen=True)
class Seeded:
    source: Written
    synthetic_deleted: int
    synthetic: Loaded | None
    """None when no synthetic layer was asked for."""


async def seed_graph(
    driver: AsyncDriver,
    database: str,
    network: Network,
    *,
    organisations: int,
    random_seed: int,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> Seeded:
    """MERGE the source network, then replace the synthetic layer by `organisations` fictional companies.

    Idempotent: the source network is merged, and the synthetic layer is deleted before it is created again
    from the same seed, so seeding twice gives the same graph. A large layer (BULK_FROM nodes or more) is
    loaded with the secondary indexes held off (`hub.seeding.indexes`); the time to build them again
    counts in the load's seconds. Indexes held by an interrupted seed are restored first.
    """
    await indexes.restore(driver, database)
    written = await write_network(driver, network, database)
    deleted = await delete_synthetic(driver, database, batch_size)
    if not organisations:
        return Seeded(written, deleted, None)
    plan = Plan(organisations)
    items = generate(Anchors.of(network), plan, random_seed)
    if plan.nodes < BULK_FROM:
        loaded = await create_synthetic(driver, database, items, batch_size=batch_size, progress=progress)
        return Seeded(written, deleted, loaded)
    started = time.perf_counter()
    await indexes.hold(driver, database)
    try:
        loaded = await create_synthetic(driver, database, items, batch_size=batch_size, progress=progress)
    finally:
        await indexes.restore(driver, database)
    return Seeded(written, deleted, replace(loaded, seconds=time.perf_counter() - started))
