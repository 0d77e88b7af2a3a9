"""Seeding a graph: the source network in one transaction, then the synthetic layer around it."""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import AsyncDriver

from hub.seeding.bulk import BATCH_SIZE, Loaded, Progress, create_synthetic, delete_synthetic
from hub.seeding.network import Network
from hub.seeding.source import Written, write_network
from hub.seeding.synthetic import Anchors, Plan, generate


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
    from the same seed, so seeding twice gives the same graph.
    """
    written = await write_network(driver, network, database)
    deleted = await delete_synthetic(driver, database, batch_size)
    if not organisations:
        return Seeded(written, deleted, None)
    items = generate(Anchors.of(network), Plan(organisations), random_seed)
    loaded = await create_synthetic(driver, database, items, batch_size=batch_size, progress=progress)
    return Seeded(written, deleted, loaded)
