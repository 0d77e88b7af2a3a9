"""Benchmark graphs: the source network plus a synthetic layer of a given size, each in its own local
Neo4j home under .hub/bench/<size>, built once (with Neo4j's admin tool: the database is new) and reused
(a marker file records the build)."""

from __future__ import annotations

import asyncio
import json
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hub.config import Settings, load_settings
from hub.database import migrations
from hub.database.driver import open_driver
from hub.database.local.config import LocalNeo4jConfig
from hub.database.local.server import LocalNeo4j
from hub.seeding.bulk import Loaded
from hub.seeding.offline import OfflineSeedError, seed_offline
from hub.seeding.run import seed_graph
from hub.seeding.synthetic import Plan
from hub.seeding.validation import read_network

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-password-1234"
RANDOM_SEED = 42


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def server(home: Path) -> LocalNeo4j:
    """A local Neo4j in `home` on a free port, sized as the benchmarks need."""
    config = LocalNeo4jConfig.from_settings(load_settings(_env_file=None))
    return LocalNeo4j(
        type(config)(
            **{
                **config.__dict__,
                "home": home,
                "port": free_port(),
                "password": PASSWORD,
                "heap": "2g",
                "pagecache": "1g",
            }
        )
    )


def settings_for(neo4j: LocalNeo4j) -> Settings:
    """Settings that reach `neo4j` without rate limits."""
    return load_settings(
        neo4j_uri=neo4j.uri,
        neo4j_password=PASSWORD,
        hub_home=neo4j.config.home,
        hub_rate_limit_per_minute=0,
        _env_file=None,
    )


def home_of(size: int) -> Path:
    return ROOT / ".hub" / "bench" / str(size)


@contextmanager
def running(size: int) -> Iterator[tuple[Settings, dict[str, Any]]]:
    """A running Neo4j holding the graph of `size` synthetic nodes, and how its build went."""
    home = home_of(size)
    home.mkdir(parents=True, exist_ok=True)
    neo4j = server(home)
    neo4j.start()
    try:
        yield settings_for(neo4j), build(neo4j, home / "built.json", size)
    finally:
        neo4j.stop()


def figures(loaded: Loaded) -> dict[str, Any]:
    return {
        "nodes": loaded.nodes,
        "relationships": loaded.relationships,
        "seconds": loaded.seconds,
        "rate": loaded.rate,
        "steps": {step: round(seconds, 1) for step, seconds in loaded.steps.items()},
    }


async def seed(neo4j: LocalNeo4j, size: int, *, offline: bool = True) -> tuple[str, Loaded]:
    """Seed the graph of `size` synthetic nodes into the running `neo4j`: with the admin tool when `offline`
    and its database is empty (`hub.seeding.offline`), else transactionally (migrations applied first).
    Which of the two loaded ("import" or "transactional"), and the synthetic layer's load."""
    settings = settings_for(neo4j)
    network = read_network(settings.hub_seeds_dir / "source")
    organisations = Plan.for_nodes(size).organisations
    if offline:
        try:
            seeded = await seed_offline(
                neo4j, settings, network, organisations=organisations, random_seed=RANDOM_SEED
            )
        except OfflineSeedError as error:
            print(f"seeding transactionally: {error}", file=sys.stderr)
        else:
            assert seeded.synthetic is not None
            return "import", seeded.synthetic
    driver = open_driver(settings)
    try:
        await migrations.apply(driver, settings.neo4j_database, settings.hub_schema_dir)
        seeded = await seed_graph(
            driver, settings.neo4j_database, network, organisations=organisations, random_seed=RANDOM_SEED
        )
    finally:
        await driver.close()
    assert seeded.synthetic is not None
    return "transactional", seeded.synthetic


def build(neo4j: LocalNeo4j, marker: Path, size: int) -> dict[str, Any]:
    """Seed the graph unless the marker says it was; the marker keeps the load figures: those of the loader
    used ("loader"), and under "import" the admin tool's when it loaded."""
    if marker.exists():
        built: dict[str, Any] = json.loads(marker.read_text())
        return built
    loader, loaded = asyncio.run(seed(neo4j, size))
    built = {"size": size, "loader": loader, **figures(loaded)}
    if loader == "import":
        built["import"] = figures(loaded)
    marker.write_text(json.dumps(built))
    return built
