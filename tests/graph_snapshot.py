"""A comparable picture of the whole graph, to show that an operation changed nothing."""

from __future__ import annotations

from neo4j import AsyncDriver

from hub.model import ENTITY

Snapshot = tuple[list[str], list[str]]


async def snapshot(driver: AsyncDriver) -> Snapshot:
    """Every node (labels, properties) and relationship (ends, type, properties), sorted."""
    nodes, _, _ = await driver.execute_query(
        f"MATCH (n:{ENTITY}) RETURN labels(n) AS labels, properties(n) AS props"
    )
    relationships, _, _ = await driver.execute_query(
        f"MATCH (a:{ENTITY})-[r]->(b:{ENTITY})"
        " RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props"
    )
    return (
        sorted(repr((sorted(n["labels"]), sorted(n["props"].items()))) for n in nodes),
        sorted(repr((r["a"], r["type"], r["b"], sorted(r["props"].items()))) for r in relationships),
    )
