"""Bulk loads hold the secondary indexes off and build them again; an interrupted load is repaired."""

from __future__ import annotations

from neo4j import AsyncDriver

from hub.config import Settings
from hub.seeding import indexes
from hub.seeding.run import seed_graph
from hub.seeding.validation import read_network

SHOW = "SHOW INDEXES YIELD name, type, state, createStatement WHERE type <> 'LOOKUP' RETURN *"


async def _indexes(driver: AsyncDriver) -> dict[str, tuple[str, str]]:
    records, _, _ = await driver.execute_query(SHOW)
    return {record["name"]: (record["createStatement"], record["state"]) for record in records}


async def test_held_indexes_come_back_exactly_as_the_migrations_made_them(db: AsyncDriver) -> None:
    before = await _indexes(db)
    try:
        held = await indexes.hold(db, "neo4j")
        assert {"entity_name", "entity_text"} <= set(held)
        during = await _indexes(db)
        assert not set(held) & set(during)
        assert {name for name in before if name not in held} == set(during)  # constraints' indexes stay
    finally:
        restored = await indexes.restore(db, "neo4j")
    assert restored == held
    after = await _indexes(db)
    assert {name: statement for name, (statement, _) in after.items()} == {
        name: statement for name, (statement, _) in before.items()
    }
    assert {state for _, state in after.values()} == {"ONLINE"}
    assert await indexes.restore(db, "neo4j") == []


async def test_a_seed_repairs_what_an_interrupted_load_held(db: AsyncDriver, settings: Settings) -> None:
    before = await _indexes(db)
    await indexes.hold(db, "neo4j")  # as if the load had died here
    network = read_network(settings.hub_seeds_dir / "source")
    await seed_graph(db, "neo4j", network, organisations=0, random_seed=1)
    assert set(await _indexes(db)) == set(before)
    held, _, _ = await db.execute_query(f"MATCH (h:{indexes.HELD}) RETURN count(h) AS n")
    assert held[0]["n"] == 0
