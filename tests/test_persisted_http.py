"""Persisted operations over HTTP on the seeded graph: by name or hash, POST or GET; production allow-list."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import jwt
import pytest
from neo4j import AsyncDriver

from hub.app import create_app
from hub.config import Environment, Settings, load_settings
from hub.persisted.registry import load_registry

SECRET = "a-persisted-test-secret-long-enough-for-hs256"
OPERATION = load_registry(load_settings(_env_file=None).hub_queries_dir).by_name["CompaniesInTalentProjects"]
VARIABLES = json.loads(OPERATION.path.with_name("companies-in-talent-projects.variables.json").read_text())
APQ = {"persistedQuery": {"version": 1, "sha256Hash": OPERATION.sha256}}


def bearer(role: str, **claims: Any) -> dict[str, str]:
    payload = {"sub": "s", "iss": "https://id.example", "aud": "hub", "exp": int(time.time()) + 3600}
    return {"authorization": "Bearer " + jwt.encode({**payload, "role": role, **claims}, SECRET, "HS256")}


@pytest.fixture(params=[Environment.DEVELOPMENT, Environment.PRODUCTION])
async def client(
    request: pytest.FixtureRequest, seeded: AsyncDriver, settings: Settings
) -> AsyncIterator[httpx.AsyncClient]:
    secrets = {"hub_jwt_secret": SECRET, "hub_jwt_issuer": "https://id.example", "hub_jwt_audience": "hub"}
    configured = load_settings(
        **{**settings.model_dump(), **secrets, "hub_env": request.param}, _env_file=None
    )
    app = create_app(configured)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
            yield http


async def expected(client: httpx.AsyncClient) -> dict[str, Any]:
    """The operation's answer to an anonymous caller sending the full (registered) document."""
    payload = {"query": OPERATION.document, "variables": VARIABLES}
    body: dict[str, Any] = (await client.post("/graphql", json=payload)).json()
    assert "errors" not in body
    return body


@pytest.mark.parametrize(
    "request_shape",
    [
        {"operationName": "CompaniesInTalentProjects"},
        {"extensions": APQ},
        {"extensions": APQ, "query": OPERATION.document},
        {"query": OPERATION.document},
    ],
    ids=["by name", "by hash", "hash and query", "exact document"],
)
async def test_anyone_runs_a_persisted_operation_over_post(
    client: httpx.AsyncClient, request_shape: dict[str, Any]
) -> None:
    answer = await expected(client)
    response = await client.post("/graphql", json={**request_shape, "variables": VARIABLES})
    assert response.status_code == 200
    assert response.json() == answer


@pytest.mark.parametrize("by", ["operationName", "extensions"])
async def test_a_persisted_operation_over_get(client: httpx.AsyncClient, by: str) -> None:
    answer = await expected(client)
    reference = "CompaniesInTalentProjects" if by == "operationName" else json.dumps(APQ)
    response = await client.get("/graphql", params={by: reference, "variables": json.dumps(VARIABLES)})
    assert response.status_code == 200
    assert response.json() == answer


@pytest.mark.parametrize(
    ("headers", "allowed_in_production"),
    [
        ({}, False),
        (bearer("partner", org="roc-van-twente"), False),
        (bearer("analyst"), True),
        (bearer("editor"), True),
        (bearer("admin"), True),
    ],
    ids=["anonymous", "partner", "analyst", "editor", "admin"],
)
async def test_ad_hoc_queries_in_production_only_for_free_roles(
    client: httpx.AsyncClient, headers: dict[str, str], allowed_in_production: bool
) -> None:
    response = await client.post("/graphql", json={"query": "{ version }"}, headers=headers)
    production = await client.get("/graphql", params={"query": "{ version }"}, headers=headers)
    if allowed_in_production or client_is_development(client):
        assert response.status_code == production.status_code == 200
        assert "version" in response.json()["data"]
    else:
        assert response.status_code == production.status_code == 403
        assert response.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_REQUIRED"


def client_is_development(client: httpx.AsyncClient) -> bool:
    app: Any = client._transport.app  # type: ignore[attr-defined]
    return bool(app.state.settings.development)
