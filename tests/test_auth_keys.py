"""API keys in the graph: stored as a hash, listed without secrets, revoked idempotently; and the CLI."""

from __future__ import annotations

import pytest
from neo4j import AsyncDriver
from typer.testing import CliRunner

from hub.auth import keys
from hub.auth.cache import TtlCache
from hub.auth.roles import Role
from hub.cli.main import app
from hub.config import Settings


async def add_organisation(driver: AsyncDriver, org_id: str) -> None:
    await driver.execute_query("CREATE (:Company:Organisation:Entity {id: $id, name: $id})", id=org_id)


async def test_only_the_hash_is_stored(db: AsyncDriver, settings: Settings) -> None:
    key, secret = await keys.create_key(db, settings.neo4j_database, role=Role.ANALYST, org=None, name="ci")
    assert secret.startswith("hub_") and len(secret) > 40
    records, _, _ = await db.execute_query("MATCH (k:__HubApiKey) RETURN properties(k) AS k")
    [stored] = [record["k"] for record in records]
    assert stored["hash"] == keys.digest(secret)
    assert secret not in str(stored)
    assert set(stored) == {"id", "name", "role", "hash", "createdAt"}
    assert await keys.find_key(db, settings.neo4j_database, keys.digest(secret), 5) == key


async def test_keys_are_unique_by_id_and_hash(db: AsyncDriver) -> None:
    records, _, _ = await db.execute_query(
        "SHOW CONSTRAINTS YIELD labelsOrTypes, properties WHERE '__HubApiKey' IN labelsOrTypes "
        "RETURN properties"
    )
    assert sorted(record["properties"] for record in records) == [["hash"], ["id"]]


async def test_partner_keys_name_an_existing_organisation(db: AsyncDriver, settings: Settings) -> None:
    with pytest.raises(keys.ApiKeyError, match="no organisation with id 'org-x'"):
        await keys.create_key(db, settings.neo4j_database, role=Role.PARTNER, org="org-x", name="")
    await add_organisation(db, "org-x")
    key, _ = await keys.create_key(db, settings.neo4j_database, role=Role.PARTNER, org="org-x", name="")
    assert (key.role, key.org) == (Role.PARTNER, "org-x")


async def test_revoke_is_idempotent(db: AsyncDriver, settings: Settings) -> None:
    key, _ = await keys.create_key(db, settings.neo4j_database, role=Role.EDITOR, org=None, name="")
    first = await keys.revoke_key(db, settings.neo4j_database, key.id)
    again = await keys.revoke_key(db, settings.neo4j_database, key.id)
    assert first.revoked and again.revoked_at == first.revoked_at
    with pytest.raises(keys.ApiKeyError, match="no API key with id 'nope'"):
        await keys.revoke_key(db, settings.neo4j_database, "nope")


def test_ttl_cache_expires_and_is_bounded() -> None:
    now = [0.0]
    cache: TtlCache[str, int | None] = TtlCache(30, max_entries=2, clock=lambda: now[0])
    cache.put("a", None)
    cache.put("b", 2)
    assert cache.get("a") == (True, None)
    cache.put("c", 3)  # "b" is the least recently used
    assert cache.get("b") == (False, None)
    now[0] = 30
    assert cache.get("a") == (False, None)
    off: TtlCache[str, int] = TtlCache(0)
    off.put("a", 1)
    assert off.get("a") == (False, None)


@pytest.fixture
def cli_env(settings: Settings) -> dict[str, str]:
    assert settings.neo4j_uri
    return {"NEO4J_URI": settings.neo4j_uri, "NEO4J_PASSWORD": settings.neo4j_password}


def test_cli_create_list_revoke(db: AsyncDriver, cli_env: dict[str, str]) -> None:
    runner = CliRunner()
    created = runner.invoke(app, ["keys", "create", "--role", "analyst", "--name", "dash"], env=cli_env)
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip()
    assert secret.startswith("hub_")
    key_id = created.stderr.split()[2]

    listed = runner.invoke(app, ["keys", "list"], env=cli_env)
    assert listed.exit_code == 0
    [row] = [line.split("\t") for line in listed.stdout.splitlines()[1:]]
    assert row[:4] == [key_id, "analyst", "-", "dash"] and row[5] == "-"
    assert secret not in listed.output and keys.digest(secret) not in listed.output

    for _ in range(2):
        revoked = runner.invoke(app, ["keys", "revoke", key_id], env=cli_env)
        assert revoked.exit_code == 0 and revoked.stdout.startswith(f"revoked key {key_id} at ")
    listed = runner.invoke(app, ["keys", "list"], env=cli_env)
    assert listed.stdout.splitlines()[1].split("\t")[5] != "-"


@pytest.mark.parametrize(
    ("arguments", "message", "exit_code"),
    [
        (
            ["keys", "create", "--role", "root"],
            "role must be one of partner, analyst, editor, admin, got 'root'",
            2,
        ),
        (["keys", "create", "--role", "partner"], "a partner key needs an org", 1),
        (["keys", "create", "--role", "partner", "--org", "ghost"], "no organisation with id 'ghost'", 1),
        (["keys", "revoke", "missing"], "no API key with id 'missing'", 1),
    ],
)
def test_cli_bad_input(
    db: AsyncDriver, cli_env: dict[str, str], arguments: list[str], message: str, exit_code: int
) -> None:
    result = CliRunner().invoke(app, arguments, env=cli_env)
    assert result.exit_code == exit_code
    assert result.stderr.strip() == f"hub: {message}"


def test_cli_list_when_empty(db: AsyncDriver, cli_env: dict[str, str]) -> None:
    assert CliRunner().invoke(app, ["keys", "list"], env=cli_env).stdout == "no API keys\n"
