"""Migrations: applied in order, recorded with a checksum, idempotent, and edits refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from neo4j import AsyncDriver

from hub.config import Settings
from hub.database import migrations
from hub.model import ENTITY, NODE_KINDS


async def constraint_names(driver: AsyncDriver) -> set[str]:
    records, _, _ = await driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN name")
    return {record["name"] for record in records}


async def test_applies_in_order_and_records_checksums(empty_db: AsyncDriver, settings: Settings) -> None:
    done = await migrations.apply(empty_db, settings.neo4j_database, settings.hub_schema_dir)
    assert [m.version for m in done] == sorted(m.version for m in done)
    assert [m.version for m in done] == [m.version for m in migrations.discover(settings.hub_schema_dir)]
    recorded = await migrations.applied(empty_db, settings.neo4j_database)
    assert recorded == {m.version: m.checksum for m in done}
    assert {"entity_id", "school_id", "funding_flow_id"} <= await constraint_names(empty_db)


async def test_second_run_is_a_no_op(empty_db: AsyncDriver, settings: Settings) -> None:
    await migrations.apply(empty_db, settings.neo4j_database, settings.hub_schema_dir)
    before = await constraint_names(empty_db)
    assert await migrations.apply(empty_db, settings.neo4j_database, settings.hub_schema_dir) == []
    assert await constraint_names(empty_db) == before


async def test_edited_applied_migration_is_refused(
    empty_db: AsyncDriver, settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "graph_schema"
    shutil.copytree(settings.hub_schema_dir, folder)
    await migrations.apply(empty_db, settings.neo4j_database, folder)
    first = migrations.discover(folder)[0].path
    first.write_text(first.read_text() + "\n// edited\n")
    with pytest.raises(migrations.MigrationError, match="edited after it was applied"):
        await migrations.apply(empty_db, settings.neo4j_database, folder)


async def test_a_migration_older_than_the_applied_ones_is_refused(
    empty_db: AsyncDriver, settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "graph_schema"
    shutil.copytree(settings.hub_schema_dir, folder)
    (folder / "V000__late.cypher").write_text("RETURN 1;\n")
    (folder / "V000__late.cypher").rename(folder / "V000__late.cypher.off")
    await migrations.apply(empty_db, settings.neo4j_database, folder)
    (folder / "V000__late.cypher.off").rename(folder / "V000__late.cypher")
    with pytest.raises(migrations.MigrationError, match="older than the applied version"):
        await migrations.pending(empty_db, settings.neo4j_database, folder)


def test_badly_named_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "constraints.cypher").write_text("RETURN 1;")
    with pytest.raises(migrations.MigrationError, match="V001__description"):
        migrations.discover(tmp_path)


def test_every_kind_has_a_unique_id_constraint(settings: Settings) -> None:
    """The migrations cannot drift from the model: one uniqueness constraint per declared label."""
    text = "\n".join(m.path.read_text() for m in migrations.discover(settings.hub_schema_dir))
    for label in (*NODE_KINDS, ENTITY):
        assert f"FOR (n:{label}) REQUIRE n.id IS UNIQUE" in text, label


async def test_full_text_index_folds_accents_and_is_online_once_applied(
    empty_db: AsyncDriver, settings: Settings
) -> None:
    await migrations.apply(empty_db, settings.neo4j_database, settings.hub_schema_dir)
    records, _, _ = await empty_db.execute_query(
        "SHOW INDEXES YIELD name, state, options WHERE name = 'entity_text' RETURN state, options"
    )
    (index,) = records
    assert index["state"] == "ONLINE"
    assert index["options"]["indexConfig"]["fulltext.analyzer"] == "standard-folding"
