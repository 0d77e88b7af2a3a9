"""Versioned Cypher migrations (`V001__name.cypher`), applied in order and recorded with a checksum.

Neo4j builds an index in the background; `apply` returns once every index is online, so whatever runs next
(a seed, a search) finds them ready.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from neo4j import AsyncDriver

FILE_NAME = re.compile(r"^V(?P<version>\d+)__(?P<name>\w+)\.cypher$")
LABEL = "__HubMigration"
AWAIT_SECONDS = 1800
"""How long `apply` waits for the indexes its migrations made to come online."""


class MigrationError(Exception):
    """A migration cannot be applied; the message says which and why."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path
    checksum: str

    @property
    def statements(self) -> list[str]:
        """The file's statements: `;`-terminated, `//` comment lines dropped."""
        lines = [line for line in self.path.read_text().splitlines() if not line.strip().startswith("//")]
        return [part.strip() for part in "\n".join(lines).split(";") if part.strip()]


def discover(folder: Path) -> list[Migration]:
    """The migrations in a folder, ordered by version; other `.cypher` names are an error."""
    found: dict[int, Migration] = {}
    for path in sorted(folder.glob("*.cypher")):
        match = FILE_NAME.match(path.name)
        if not match:
            raise MigrationError(f"{path.name}: name must look like V001__description.cypher")
        version = int(match["version"])
        if version in found:
            raise MigrationError(f"{path.name}: version {version} is taken by {found[version].path.name}")
        checksum = hashlib.sha256(path.read_bytes()).hexdigest()
        found[version] = Migration(version, match["name"], path, checksum)
    return [found[version] for version in sorted(found)]


async def applied(driver: AsyncDriver, database: str) -> dict[int, str]:
    """The applied versions and their checksums."""
    records, _, _ = await driver.execute_query(
        f"MATCH (m:{LABEL}) RETURN m.version AS version, m.checksum AS checksum", database_=database
    )
    return {record["version"]: record["checksum"] for record in records}


async def pending(driver: AsyncDriver, database: str, folder: Path) -> list[Migration]:
    """The migrations still to apply; raises MigrationError when the applied ones were edited or reordered."""
    done = await applied(driver, database)
    todo: list[Migration] = []
    for migration in discover(folder):
        checksum = done.get(migration.version)
        if checksum is None:
            todo.append(migration)
        elif checksum != migration.checksum:
            raise MigrationError(
                f"{migration.path.name} was edited after it was applied (checksum differs); "
                "add a new migration instead"
            )
    if todo and done and todo[0].version < max(done):
        raise MigrationError(f"{todo[0].path.name} is older than the applied version {max(done)}")
    return todo


async def apply(driver: AsyncDriver, database: str, folder: Path) -> list[Migration]:
    """Apply the pending migrations in order and wait for their indexes; returns what was applied (empty
    when up to date)."""
    todo = await pending(driver, database, folder)
    for migration in todo:
        for statement in migration.statements:
            await driver.execute_query(statement, database_=database)
        await driver.execute_query(
            f"MERGE (m:{LABEL} {{version: $version}}) "
            "SET m.name = $name, m.checksum = $checksum, m.appliedAt = datetime()",
            version=migration.version,
            name=migration.name,
            checksum=migration.checksum,
            database_=database,
        )
    if todo:
        await driver.execute_query(
            "CALL db.awaitIndexes($seconds)", seconds=AWAIT_SECONDS, database_=database
        )
    return todo
