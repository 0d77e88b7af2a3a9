"""Logical backups: the whole graph as JSON lines, streamed out and in, portable across Neo4j 5.x.

A header line, then one line per node (`{"n": id, "l": labels, "p": properties}`), then one per relationship
(`{"r": type, "s": start id, "e": end id, "p": properties}`), then a trailer with the counts written (a file
without it is incomplete); ids are the nodes' element ids in the database backed up.

Dates and times are tagged (`{"$date": "2018-01-01"}`), so they come back as what they were. A
file ending in `.gz` is gzipped. Everything is in it: the model's nodes, the audit trail, API key hashes,
idempotency keys, the seed's ledger, the migration records.

A restore needs an empty database and a complete file (both checked before anything is written): it creates
the nodes, then the relationships, each in batches of their own transaction, then the schema of the
migrations the backup records (from this hub's `graph_schema/`, which declares schema only).
Labels and types come from the file, so they go into the statements as parameters (`$(…)`), never as text.
Memory stays flat on both sides, whatever the graph's size.

The graph is read a page at a time, each page one record: the records of a range of internal ids, found by id
seeks (so every page costs its size, not the graph's), collected into one list. Row by row, the driver's
per-message work was most of a backup's time. Writes that run during a backup may or may not be in it (Neo4j
reads committed data); a relationship written meanwhile whose end is not in the file makes the restore fail
and say so.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
from collections.abc import AsyncIterator, Collection, Iterator
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
NODE_IDS: LiteralString = "MATCH (n) RETURN min(id(n)) AS first, max(id(n)) AS last"
RELATIONSHIP_IDS: LiteralString = "MATCH ()-[r]->() RETURN min(id(r)) AS first, max(id(r)) AS last"
NODE_PAGE: LiteralString = (
    "UNWIND range($first, $last) AS id MATCH (n) WHERE id(n) = id "
    "RETURN collect({n: elementId(n), l: labels(n), p: properties(n)}) AS rows"
)
RELATIONSHIP_PAGE: LiteralString = (
    "UNWIND range($first, $last) AS id MATCH (a)-[r]->(b) WHERE id(r) = id "
    "RETURN collect({r: type(r), s: elementId(a), e: elementId(b), p: properties(r)}) AS rows"
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


def properties(raw: dict[str, Any]) -> dict[str, Any]:
    """A line's properties (`p`) as the driver gives them: dates and times untagged."""
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


async def _pages(
    driver: AsyncDriver, database: str, bounds: LiteralString, page: LiteralString
) -> AsyncIterator[list[dict[str, Any]]]:
    """The rows of `page` over the internal ids `bounds` gives, BATCH ids at a time."""
    async with driver.session(database=database, notifications_min_severity="OFF") as session:
        first, last = await (await session.run(bounds)).single(strict=True)
        if first is None:
            return
        for start in range(first, last + 1, BATCH):
            result = await session.run(page, first=start, last=min(start + BATCH - 1, last))
            rows: list[dict[str, Any]] = (await result.single(strict=True))["rows"]
            yield rows


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
        async for rows in _pages(driver, database, NODE_IDS, NODE_PAGE):
            out.write(b"".join(dumps(row) for row in rows))
            nodes += len(rows)
        async for rows in _pages(driver, database, RELATIONSHIP_IDS, RELATIONSHIP_PAGE):
            out.write(b"".join(dumps(row) for row in rows))
            relationships += len(rows)
        out.write(dumps({"end": {"nodes": nodes, "relationships": relationships}}))
    return Counts(nodes, relationships)


def read_lines(path: Path) -> Iterator[dict[str, Any]]:
    """The lines of a backup file as they are written (values still tagged: see `properties`)."""
    try:
        with _open(path, "rb") as source:
            for line in source:
                yield orjson.loads(line)
    except (orjson.JSONDecodeError, EOFError, gzip.BadGzipFile) as error:
        raise BackupError(f"{path} is damaged: {error}") from error


def _batches(lines: Iterator[dict[str, Any]], key: str) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for line in lines:
        if key not in line:
            raise BackupError(f"a line without {key!r} where one was expected")
        batch.append({**line, "p": properties(line["p"])})
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass(frozen=True)
class _Survey:
    migrations: frozenset[int]
    """The migration versions the backed-up database had applied."""
    counts: Counts
    """What the trailer says was written."""


def _survey(path: Path) -> _Survey:
    """Read the whole file once before anything is written: a backup, complete, and which migrations."""
    lines = read_lines(path)
    header = next(lines, None)
    if not header or header.get("hub_backup") != FORMAT:
        raise BackupError(f"{path} is not a hub backup (format {FORMAT})")
    recorded: set[int] = set()
    end: dict[str, Any] | None = None
    for line in lines:
        if end is not None:
            raise BackupError(f"{path} has lines after its end")
        if "end" in line:
            end = line["end"]
        elif "l" in line and migrations.LABEL in line["l"]:
            recorded.add(line["p"]["version"])
    if end is None:
        raise BackupError(f"{path} is incomplete (no end line): the backup did not finish")
    return _Survey(frozenset(recorded), Counts(end["nodes"], end["relationships"]))


async def restore(driver: AsyncDriver, database: str, path: Path, schema_dir: Path) -> Counts:
    """Restore a backup into an empty database; BackupError when it is not empty or the file is no complete
    backup (checked before anything is written). The migrations' schema is created after the data, so its
    indexes are built once rather than kept up to date row by row."""
    records, _, _ = await driver.execute_query("RETURN COUNT { () } AS nodes", database_=database)
    if records[0]["nodes"]:
        raise BackupError(f"the database holds {records[0]['nodes']:,} nodes: restore needs an empty one")
    survey = _survey(path)
    await driver.execute_query(
        f"CREATE INDEX hub_restoring IF NOT EXISTS FOR (n:{RESTORING}) ON (n.{RESTORING})", database_=database
    )
    await driver.execute_query("CALL db.awaitIndexes(300)", database_=database)
    nodes = relationships = 0
    for batch in _batches((line for line in read_lines(path) if "l" in line), "n"):
        _, summary, _ = await driver.execute_query(
            f"UNWIND $rows AS row CREATE (n:$(row.l)) SET n = row.p, n:{RESTORING}, n.{RESTORING} = row.n",
            rows=batch,
            database_=database,
        )
        nodes += summary.counters.nodes_created
    for batch in _batches((line for line in read_lines(path) if "r" in line), "r"):
        _, summary, _ = await driver.execute_query(
            f"UNWIND $rows AS row MATCH (a:{RESTORING} {{{RESTORING}: row.s}}) "
            f"MATCH (b:{RESTORING} {{{RESTORING}: row.e}}) CREATE (a)-[r:$(row.r)]->(b) SET r = row.p",
            rows=batch,
            database_=database,
        )
        relationships += summary.counters.relationships_created
    async with driver.session(database=database) as session:
        done = f"MATCH (n:{RESTORING}) CALL (n) {{ REMOVE n:{RESTORING}, n.{RESTORING} }} IN TRANSACTIONS"
        await (await session.run(done)).consume()
    await driver.execute_query("DROP INDEX hub_restoring IF EXISTS", database_=database)
    await create_schema(driver, database, schema_dir, survey.migrations)
    restored = Counts(nodes, relationships)
    if restored != survey.counts:
        raise BackupError(
            f"the backup holds {survey.counts.nodes:,} nodes and {survey.counts.relationships:,} "
            f"relationships, restored {nodes:,} and {relationships:,}: a relationship's end is missing from "
            "the file (written while the backup ran?); empty the database before restoring another backup"
        )
    return restored


INDEX = re.compile(r"\s*(?:CREATE\s+(?:[A-Z]+\s+)?|DROP\s+)INDEX\b", re.IGNORECASE)
"""A statement that creates or drops an index (not a constraint): a population runs in the background."""


async def create_schema(
    driver: AsyncDriver, database: str, schema_dir: Path, versions: Collection[int]
) -> None:
    """Create the schema of the migrations `versions` from `schema_dir` over the data already there, and wait
    (up to an hour) until its indexes are online. The indexes are created (and dropped, where a later
    migration replaces one) first, in migration order, so that they populate in the background while the
    constraints (each created and checked in turn) are: at 1M nodes, 26 s instead of 28."""
    statements = [
        statement
        for migration in migrations.discover(schema_dir)
        if migration.version in versions
        for statement in migration.statements
    ]
    for statement in statements:
        if INDEX.match(statement):
            await driver.execute_query(statement, database_=database)
    for statement in statements:
        if not INDEX.match(statement):
            await driver.execute_query(statement, database_=database)
    await driver.execute_query("CALL db.awaitIndexes(3600)", database_=database)


async def checksum(driver: AsyncDriver, database: str) -> str:
    """A digest of the whole graph by content (labels, properties, relationships between them), the same
    for two databases holding the same graph whatever their element ids. The parts' digests are summed, so
    their order does not matter and only one digest per node is held."""
    nodes: dict[str, bytes] = {}
    total = 0
    async for rows in _pages(driver, database, NODE_IDS, NODE_PAGE):
        for row in rows:
            digest = hashlib.sha256(dumps({"l": sorted(row["l"]), "p": row["p"]})).digest()
            nodes[row["n"]] = digest
            total += int.from_bytes(digest)
    async for rows in _pages(driver, database, RELATIONSHIP_IDS, RELATIONSHIP_PAGE):
        for row in rows:
            line = {"r": row["r"], "s": nodes[row["s"]].hex(), "e": nodes[row["e"]].hex(), "p": row["p"]}
            total += int.from_bytes(hashlib.sha256(b"r" + dumps(line)).digest())
    return f"{total % 2**256:064x}-{len(nodes)}"
