"""Credentials over HTTP: API keys (header or bearer), JWTs, anonymous; refusals are JSON, never 500."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import jwt
import pytest
from neo4j import AsyncDriver

from hub.auth import keys
from hub.auth.roles import Role
from hub.config import Settings, load_settings
from hub.database.driver import open_driver
from tests.auth_limits_app import http_client
from tests.conftest import free_port

ME = {"query": "{ me { subject role org } }"}
SECRET = "a-test-secret-that-is-long-enough-for-hs256"


def configured(settings: Settings, **updates: Any) -> Settings:
    return settings.model_copy(update={"hub_api_key_cache_ttl": 0, **updates})


async def me(settings: Settings, driver: AsyncDriver, headers: dict[str, str]) -> httpx.Response:
    async with http_client(settings, driver) as client:
        return await client.post("/graphql", json=ME, headers=headers)


def refusal(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    code: str = response.json()["errors"][0]["extensions"]["code"]
    return code


async def new_key(db: AsyncDriver, settings: Settings, role: Role = Role.ANALYST) -> tuple[keys.ApiKey, str]:
    return await keys.create_key(db, settings.neo4j_database, role=role, org=None, name="")


@pytest.mark.parametrize("header", ["x-api-key", "authorization"])
async def test_valid_key(db: AsyncDriver, settings: Settings, header: str) -> None:
    key, secret = await new_key(db, settings)
    value = secret if header == "x-api-key" else f"Bearer {secret}"
    response = await me(configured(settings), db, {header: value})
    assert response.json() == {"data": {"me": {"subject": f"key:{key.id}", "role": "analyst", "org": None}}}


async def test_revoked_key(db: AsyncDriver, settings: Settings) -> None:
    key, secret = await new_key(db, settings)
    await keys.revoke_key(db, settings.neo4j_database, key.id)
    response = await me(configured(settings), db, {"x-api-key": secret})
    assert refusal(response, 401) == "API_KEY_REVOKED"
    assert response.headers["www-authenticate"] == "Bearer"


async def test_revocation_is_seen_after_the_cache_ttl(db: AsyncDriver, settings: Settings) -> None:
    key, secret = await new_key(db, settings)
    cached = configured(settings, hub_api_key_cache_ttl=0.5)
    async with http_client(cached, db) as client:
        assert (await client.post("/graphql", json=ME, headers={"x-api-key": secret})).status_code == 200
        await keys.revoke_key(db, settings.neo4j_database, key.id)
        assert (await client.post("/graphql", json=ME, headers={"x-api-key": secret})).status_code == 200
        await asyncio.sleep(0.6)
        response = await client.post("/graphql", json=ME, headers={"x-api-key": secret})
    assert refusal(response, 401) == "API_KEY_REVOKED"


@pytest.mark.parametrize("secret", ["hub_unknown", "no-prefix", "hub_" + "x" * 500])
async def test_unknown_key(db: AsyncDriver, settings: Settings, secret: str) -> None:
    assert refusal(await me(configured(settings), db, {"x-api-key": secret}), 401) == "INVALID_API_KEY"


async def test_anonymous(db: AsyncDriver, settings: Settings) -> None:
    assert (await me(settings, db, {})).json()["data"]["me"]["role"] == "anonymous"
    closed = configured(settings, hub_allow_anonymous=False)
    assert refusal(await me(closed, db, {}), 401) == "AUTH_REQUIRED"


@pytest.mark.parametrize(
    ("headers", "status", "code"),
    [
        ({"authorization": "Basic dXNlcjpwYXNz"}, 401, "INVALID_CREDENTIALS"),
        ({"authorization": "Bearer"}, 401, "INVALID_CREDENTIALS"),
        ({"authorization": "Bearer eyJ.not.configured"}, 401, "INVALID_TOKEN"),
        ({"authorization": "Bearer hub_a", "x-api-key": "hub_b"}, 400, "AMBIGUOUS_CREDENTIALS"),
    ],
)
async def test_malformed_credentials(
    db: AsyncDriver, settings: Settings, headers: dict[str, str], status: int, code: str
) -> None:
    assert refusal(await me(configured(settings), db, headers), status) == code


def token(**overrides: Any) -> str:
    now = int(time.time())
    claims = {"sub": "ann", "iss": "https://id.example", "aud": "hub", "exp": now + 60, "role": "partner"}
    claims |= {"org": "org-1", **overrides}
    return jwt.encode(claims, SECRET, algorithm="HS256")


@pytest.fixture
def jwt_settings(settings: Settings) -> Settings:
    jwt = {
        "hub_jwt_secret": SECRET,
        "hub_jwt_issuer": "https://id.example",
        "hub_jwt_audience": "hub",
        "hub_jwt_leeway": 0,
    }
    return load_settings(**{**settings.model_dump(), **jwt}, _env_file=None)


async def test_jwt(db: AsyncDriver, jwt_settings: Settings) -> None:
    response = await me(jwt_settings, db, {"authorization": f"Bearer {token()}"})
    assert response.json() == {"data": {"me": {"subject": "ann", "role": "partner", "org": "org-1"}}}


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"exp": int(time.time()) - 10}, "TOKEN_EXPIRED"),
        ({"aud": "someone-else"}, "INVALID_TOKEN"),
        ({"iss": "https://evil.example"}, "INVALID_TOKEN"),
        ({"role": "superuser"}, "INVALID_TOKEN"),
    ],
)
async def test_refused_jwt(
    db: AsyncDriver, jwt_settings: Settings, overrides: dict[str, Any], code: str
) -> None:
    response = await me(jwt_settings, db, {"authorization": f"Bearer {token(**overrides)}"})
    assert refusal(response, 401) == code


async def test_forged_jwt(db: AsyncDriver, jwt_settings: Settings) -> None:
    forged = jwt.encode(jwt.decode(token(), options={"verify_signature": False}), "x" * 40, algorithm="HS256")
    assert refusal(await me(jwt_settings, db, {"authorization": f"Bearer {forged}"}), 401) == "INVALID_TOKEN"


async def test_key_check_with_neo4j_down_is_503(settings: Settings) -> None:
    down = configured(settings, neo4j_uri=f"bolt://127.0.0.1:{free_port()}")
    driver = open_driver(down)
    try:
        response = await me(down, driver, {"x-api-key": "hub_whatever"})
    finally:
        await driver.close()
    assert refusal(response, 503) == "DATABASE_UNAVAILABLE"
    assert response.headers["retry-after"] == "2"
