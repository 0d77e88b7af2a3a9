"""One throwaway Neo4j per test run; each test gets a clean database."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from neo4j import AsyncDriver

from hub import logs
from hub.app import create_app
from hub.config import Settings, load_settings
from hub.database import migrations
from hub.database.driver import open_driver
from hub.database.local.server import LocalNeo4j, LocalNeo4jConfig
from hub.seeding.run import seed_graph
from hub.seeding.validation import read_network
from tests.redis_server import RedisServer

PASSWORD = "test-password-1234"
SYNTHETIC_ORGANISATIONS = 200
RANDOM_SEED = 42
_graph = {"seeded": False}
"""Whether the database holds exactly the seeded graph; every wipe clears it."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


SHARED_URI = "HUB_TEST_NEO4J_URI"
"""Set by a test that runs part of the suite in a child process: the child uses the parent's Neo4j."""


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The Bolt address of a real Neo4j for the whole run: the parent run's, or one of our own."""
    shared = os.environ.get(SHARED_URI)
    if shared:
        yield shared
        return
    server = start_neo4j(tmp_path_factory)
    yield server.uri
    server.stop()


def local_config(tmp_path_factory: pytest.TempPathFactory, name: str) -> LocalNeo4jConfig:
    """The settings of a throwaway local Neo4j: a temporary data folder `name`, a free port, a small cache."""
    return replace(
        LocalNeo4jConfig.from_settings(load_settings(_env_file=None)),
        home=tmp_path_factory.mktemp(name),
        port=free_port(),
        password=PASSWORD,
        pagecache="64m",
    )


def start_neo4j(tmp_path_factory: pytest.TempPathFactory) -> LocalNeo4j:
    """A real Neo4j with its own temporary data folder on a free port."""
    server = LocalNeo4j(local_config(tmp_path_factory, "neo4j"))
    server.start()
    return server


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A real Redis for the whole run, started on first use."""
    server = RedisServer(tmp_path_factory.mktemp("redis"), free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """The address of the run's Redis, emptied for the test (and started again if a test stopped it)."""
    if redis_server.process is None:
        redis_server.start()
    redis_server.flush()
    return redis_server.url


@pytest.fixture(scope="session")
def settings(neo4j_uri: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return load_settings(
        neo4j_uri=neo4j_uri,
        neo4j_password=PASSWORD,
        hub_home=tmp_path_factory.mktemp("hub"),
        hub_rate_limit_per_minute=0,
        hub_warm_up=False,  # tests/test_warm_up.py turns it on
        hub_auth_failures_per_minute=0,  # tests/test_edge.py turns it on
        _env_file=None,
    )


@pytest.fixture(scope="session")
async def driver(settings: Settings) -> AsyncIterator[AsyncDriver]:
    driver = open_driver(settings)
    yield driver
    await driver.close()


async def wipe(driver: AsyncDriver, *, schema: bool = False) -> None:
    """Delete every node; with `schema`, also every constraint, index and migration record."""
    _graph["seeded"] = False
    await driver.execute_query("MATCH (n) WHERE NOT n:__HubMigration DETACH DELETE n")
    if schema:
        await driver.execute_query("MATCH (m:__HubMigration) DELETE m")
        for kind, show in (
            ("CONSTRAINT", "SHOW CONSTRAINTS YIELD name"),
            ("INDEX", "SHOW INDEXES YIELD name, type, owningConstraint WHERE type <> 'LOOKUP'"),
        ):
            records, _, _ = await driver.execute_query(f"{show} RETURN name")
            for record in records:
                await driver.execute_query(f"DROP {kind} `{record['name']}` IF EXISTS")


@pytest.fixture
async def empty_db(driver: AsyncDriver) -> AsyncDriver:
    """A database with no data and no schema at all."""
    await wipe(driver, schema=True)
    return driver


@pytest.fixture
async def db(driver: AsyncDriver, settings: Settings) -> AsyncDriver:
    """A database with no data and every migration applied."""
    await wipe(driver)
    await migrations.apply(driver, settings.neo4j_database, settings.hub_schema_dir)
    return driver


@pytest.fixture
async def seeded(driver: AsyncDriver, settings: Settings) -> AsyncDriver:
    """The source network and a small synthetic layer, seeded once and kept until a test wipes the graph.

    Tests using it must not write.
    """
    if not _graph["seeded"]:
        await wipe(driver)
        await migrations.apply(driver, settings.neo4j_database, settings.hub_schema_dir)
        network = read_network(settings.hub_seeds_dir / "source")
        await seed_graph(
            driver,
            settings.neo4j_database,
            network,
            organisations=SYNTHETIC_ORGANISATIONS,
            random_seed=RANDOM_SEED,
        )
        _graph["seeded"] = True
    return driver


@pytest.fixture
async def client(settings: Settings, db: AsyncDriver) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to the app in-process, with its lifespan running."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
            yield http


@pytest.fixture
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


@pytest.fixture
def restored_logging(settings: Settings) -> Iterator[None]:
    """Puts the loggers `hub serve` configures (hub.logs.config) back as they were after the test."""
    kept = {name: logging.getLogger(name) for name in logs.config(settings)["loggers"]}
    state = {name: (lg.handlers[:], lg.level, lg.propagate) for name, lg in kept.items()}
    yield
    for name, (handlers, level, propagate) in state.items():
        kept[name].handlers[:] = handlers
        kept[name].setLevel(level)
        kept[name].propagate = propagate
