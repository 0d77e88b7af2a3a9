"""GraphQL over HTTP: methods, media types, status codes, explain, and the exported SDL."""

from __future__ import annotations

import httpx
import pytest

from hub.graphql.sdl import SCHEMA_FILE, export_sdl

SPEC = {"accept": "application/graphql-response+json"}
QUERY = "{ schools { totalCount } organisations(first: 1) { edges { node { name } } } }"


async def test_post_answers_with_the_spec_media_type_and_explains(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": QUERY}, headers={**SPEC, "x-hub-explain": "1"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/graphql-response+json"
    body = response.json()
    assert body["data"]["schools"] == {"totalCount": 0}
    trips = body["extensions"]["cypher"]
    assert len(trips) == 2
    assert {"statement", "parameters", "ms", "rows"} <= set(trips[0])
    assert trips[0]["statement"].startswith("RETURN")


async def test_no_explain_without_the_header(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": QUERY})
    assert "extensions" not in response.json()
    assert response.headers["content-type"] == "application/json"


async def test_get_serves_queries(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", params={"query": QUERY}, headers=SPEC)
    assert response.status_code == 200
    assert response.json()["data"]["schools"]["totalCount"] == 0


async def test_mutation_over_get_is_405(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", params={"query": "mutation { nothing }"}, headers=SPEC)
    assert response.status_code == 405


@pytest.mark.parametrize(
    "payload",
    [
        {"query": "{ schools { "},
        {"query": "{ schools { nope } }"},
        {"query": "query($n: Int) { schools(first: $n) { totalCount } }", "variables": {"n": "many"}},
        {"query": "query($n: Int!) { schools(first: $n) { totalCount } }"},
    ],
)
async def test_request_errors(client: httpx.AsyncClient, payload: dict[str, object]) -> None:
    spec = await client.post("/graphql", json=payload, headers=SPEC)
    assert spec.status_code == 400
    assert "data" not in spec.json() and spec.json()["errors"]
    legacy = await client.post("/graphql", json=payload, headers={"accept": "application/json"})
    assert legacy.status_code == 200
    assert legacy.json()["errors"]


async def test_field_errors_are_200_with_partial_data(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql",
        json={"query": '{ schools(after: "not-a-cursor") { totalCount } search(query: "x") { score } }'},
        headers=SPEC,
    )
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None or body["data"].get("search") == []
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_schema_graphql_matches_the_code() -> None:
    assert SCHEMA_FILE.read_text() == export_sdl(), "schema.graphql is stale: run `hub schema export`"
