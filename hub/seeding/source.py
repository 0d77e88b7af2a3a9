"""Writing the validated source network: one write transaction of batched, idempotent MERGEs."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, LiteralString

from neo4j import AsyncDriver, AsyncManagedTransaction

from hub.model.registry import NODE_KINDS, RELATIONSHIP_KINDS
from hub.seeding import cypher
from hub.seeding.network import Network
from hub.seeding.values import properties


@dataclass(frozen=True)
class Written:
    """What a write changed in the graph (all zero when seeding again)."""

    nodes_created: int
    relationships_created: int
    relationships_deleted: int
    properties_set: int


def statements(network: Network) -> list[tuple[LiteralString, list[dict[str, Any]]]]:
    """The MERGE statements with their rows: nodes per label, then relationships per type."""
    nodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for node in network.nodes:
        props = properties(node.record, exclude=frozenset({"id", *node.kind.references}))
        nodes[node.kind.label].append({"id": node.record.id, "props": props})
    edges: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for edge in network.edges:
        edges[edge.kind.type].append({"start": edge.start, "end": edge.end, "props": properties(edge.record)})
    return [(cypher.merge_nodes(NODE_KINDS[label]), rows) for label, rows in nodes.items()] + [
        (cypher.merge_relationships(RELATIONSHIP_KINDS[type_]), rows) for type_, rows in edges.items()
    ]


async def write_network(driver: AsyncDriver, network: Network, database: str) -> Written:
    """MERGE the whole network in one write transaction; writing it again changes nothing."""

    async def work(tx: AsyncManagedTransaction) -> Written:
        totals = [0, 0, 0, 0]
        for query, rows in statements(network):
            counters = (await (await tx.run(query, rows=rows)).consume()).counters
            changes = (
                counters.nodes_created,
                counters.relationships_created,
                counters.relationships_deleted,
                counters.properties_set,
            )
            totals = [total + change for total, change in zip(totals, changes, strict=True)]
        return Written(*totals)

    async with driver.session(database=database) as session:
        return await session.execute_write(work)
