"""Secondary indexes held off during a bulk load and built again after it, in one pass over the data.

Every node written updates each index on its labels; for a large load it is cheaper to drop the range and
full-text indexes that back no constraint (the uniqueness constraints stay: relationship rows find their
ends through them) and to build them once at the end. The exact statements that created them are read
from the server and kept in the graph until the indexes are back, so an interrupted load is repaired by
the next `restore` (every seed calls it first).
"""

from __future__ import annotations

from typing import LiteralString

from neo4j import AsyncDriver

HELD: LiteralString = "HubHeldIndex"
"""The label of the nodes that keep a held index's name and create statement."""

AWAIT_SECONDS = 1800
"""How long `restore` waits for rebuilt indexes to come online."""

_SECONDARY: LiteralString = (
    "SHOW INDEXES YIELD name, type, owningConstraint, createStatement"
    " WHERE owningConstraint IS NULL AND type IN ['RANGE', 'FULLTEXT', 'TEXT', 'POINT']"
    " RETURN name, createStatement ORDER BY name"
)


async def hold(driver: AsyncDriver, database: str) -> list[str]:
    """Record, then drop, every secondary index; the names of those dropped."""
    records, _, _ = await driver.execute_query(_SECONDARY, database_=database)
    held = [{"name": record["name"], "statement": record["createStatement"]} for record in records]
    await driver.execute_query(
        f"UNWIND $held AS index MERGE (h:{HELD} {{name: index.name}}) SET h.statement = index.statement",
        held=held,
        database_=database,
    )
    for index in held:
        await driver.execute_query(_drop(index["name"]), database_=database)
    return [index["name"] for index in held]


async def restore(driver: AsyncDriver, database: str) -> list[str]:
    """Create every held index that is missing, wait until all are online, forget them; their names."""
    records, _, _ = await driver.execute_query(
        f"MATCH (h:{HELD}) RETURN h.name AS name, h.statement AS statement ORDER BY name", database_=database
    )
    if not records:
        return []
    existing, _, _ = await driver.execute_query("SHOW INDEXES YIELD name RETURN name", database_=database)
    present = {record["name"] for record in existing}
    for record in records:
        if record["name"] not in present:
            # The statement is the server's own SHOW INDEXES text for an index it had.
            await driver.execute_query(record["statement"], database_=database)
    await driver.execute_query("CALL db.awaitIndexes($seconds)", seconds=AWAIT_SECONDS, database_=database)
    await driver.execute_query(f"MATCH (h:{HELD}) DELETE h", database_=database)
    return [record["name"] for record in records]


def _drop(name: str) -> LiteralString:
    """`DROP INDEX` for a name the server listed (quoted; backticks doubled)."""
    quoted = name.replace("`", "``")
    return f"DROP INDEX `{quoted}` IF EXISTS"
