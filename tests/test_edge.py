"""The edge, on a real uvicorn server on loopback as `hub serve` configures it: proxy headers believed only
from trusted proxies, failed authentications limited per client address, unknown keys kept apart from known
ones, and slow or too many clients dropped."""

from __future__ import annotations

import socket
import time
from typing import Any

import httpx
from neo4j import AsyncDriver

from hub.auth import keys
from hub.auth.authenticate import authenticator
from hub.auth.roles import Role
from hub.config import Settings
from tests.auth_limits_app import http_client
from tests.served import serving

TYPENAME = {"query": "{ __typename }"}


def edge(settings: Settings, **updates: Any) -> Settings:
    return settings.model_copy(update=updates)


async def post(base: str, headers: dict[str, str] | None = None) -> int:
    async with httpx.AsyncClient(base_url=base) as http:
        return (await http.post("/graphql", json=TYPENAME, headers=headers or {})).status_code


async def test_forwarded_for_is_ignored_unless_from_a_trusted_proxy(
    db: AsyncDriver, settings: Settings
) -> None:
    limited = edge(settings, hub_rate_limit_per_minute=3)
    with serving(limited) as base:
        spoofed = [await post(base, {"x-forwarded-for": f"203.0.113.{n}"}) for n in range(6)]
    assert spoofed == [200, 200, 200, 429, 429, 429]
    with serving(edge(limited, hub_trusted_proxies=("127.0.0.1",))) as base:
        forwarded = [await post(base, {"x-forwarded-for": f"203.0.113.{n}"}) for n in range(6)]
        repeated = [await post(base, {"x-forwarded-for": "198.51.100.7"}) for _ in range(4)]
    assert forwarded == [200] * 6
    assert repeated == [200, 200, 200, 429]


async def test_failed_authentications_are_limited_per_address(db: AsyncDriver, settings: Settings) -> None:
    _, secret = await keys.create_key(db, settings.neo4j_database, role=Role.ANALYST, org=None, name="")
    limited = edge(settings, hub_auth_failures_per_minute=3)
    async with http_client(limited, db) as client:
        bad = [
            await client.post("/graphql", json=TYPENAME, headers={"x-api-key": f"hub_wrong{n}"})
            for n in range(5)
        ]
        valid = await client.post("/graphql", json=TYPENAME, headers={"x-api-key": secret})
        anonymous = await client.post("/graphql", json=TYPENAME)
    assert [response.status_code for response in bad] == [401, 401, 401, 429, 429]
    assert bad[3].json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert int(bad[3].headers["retry-after"]) > 0
    assert valid.status_code == 429  # the address's credentials are refused unread for now
    assert anonymous.status_code == 200


async def test_unknown_keys_cannot_evict_a_known_one(db: AsyncDriver, settings: Settings) -> None:
    key, secret = await keys.create_key(db, settings.neo4j_database, role=Role.ANALYST, org=None, name="")
    cached = edge(settings, hub_api_key_cache_ttl=600, hub_auth_failures_per_minute=0)
    authenticator(cached).keys.max_entries = authenticator(cached).unknown.max_entries = 5
    async with http_client(cached, db) as client:
        assert (
            await client.post("/graphql", json=TYPENAME, headers={"x-api-key": secret})
        ).status_code == 200
        await db.execute_query("MATCH (k:__HubApiKey {id: $id}) DETACH DELETE k", id=key.id)
        for n in range(20):
            unknown = await client.post("/graphql", json=TYPENAME, headers={"x-api-key": f"hub_unknown{n}"})
            assert unknown.status_code == 401
        still = await client.post("/graphql", json=TYPENAME, headers={"x-api-key": secret})
    assert still.status_code == 200  # from the cache: the key is gone from the graph


def opened(base: str) -> socket.socket:
    host, port = base.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=5)


def closed_by_server(connection: socket.socket, within: float) -> bytes | None:
    """What the server sent before closing the connection, or None if it kept it open `within` seconds."""
    connection.settimeout(within)
    received = b""
    try:
        while chunk := connection.recv(4096):
            received += chunk
    except TimeoutError:
        return None
    except ConnectionResetError:
        pass
    return received


def test_slow_clients_are_dropped(settings: Settings) -> None:
    slow = edge(settings, hub_header_timeout=1.0, hub_body_timeout=1.0, hub_keep_alive_timeout=1)
    with serving(slow) as base:
        heads = [opened(base) for _ in range(50)]
        for connection in heads:
            connection.sendall(b"POST /graphql HTTP/1.1\r\nHost: hub\r\n")
        bodies = [opened(base) for _ in range(5)]
        for connection in bodies:
            connection.sendall(
                b"POST /graphql HTTP/1.1\r\nHost: hub\r\ncontent-type: application/json\r\n"
                b"content-length: 100\r\n\r\n{"
            )
        idle = opened(base)
        idle.sendall(b"GET /health HTTP/1.1\r\nHost: hub\r\n\r\n")
        started = time.monotonic()
        assert all(closed_by_server(connection, 5) == b"" for connection in heads)
        answers = [closed_by_server(connection, 5) for connection in bodies]
        assert all(
            answer is not None and b" 408 " in answer and b"BODY_TIMEOUT" in answer for answer in answers
        )
        kept = closed_by_server(idle, 5)
        assert kept is not None and kept.startswith(b"HTTP/1.1 200")
        assert time.monotonic() - started < 8
        for connection in (*heads, *bodies, idle):
            connection.close()


def test_connections_past_the_limit_are_refused_with_a_code(settings: Settings) -> None:
    with serving(edge(settings, hub_max_connections=5)) as base:
        held = [opened(base) for _ in range(5)]
        time.sleep(0.2)
        extra = opened(base)
        refusal = closed_by_server(extra, 5)
        assert refusal is not None and refusal.startswith(b"HTTP/1.1 503")
        assert b"TOO_MANY_CONNECTIONS" in refusal and b"retry-after: 1" in refusal
        for connection in held:
            connection.close()
        time.sleep(0.2)
        assert httpx.post(f"{base}/graphql", json=TYPENAME).status_code == 200


def test_pipelined_requests_are_all_answered(settings: Settings) -> None:
    with serving(edge(settings, hub_header_timeout=1.0)) as base:
        connection = opened(base)
        head = b"GET /health HTTP/1.1\r\nHost: hub\r\n"
        connection.sendall(head + b"\r\n" + head + b"\r\n" + head + b"Connection: close\r\n\r\n")
        answer = closed_by_server(connection, 5)
        connection.close()
    assert answer is not None and answer.count(b"HTTP/1.1 200") == 3
