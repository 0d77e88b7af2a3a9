"""Logical backups: the whole graph as JSON lines, streamed out and in, portable across Neo4j 5.x.

A header line, then one line per node (`{"n": id, "l": labels, "p": properties}`), then one per relationship
(`{"r": type, "s": start id, "e": end id, "p": properties}`); ids are the nodes' element ids in the database
backed up. Dates and times are tagged (`{"$date": "2018-01-01"}`), so they come back as what they were. A
file ending in `.gz` is gzipped. Everything is in it: the model's nodes, the audit trail, API key hashes,
idempotency keys, the seed's ledger, the migration records.

A restore needs an empty database: it creates the schema of the migrations the backup records (from this
hub's `graph_schema/`), then the nodes, then the relationships, each in batches of their own transaction.
Labels and types come from the file, so they go into the statements as parameters (`$(…)`), never as text.
Memory stays flat on both sides, whatever the graph's size.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, LiteralString

import orjson
from neo4j import AsyncDriver
from neo4j.time import Date, DateTime

from hub import __version__
from hub.database import migrations

FORMAT = 1
BATCH = 10_000
RESTORING: LiteralString = "__HubRestoring"
"""The label (and property) a restored node carries until its relationships are restored."""
NODES: LiteralString = "MATCH (n) RETURN elementId(n) AS n, labels(n) AS l, properties(n) AS p"
RELATIONSHIPS: LiteralString = (
    "MATCH (a)-[r]->(b) RETURN type(r) AS r, elementId(a) AS s, elementId(b) AS e, properties(r) AS p"
)


class BackupError(Exception):
    """A backup cannot be written or restored; the message says why."""


@dataclass(frozen=True)
class Counts:
    nodes: int
    relationships: int


def _tagged(value: object) -> Any:
    if isinstance(value, DateTime):
        return {"$datetime" if value.tzinfo is not None else "$localdatetime": value.iso_format()}
    if isinstance(value, Date):
        return {"$date": value.iso_format()}
    if isinstance(value, bytes | bytearray):
        return {"$bytes": base64.b64encode(value).decode()}
    raise BackupError(f"cannot back up a property of type {type(value).__name__}")


def _untagged(value: Any) -> Any:
    if isinstance(value, list):
        return [_untagged(item) for item in value]
    if not isinstance(value, dict):
        return value
    ((tag, text),) = value.items()
    if tag == "$date":
        return Date.from_iso_format(text)
    if tag in ("$datetime", "$localdatetime"):
        return DateTime.from_iso_format(text)
    if tag == "$bytes":
        return base64.b64decode(text)
    raise BackupError(f"unknown value {tag!r} in the backup")


def _properties(raw: dict[str, Any]) -> dict[str, Any]:
    return {key: _untagged(value) for key, value in raw.items()}


def dumps(line: dict[str, Any]) -> bytes:
    return orjson.dumps(line, default=_tagged, option=orjson.OPT_SORT_KEYS) + b"\n"


@contextmanager
def _open(path: Path, mode: str) -> Iterator[IO[bytes]]:
    if path.suffix == ".gz":
        with gzip.open(path, mode) as zipped:
            yield zipped  # type: ignore[misc]
    else:
        with path.open(mode) as plain:
            yield plain


async def _stream(driver: AsyncDriver, database: str, query: LiteralString) -> AsyncIterator[dict[str, Any]]:
    """The rows of a read, as the driver fetches them (a page at a time, not all at once)."""
    async with driver.session(database=database, fetch_size=BATCH) as session:
        result = await session.run(query)
        async for record in result:
            yield record.data()


async def backup(driver: AsyncDriver, database: str, path: Path) -> Counts:
    """Write the whole graph to `path`."""
    records, _, _ = await driver.execute_query(
        "RETURN COUNT { () } AS nodes, COUNT { ()-->() } AS relationships", database_=database
    )
    total = records[0]
    nodes = relationships = 0
    with _open(path, "wb") as out:
        header = {"hub_backup": FORMAT, "hub": __version__, "nodes": total["nodes"]}
        out.write(dumps(header | {"relationships": total["relationships"]}))
        async for row in _stream(driver, database, NODES):
            out.write(dumps(row))
            nodes += 1
        async for row in _stream(driver, database, RELATIONSHIPS):
            out.write(dumps(row))
            relationships += 1
    return Counts(nodes, relationships)


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    with _open(path, "rb") as source:
        for line in source:
            yield orjson.loads(line)


def _batches(lines: Iterator[dict[str, Any]], key: str) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for line in lines:
        if key not in line:
            raise BackupError(f"a line without {key!r} where one was expected")
        batch.append({**line, "p": _properties(line["p"])})
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


async def restore(driver: AsyncDriver, database: str, path: Path, schema_dir: Path) -> Counts:
    """Restore a backup into an empty database; BackupError when it is not empty or the file is no backup."""
    records, _, _ = await driver.execute_query("RETURN COUNT { () } AS nodes", database_=database)
    if records[0]["nodes"]:
        raise BackupError(f"the database holds {records[0]['nodes']:,} nodes: restore needs an empty one")
    lines = _lines(path)
    header = next(lines, None)
    if not header or header.get("hub_backup") != FORMAT:
        raise BackupError(f"{path} is not a hub backup (format {FORMAT})")
    rows = [line for line in _lines(path) if "l" in line and migrations.LABEL in line["l"]]
    recorded = {line["p"]["version"] for line in rows}
    for migration in migrations.discover(schema_dir):
        if migration.version in recorded:
            for statement in migration.statements:
                await driver.execute_query(statement, database_=database)
    await driver.execute_query(
        f"CREATE INDEX hub_restoring IF NOT EXISTS FOR (n:{RESTORING}) ON (n.{RESTORING})", database_=database
    )
    await driver.execute_query("CALL db.awaitIndexes(300)", database_=database)
    nodes = relationships = 0
    node_lines = (line for line in _lines(path) if "l" in line)
    for batch in _batches(node_lines, "n"):
        await driver.execute_query(
            f"UNWIND $rows AS row CREATE (n:$(row.l)) SET n = row.p, n:{RESTORING}, n.{RESTORING} = row.n",
            rows=batch,
            database_=database,
        )
        nodes += len(batch)
    relationship_lines = (line for line in _lines(path) if "r" in line)
    for batch in _batches(relationship_lines, "r"):
        await driver.execute_query(
            f"UNWIND $rows AS row MATCH (a:{RESTORING} {{{RESTORING}: row.s}}) "
            f"MATCH (b:{RESTORING} {{{RESTORING}: row.e}}) CREATE (a)-[r:$(row.r)]->(b) SET r = row.p",
            rows=batch,
            database_=database,
        )
        relationships += len(batch)
    async with driver.session(database=database) as session:
        done = f"MATCH (n:{RESTORING}) CALL (n) {{ REMOVE n:{RESTORING}, n.{RESTORING} }} IN TRANSACTIONS"
        await (await session.run(done)).consume()
    await driver.execute_query("DROP INDEX hub_restoring IF EXISTS", database_=database)
    if (nodes, relationships) != (header["nodes"], header["relationships"]):
        raise BackupError(
            f"the backup promised {header['nodes']:,} nodes and {header['relationships']:,} relationships, "
            f"restored {nodes:,} and {relationships:,}: the file is incomplete"
        )
    return Counts(nodes, relationships)


async def checksum(driver: AsyncDriver, database: str) -> str:
    """A digest of the whole graph by content (labels, properties, relationships between them), the same
    for two databases holding the same graph whatever their element ids."""
    nodes: dict[str, str] = {}
    async for row in _stream(
        driver, database, "MATCH (n) RETURN elementId(n) AS n, labels(n) AS l, properties(n) AS p"
    ):
        nodes[row["n"]] = hashlib.sha256(dumps({"l": sorted(row["l"]), "p": row["p"]})).hexdigest()
    relationships: list[str] = []
    async for row in _stream(driver, database, RELATIONSHIPS):
        line = {"r": row["r"], "s": nodes[row["s"]], "e": nodes[row["e"]], "p": row["p"]}
        relationships.append(hashlib.sha256(dumps(line)).hexdigest())
    digest = hashlib.sha256()
    for part in (*sorted(nodes.values()), "|", *sorted(relationships)):
        digest.update(part.encode())
    return digest.hexdigest()
