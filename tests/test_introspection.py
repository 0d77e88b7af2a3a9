"""The standard introspection queries answer for every role that may introspect, in development and in
production (where they may be sent ad hoc though other documents may not), past the depth limit: those of
graphql-core and gql (graphql-core's, with every option), and GraphiQL's (graphql-js' same query). A client
builds the schema from the answer. Introspection that lists below a type reference stays limited.
`GET /schema.graphql` serves the SDL to the same callers."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import jwt
import pytest
from graphql import build_client_schema, get_introspection_query
from neo4j import AsyncDriver

from hub.app import create_app
from hub.config import Environment, Settings, load_settings
from hub.graphql.sdl import export_sdl

SECRET = "an-introspection-test-secret-long-enough-for-hs256"
STANDARD = {
    "graphql-core": get_introspection_query(),
    "gql, GraphiQL (every option)": get_introspection_query(
        descriptions=True,
        specified_by_url=True,
        directive_is_repeatable=True,
        schema_description=True,
        input_value_deprecation=True,
    ),
}
LISTING_BELOW_A_TYPE = (
    '{ __type(name: "Query") { fields { type { fields { type { fields { type { fields { type { fields {'
    " type { name } } } } } } } } } } } }"
)
"""Depth 12, and each `fields` below a `type` multiplies the work again (graphql-core refuses it too)."""


def partner() -> dict[str, str]:
    claims = {"sub": "s", "iss": "https://id.example", "aud": "hub", "exp": int(time.time()) + 3600}
    token = jwt.encode({**claims, "role": "partner", "org": "roc-van-twente"}, SECRET, "HS256")
    return {"authorization": f"Bearer {token}"}


@pytest.fixture(params=[Environment.DEVELOPMENT, Environment.PRODUCTION])
async def served(
    request: pytest.FixtureRequest, db: AsyncDriver, settings: Settings
) -> AsyncIterator[tuple[httpx.AsyncClient, bool]]:
    """A client of the hub in development or in production, and whether it is production."""
    secrets = {"hub_jwt_secret": SECRET, "hub_jwt_issuer": "https://id.example", "hub_jwt_audience": "hub"}
    environment = {**settings.model_dump(), **secrets, "hub_env": request.param}
    app = create_app(load_settings(**environment, _env_file=None))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
            yield http, request.param is Environment.PRODUCTION


def codes(body: dict[str, Any]) -> list[str]:
    return [error.get("extensions", {}).get("code", "") for error in body.get("errors", ())]


@pytest.mark.parametrize("query", STANDARD.values(), ids=STANDARD.keys())
async def test_the_standard_introspection_queries_answer(
    served: tuple[httpx.AsyncClient, bool], query: str
) -> None:
    client, production = served
    response = await client.post("/graphql", json={"query": query}, headers=partner())
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body
    built = build_client_schema(body["data"])
    assert built.query_type is not None and "companies" in built.query_type.fields

    anonymous = (await client.post("/graphql", json={"query": query})).json()
    assert codes(anonymous) == (["PERSISTED_QUERY_REQUIRED"] if production else [])  # as before


async def test_introspection_listing_below_a_type_stays_limited(
    served: tuple[httpx.AsyncClient, bool],
) -> None:
    client, production = served
    body = (await client.post("/graphql", json={"query": LISTING_BELOW_A_TYPE}, headers=partner())).json()
    assert codes(body)[0] == ("PERSISTED_QUERY_REQUIRED" if production else "QUERY_TOO_DEEP")


async def test_other_ad_hoc_documents_stay_refused_in_production(
    served: tuple[httpx.AsyncClient, bool],
) -> None:
    client, production = served
    body = (await client.post("/graphql", json={"query": "{ __typename version }"}, headers=partner())).json()
    assert codes(body) == (["PERSISTED_QUERY_REQUIRED"] if production else [])


async def test_the_sdl_is_served_to_whoever_may_introspect(served: tuple[httpx.AsyncClient, bool]) -> None:
    client, production = served
    response = await client.get("/schema.graphql", headers=partner())
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.text == export_sdl()
    anonymous = await client.get("/schema.graphql")
    if production:
        assert anonymous.status_code == 403
        assert codes(anonymous.json()) == ["INTROSPECTION_DISABLED"]
    else:
        assert anonymous.text == export_sdl()


async def test_the_standard_queries_pass_a_token_limit_below_them(
    db: AsyncDriver, settings: Settings
) -> None:
    app = create_app(settings.model_copy(update={"hub_max_tokens": 50}))
    long_query = "{ " + "version " * 60 + "}"  # 62 tokens
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
            introspected = (await http.post("/graphql", json={"query": STANDARD["graphql-core"]})).json()
            refused = (await http.post("/graphql", json={"query": long_query})).json()
    assert "errors" not in introspected
    assert codes(refused) == ["TOO_MANY_TOKENS"]
