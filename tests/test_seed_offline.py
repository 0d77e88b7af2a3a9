"""Seeding offline with the admin tool: the graph and schema `seed_graph` gives, on an empty database only."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncDriver
from neo4j.time import Date, DateTime
from typer.testing import CliRunner

from hub.cli.main import app
from hub.config import Settings, load_settings
from hub.database import backup
from hub.database.backup import Counts, checksum
from hub.database.driver import open_driver
from hub.database.local.server import LocalNeo4j, LocalNeo4jConfig
from hub.database.local.toolchain import cached_classpath
from hub.seeding.bulk import delete_synthetic
from hub.seeding.offline import OfflineSeedError, seed_offline
from hub.seeding.run import seed_graph
from hub.seeding.source import Written, write_network
from hub.seeding.synthetic import Plan
from hub.seeding.validation import read_network
from tests.conftest import PASSWORD, RANDOM_SEED, SYNTHETIC_ORGANISATIONS, local_config, wipe

SCHEMA = {
    "indexes": "SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, owningConstraint "
    "RETURN [name, type, entityType, labelsOrTypes, properties, owningConstraint] AS row",
    "constraints": "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties "
    "RETURN [name, type, labelsOrTypes, properties] AS row",
}
"""What the migrations' schema is, compared as text."""

PROBE = "MATCH (e:Entity {id: $entity}) CREATE (:OfflineProbe $props)-[:PROBES $props]->(e)"
"""A node that is no entity, and a relationship from it to one, with values of every type the tool writes."""
PROBED = {
    "text": 'a, "quoted"\nmulti-line\r\ntext, financiën',
    "empty": "",
    "texts": ["a,b", "", 'c"d'],
    "numbers": [1, -2, 2**62],
    "ratios": [0.1, 2.0],
    "flags": [True, False],
    "number": -(2**62),
    "ratio": 1e-300,
    "flag": False,
    "day": Date(2024, 2, 29),
    "local": DateTime(2024, 2, 29, 23, 59, 59, 123456789),
    "zoned": DateTime(2024, 2, 29, 23, 59, 59, 1, tzinfo=dt.timezone(dt.timedelta(hours=2))),
}


@pytest.fixture(scope="module")
def neo4j(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4j]:
    """A Neo4j of its own (seeding offline stops and starts it), with Neo4j's jars as the hub's resolved them
    (when it did: Maven takes seconds)."""
    config = local_config(tmp_path_factory, "offline")
    resolved = cached_classpath(LocalNeo4jConfig.from_settings(load_settings(_env_file=None)))
    if resolved is not None:
        config.classpath_file.parent.mkdir(parents=True)
        config.classpath_file.write_text(resolved)
    server = LocalNeo4j(config)
    server.start()
    yield server
    server.stop()


def settings_for(neo4j: LocalNeo4j) -> Settings:
    return load_settings(
        neo4j_uri=neo4j.uri,
        neo4j_password=PASSWORD,
        hub_home=neo4j.config.home,
        hub_rate_limit_per_minute=0,
        _env_file=None,
    )


async def schema(driver: AsyncDriver, database: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for key, query in SCHEMA.items():
        records, _, _ = await driver.execute_query(query, database_=database)
        found[key] = sorted(str(record["row"]) for record in records)
    return found


async def test_an_offline_seed_gives_the_graph_of_a_transactional_one_and_refuses_data(
    neo4j: LocalNeo4j, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = settings_for(neo4j)
    database = settings.neo4j_database
    network = read_network(settings.hub_seeds_dir / "source")
    before: dict[str, Any] = {}
    real_backup = backup.backup

    async def backup_seen(driver: AsyncDriver, database: str, path: Path) -> Counts:
        """Settle the ledger and add a probe, then keep the graph's checksum and schema as they are before
        the import."""
        # Seeding again records the ledger entries of the references' relationships, which the first seed does
        # not (seed_graph's own way): recorded now, the transactional seed below writes nothing.
        await write_network(driver, network, database)
        await driver.execute_query(PROBE, props=PROBED, entity=network.nodes[0].record.id, database_=database)
        before.update(checksum=await checksum(driver, database), schema=await schema(driver, database))
        return await real_backup(driver, database, path)

    monkeypatch.setattr(backup, "backup", backup_seen)
    seeded = await seed_offline(
        neo4j, settings, network, organisations=SYNTHETIC_ORGANISATIONS, random_seed=RANDOM_SEED
    )
    monkeypatch.undo()
    plan = Plan(SYNTHETIC_ORGANISATIONS)
    assert seeded.synthetic is not None and seeded.synthetic.nodes == plan.nodes
    assert seeded.synthetic.relationships > 2 * plan.nodes and seeded.source.nodes_created == len(
        network.nodes
    )

    async with open_driver(settings) as driver:
        loaded = await checksum(driver, database)
        assert await schema(driver, database) == before["schema"]

        with pytest.raises(OfflineSeedError, match="needs an empty one"):
            await seed_offline(neo4j, settings, network, organisations=1, random_seed=RANDOM_SEED)
        assert neo4j.status().running and await checksum(driver, database) == loaded

        again = await seed_graph(
            driver, database, network, organisations=SYNTHETIC_ORGANISATIONS, random_seed=RANDOM_SEED
        )
        assert again.source == Written() and again.synthetic is not None  # the seed finds its own values
        assert again.synthetic_deleted == plan.nodes and not again.synthetic_kept
        assert (again.synthetic.nodes, again.synthetic.relationships) == (
            seeded.synthetic.nodes,
            seeded.synthetic.relationships,
        )
        assert await checksum(driver, database) == loaded  # the synthetic layer, as seed_graph writes it

        await delete_synthetic(driver, database)
        assert await checksum(driver, database) == before["checksum"]  # the source layer, as it was written


def test_hub_seed_offline_fills_the_empty_local_database_and_says_so(neo4j: LocalNeo4j) -> None:
    settings = settings_for(neo4j)

    async def emptied() -> None:
        async with open_driver(settings) as driver:
            await wipe(driver)

    asyncio.run(emptied())
    environment = {
        "NEO4J_URI": None,
        "HUB_HOME": str(neo4j.config.home),
        "HUB_NEO4J_PORT": str(neo4j.config.port),
        "NEO4J_PASSWORD": PASSWORD,
    }
    runner = CliRunner()
    command = ["seed", "--offline", "--synthetic", str(SYNTHETIC_ORGANISATIONS)]
    seeded = runner.invoke(app, command, env=environment)
    nodes = Plan(SYNTHETIC_ORGANISATIONS).nodes
    assert seeded.exit_code == 0, seeded.output
    assert f"synthetic layer: {nodes:,} nodes and" in seeded.output and "; schema " in seeded.output

    refused = runner.invoke(app, command, env=environment)
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "seeding offline needs an empty one; seed without --offline" in refused.output
