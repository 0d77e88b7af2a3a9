"""`hub backup` and `hub restore`: the whole graph out and into an empty database, identical by checksum."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from neo4j import AsyncDriver
from typer.testing import CliRunner

from hub.auth import keys
from hub.auth.roles import Role
from hub.cli.main import app
from hub.config import Settings
from hub.database.backup import BackupError, backup, checksum, restore
from tests.conftest import PASSWORD, wipe
from tests.test_mutations_helpers import EDITOR, done, gid

RENAME = """mutation($id: ID!) {
  updateSchool(id: $id, expectedVersion: 0, input: {name: "Renamed"}) { version } }"""


@pytest.mark.parametrize("name", ["graph.jsonl", "graph.jsonl.gz"])
async def test_a_restore_into_an_empty_database_gives_the_same_graph(
    seeded: AsyncDriver, settings: Settings, tmp_path: Path, name: str
) -> None:
    await done(seeded, settings, EDITOR, RENAME, {"id": gid("School", "roc-van-twente")})
    await keys.create_key(seeded, settings.neo4j_database, role=Role.PARTNER, org="roc-van-twente", name="p")
    before = await checksum(seeded, settings.neo4j_database)
    written = await backup(seeded, settings.neo4j_database, tmp_path / name)
    await wipe(seeded, schema=True)
    restored = await restore(seeded, settings.neo4j_database, tmp_path / name, settings.hub_schema_dir)
    assert restored == written and written.nodes > 500
    assert await checksum(seeded, settings.neo4j_database) == before
    records, _, _ = await seeded.execute_query("SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names")
    assert {"entity_id", "hub_audit_id", "hub_api_key_hash", "hub_seed_key"} <= set(records[0]["names"])
    records, _, _ = await seeded.execute_query("SHOW INDEXES YIELD name RETURN collect(name) AS names")
    assert "hub_restoring" not in records[0]["names"] and "entity_text" in records[0]["names"]
    await wipe(seeded, schema=True)


async def test_restore_refuses_a_database_that_is_not_empty(
    db: AsyncDriver, settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "graph.jsonl"
    await backup(db, settings.neo4j_database, path)
    with pytest.raises(BackupError, match="restore needs an empty one"):
        await restore(db, settings.neo4j_database, path, settings.hub_schema_dir)
    (tmp_path / "other.jsonl").write_text('{"something": "else"}\n')
    await wipe(db, schema=True)
    with pytest.raises(BackupError, match="is not a hub backup"):
        await restore(db, settings.neo4j_database, tmp_path / "other.jsonl", settings.hub_schema_dir)


def test_the_commands_say_what_they_did_in_one_line(
    db: AsyncDriver, settings: Settings, tmp_path: Path
) -> None:
    environment = {"NEO4J_URI": settings.neo4j_uri or "", "NEO4J_PASSWORD": PASSWORD}
    runner = CliRunner()
    written = runner.invoke(app, ["backup", str(tmp_path / "graph.jsonl")], env=environment)
    assert written.exit_code == 0 and "nodes and" in written.output, written.output
    refused = runner.invoke(app, ["restore", str(tmp_path / "graph.jsonl")], env=environment)
    assert refused.exit_code == 1
    assert "restore failed: the database holds" in refused.output and "Traceback" not in refused.output


async def test_an_incomplete_or_damaged_file_is_refused_before_anything_is_written(
    db: AsyncDriver, settings: Settings, tmp_path: Path
) -> None:
    whole = tmp_path / "graph.jsonl"
    written = await backup(db, settings.neo4j_database, whole)
    lines = whole.read_bytes().splitlines(keepends=True)
    assert b'"end"' in lines[-1] and written.nodes > 0
    await wipe(db, schema=True)
    cut = tmp_path / "cut.jsonl"
    cut.write_bytes(b"".join(lines[: len(lines) // 2]))
    with pytest.raises(BackupError, match="incomplete"):
        await restore(db, settings.neo4j_database, cut, settings.hub_schema_dir)
    damaged = tmp_path / "damaged.jsonl.gz"
    damaged.write_bytes(gzip.compress(b"".join(lines))[:-100])
    with pytest.raises(BackupError, match="damaged"):
        await restore(db, settings.neo4j_database, damaged, settings.hub_schema_dir)
    records, _, _ = await db.execute_query("RETURN COUNT { () } AS nodes")
    assert records[0]["nodes"] == 0
