"""Seeding a graph: the source network in one transaction, then the synthetic layer around it."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from neo4j import AsyncDriver

from hub.seeding import indexes
from hub.seeding.bulk import BATCH_SIZE, Loaded, Progress, around, create_synthetic, delete_synthetic
from hub.seeding.network import Network
from hub.seeding.source import Written, write_network
from hub.seeding.synthetic import Anchors, Plan, generate

BULK_FROM = 50_000
"""Synthetic nodes from which the secondary indexes are held off during the load and built after it."""


@dataclass(frozen=True)
class Seeded:
    source: Written
    synthetic_deleted: int
    synthetic_kept: int
    """Synthetic nodes kept because the API wrote them or linked to them."""
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
    overwrite: bool = False,
) -> Seeded:
    """Merge the source network into the graph, then replace the synthetic layer by `organisations`
    fictional companies, keeping what the API wrote (`hub.seeding.merge`; `overwrite`: the seed's values
    win, and the whole synthetic layer is replaced).

    Idempotent: seeding twice gives the same graph. A large layer (BULK_FROM nodes or more) is loaded with
    the secondary indexes held off (`hub.seeding.indexes`); the time to build them again counts in the
    load's seconds. Indexes held by an interrupted seed are restored first.
    """
    await indexes.restore(driver, database)
    written = await write_network(driver, network, database, overwrite=overwrite)
    cleared = await delete_synthetic(driver, database, overwrite=overwrite)
    deleted, kept = cleared.deleted, len(cleared.kept)
    if not organisations:
        return Seeded(written, deleted, kept, None)
    plan = Plan(organisations)
    items = around(generate(Anchors.of(network), plan, random_seed), cleared.kept)
    if plan.nodes < BULK_FROM:
        loaded = await create_synthetic(driver, database, items, batch_size=batch_size, progress=progress)
        return Seeded(written, deleted, kept, loaded)
    started = time.perf_counter()
    await indexes.hold(driver, database)
    try:
        loaded = await create_synthetic(driver, database, items, batch_size=batch_size, progress=progress)
    finally:
        await indexes.restore(driver, database)
    return Seeded(written, deleted, kept, replace(loaded, seconds=time.perf_counter() - started))
