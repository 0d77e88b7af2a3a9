"""State shared through a real Redis (HUB_REDIS_URL): two hub processes on one Redis hold one rate limit
and one failed-authentication limit between them, and hear a key's revocation at once; while Redis is away a
hub counts in its own process and trusts no cached key, and when Redis is back it shares again."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from neo4j import AsyncDriver
from prometheus_client.parser import text_string_to_metric_families

from hub.app import create_app
from hub.auth import keys
from hub.auth.authenticate import authenticator
from hub.auth.roles import Role
from hub.config import Settings, SettingsError, load_settings
from hub.shared import counts
from tests.conftest import PASSWORD
from tests.redis_server import RedisServer
from tests.served import hub_serving

TYPENAME = {"query": "{ __typename }"}


def statuses(
    bases: list[str], count: int, headers: Callable[[int], dict[str, str]] | None = None
) -> list[int]:
    """`count` requests sent to each base in turn (a new connection each); their statuses in order."""
    return [
        httpx.post(
            f"{bases[n % len(bases)]}/graphql", json=TYPENAME, headers=headers(n) if headers else {}
        ).status_code
        for n in range(count)
    ]


def revoke(neo4j_uri: str, redis_url: str, key_id: str) -> str:
    """`hub keys revoke` as an operator runs it; what it printed."""
    env = {"NEO4J_URI": neo4j_uri, "NEO4J_PASSWORD": PASSWORD, "HUB_REDIS_URL": redis_url, "PATH": ""}
    done = subprocess.run(
        [sys.executable, "-m", "hub.cli.main", "keys", "revoke", key_id],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout


async def test_two_processes_on_one_redis_share_limits_and_revocations(
    neo4j_uri: str, redis_server: RedisServer, redis_url: str, db: AsyncDriver, tmp_path: Path
) -> None:
    key, secret = await keys.create_key(db, "neo4j", role=Role.ANALYST, org=None, name="shared")
    shared = {
        "HUB_REDIS_URL": redis_url,
        "HUB_RATE_LIMIT_PER_MINUTE": "4",
        "HUB_RATE_LIMIT_BURST": "4",
        "HUB_AUTH_FAILURES_PER_MINUTE": "3",
        "HUB_API_KEY_CACHE_TTL": "600",
    }
    with (
        hub_serving(neo4j_uri, tmp_path / "a", **shared) as (a, _),
        hub_serving(neo4j_uri, tmp_path / "b", **shared) as (b, _),
    ):
        assert statuses([a, b], 8) == [200] * 4 + [429] * 4  # 4 a minute, wherever they go

        with_key = {"x-api-key": secret}
        assert statuses([a, b], 2, lambda n: with_key) == [200, 200]  # now cached in both, for 600 s
        told = revoke(neo4j_uri, redis_url, key.id)
        assert "told 2 listening hub process(es)" in told
        assert statuses([a, b], 2, lambda n: with_key) == [401, 401]

        redis_server.flush()
        assert statuses([a, b], 3, lambda n: {"x-api-key": f"hub_wrong{n}"}) == [401] * 3
        assert statuses([b, a], 2, lambda n: {"x-api-key": "hub_other"}) == [429, 429]


async def eventually(condition: Callable[[], bool], within: float = 10) -> None:
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline
        await asyncio.sleep(0.05)


def sample(text: str, name: str, **labels: str) -> float:
    return next(
        found.value
        for family in text_string_to_metric_families(text)
        for found in family.samples
        if found.name == name and labels.items() <= found.labels.items()
    )


async def test_while_redis_is_away_a_hub_counts_alone_and_trusts_no_cached_key(
    settings: Settings,
    db: AsyncDriver,
    redis_server: RedisServer,
    redis_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(counts, "RETRY", 0.5)
    configured = settings.model_copy(
        update={
            "hub_redis_url": redis_url,
            "hub_rate_limit_per_minute": 3,
            "hub_rate_limit_burst": 3,
            "hub_api_key_cache_ttl": 600,
        }
    )
    _, secret = await keys.create_key(db, "neo4j", role=Role.ANALYST, org=None, name="cached")
    with_key = {"x-api-key": secret}
    listener = authenticator(configured)
    app = create_app(configured)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://hub.test") as http,
    ):

        async def post(headers: dict[str, str] | None = None) -> int:
            return (await http.post("/graphql", json=TYPENAME, headers=headers or {})).status_code

        async def key_misses() -> float:
            text = (await http.get("/metrics")).text
            return sample(text, "hub_cache_lookups_total", cache="api_key", result="miss")

        await eventually(lambda: listener.keys_trusted)
        assert [await post(with_key) for _ in range(2)] == [200, 200]
        misses = await key_misses()
        assert [await post(with_key) for _ in range(1)] == [200]
        assert await key_misses() == misses  # from the cache

        redis_server.stop()
        await eventually(lambda: not listener.keys_trusted)
        assert [await post() for _ in range(4)] == [200, 200, 200, 429]  # counted in this process
        assert sample((await http.get("/metrics")).text, "hub_redis_available") == 0
        assert await post(with_key) == 200  # the key's own count, in this process: 1
        assert await key_misses() == misses + 1  # looked up again: no cached key is trusted

        redis_server.start()
        await eventually(lambda: listener.keys_trusted)
        await asyncio.sleep(counts.RETRY)
        assert await post() == 200  # counted in the new, empty Redis again
        assert sample((await http.get("/metrics")).text, "hub_redis_available") == 1


def test_the_redis_url_is_checked() -> None:
    assert load_settings(hub_redis_url="", _env_file=None).hub_redis_url is None
    with pytest.raises(SettingsError, match=r"HUB_REDIS_URL: .*scheme must be one of redis, rediss, unix"):
        load_settings(hub_redis_url="http://127.0.0.1:6379", _env_file=None)
