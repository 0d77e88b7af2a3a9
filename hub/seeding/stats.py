"""Counts of the graph per node label and relationship type, and how many of them are synthetic."""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import AsyncDriver, AsyncManagedTransaction

from hub.model import ENTITY, NODE_KINDS, RELATIONSHIP_KINDS


@dataclass(frozen=True)
class Count:
    total: int
    synthetic: int


@dataclass(frozen=True)
class GraphStats:
    nodes: dict[str, Count]
    relationships: dict[str, Count]

    def totals(self) -> dict[str, Count]:
        """All nodes and all relationships together."""
        return {
            name: Count(sum(c.total for c in counts.values()), sum(c.synthetic for c in counts.values()))
            for name, counts in (("nodes", self.nodes), ("relationships", self.relationships))
        }

    def as_dict(self) -> dict[str, dict[str, dict[str, int]]]:
        def plain(counts: dict[str, Count]) -> dict[str, dict[str, int]]:
            return {name: {"total": c.total, "synthetic": c.synthetic} for name, c in counts.items()}

        return {
            "nodes": plain(self.nodes),
            "relationships": plain(self.relationships),
            "totals": plain(self.totals()),
        }


async def graph_stats(driver: AsyncDriver, database: str) -> GraphStats:
    """Count every node kind and relationship type of the registry (zero where there are none)."""

    async def count(tx: AsyncManagedTransaction) -> GraphStats:
        nodes, relationships = {}, {}
        for label in NODE_KINDS:
            nodes[label] = await _count(tx, f"MATCH (x:{label})")
        for type_ in RELATIONSHIP_KINDS:
            relationships[type_] = await _count(tx, f"MATCH ()-[x:{type_}]->()")
        return GraphStats(nodes, relationships)

    async with driver.session(database=database) as session:
        return await session.execute_read(count)


async def _count(tx: AsyncManagedTransaction, match: str) -> Count:
    result = await tx.run(
        f"{match} RETURN count(x) AS total, count(CASE WHEN x.synthetic THEN 1 END) AS synthetic"
    )
    record = await result.single(strict=True)
    return Count(record["total"], record["synthetic"])


async def is_empty(driver: AsyncDriver, database: str) -> bool:
    """Whether the graph holds no node of the model (migration bookkeeping does not count)."""
    records, _, _ = await driver.execute_query(f"MATCH (n:{ENTITY}) RETURN n.id LIMIT 1", database_=database)
    return not records
