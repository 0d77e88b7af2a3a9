"""The write operations in queries/writes/: in production a partner runs them by name, on its own org."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from neo4j import AsyncDriver

from hub.app import create_app
from hub.config import Environment, Settings, load_settings
from hub.seeding.run import seed_graph
from hub.seeding.validation import read_network

WRITES = Path(__file__).resolve().parent.parent / "queries" / "writes"
SECRET = "a-writes-test-secret-long-enough-for-hs256"
SCHOOL = "roc-van-twente"
COMPANY = "synthetic-company-0000001"


def partner(org: str) -> dict[str, str]:
    expires = int(time.time()) + 600
    claims = {"sub": f"portal-{org}", "iss": "https://id.example", "aud": "hub", "exp": expires}
    token = jwt.encode({**claims, "role": "partner", "org": org}, SECRET, "HS256")
    return {"authorization": f"Bearer {token}"}


def variables(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((WRITES / f"{name}.variables.json").read_text())
    return loaded


@pytest.fixture
async def production(db: AsyncDriver, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The source network and a few synthetic companies, served in production mode."""
    network = read_network(settings.hub_seeds_dir / "source")
    await seed_graph(db, settings.neo4j_database, network, organisations=5, random_seed=1)
    secrets = {"hub_jwt_secret": SECRET, "hub_jwt_issuer": "https://id.example", "hub_jwt_audience": "hub"}
    configured = load_settings(
        **{**settings.model_dump(), **secrets, "hub_env": Environment.PRODUCTION}, _env_file=None
    )
    app = create_app(configured)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
            yield http


async def run(
    client: httpx.AsyncClient, operation: str, caller: str, given: dict[str, Any]
) -> dict[str, Any]:
    payload = {"operationName": operation, "variables": given}
    response = await client.post("/graphql", json=payload, headers=partner(caller))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_a_partner_keeps_its_profile_and_participations(production: httpx.AsyncClient) -> None:
    school = await run(production, "UpdateSchoolProfile", SCHOOL, variables("update-school-profile"))
    assert "errors" not in school, school
    assert school["data"]["updateSchool"]["node"]["description"] == "Vocational college in Twente."
    assert school["data"]["updateSchool"]["version"] == 1

    company = await run(production, "UpdateCompanyProfile", COMPANY, variables("update-company-profile"))
    assert "errors" not in company, company
    assert company["data"]["updateCompany"]["node"]["slug"] == COMPANY

    joined = await run(production, "JoinProject", SCHOOL, variables("join-project"))
    assert "errors" not in joined, joined
    assert joined["data"]["joinProject"]["type"] == "PARTICIPATES_IN"
    again = await run(production, "JoinProject", SCHOOL, variables("join-project"))
    assert again["data"] == joined["data"], "a retried join with the same idempotency key changes nothing"

    left = await run(production, "LeaveProject", SCHOOL, variables("leave-project"))
    assert "errors" not in left, left
    assert left["data"]["leaveProject"]["properties"]["until"] == "2019-12-31"


async def test_a_partner_cannot_touch_another_organisation(production: httpx.AsyncClient) -> None:
    answer = await run(production, "UpdateCompanyProfile", SCHOOL, variables("update-company-profile"))
    assert answer["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert answer["errors"][0]["message"].startswith("a partner may not update Company ")
    joined = await run(production, "JoinProject", COMPANY, variables("join-project"))
    assert joined["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_ad_hoc_writes_stay_refused(production: httpx.AsyncClient) -> None:
    document = (WRITES / "update-school-profile.graphql").read_text().replace("level", "name")
    payload = {"query": document, "variables": variables("update-school-profile")}
    response = await production.post("/graphql", json=payload, headers=partner(SCHOOL))
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_REQUIRED"


async def test_a_partner_names_nodes_by_slug_or_global_id_alike(production: httpx.AsyncClient) -> None:
    joined = await run(production, "JoinProject", SCHOOL, variables("join-project"))
    by_slugs = {**variables("join-project"), "org": SCHOOL, "project": "talent-it"}
    assert await run(production, "JoinProject", SCHOOL, by_slugs) == joined, "the same join, retried"
    profile = {**variables("update-school-profile"), "id": SCHOOL}
    updated = await run(production, "UpdateSchoolProfile", SCHOOL, profile)
    assert updated["data"]["updateSchool"]["version"] == 1, updated
    other = await run(
        production, "UpdateCompanyProfile", SCHOOL, {**variables("update-company-profile"), "id": COMPANY}
    )
    assert other["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    unknown = await run(
        production, "LeaveProject", SCHOOL, {**variables("leave-project"), "project": "nowhere"}
    )
    assert unknown["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert unknown["errors"][0]["message"] == "project: there is no node 'nowhere'"
