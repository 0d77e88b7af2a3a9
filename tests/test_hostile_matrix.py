"""Hostile and malformed requests: each ends in a clear 4xx or a GraphQL error with a code (never a 500),
the server answers `{ __typename }` afterwards, and the graph is unchanged."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import jwt
import pytest
from neo4j import AsyncDriver

from hub.app import create_app
from hub.auth import keys
from hub.auth.roles import Role
from hub.config import Environment, Settings, load_settings
from hub.graphql.ids import global_id
from hub.persisted.registry import load_registry
from tests.graph_snapshot import snapshot

SECRET = "a-hostile-matrix-secret-long-enough-for-hs256"
ISSUER, AUDIENCE = "https://id.example", "hub"
SPEC = {"accept": "application/graphql-response+json"}
ALFA, TWENTE = global_id("School", "alfa-college"), global_id("Region", "twente")
LITERAL = "LITERAL"
"""Expected "code": answered (200, no error), the hostile string taken literally: nothing matches."""

Send = Callable[[httpx.AsyncClient, AsyncDriver], Awaitable[httpx.Response]]


def token(role: str = "admin", *, key: str = SECRET, **claims: Any) -> str:
    now = int(time.time())
    payload = {"sub": "mallory", "iss": ISSUER, "aud": AUDIENCE, "exp": now + 86_400, "role": role, **claims}
    return jwt.encode(payload, key, algorithm="HS256")


def bearer(role: str = "admin", **claims: Any) -> dict[str, str]:
    return {"authorization": f"Bearer {token(role, **claims)}"}


EDITOR = bearer("editor")
PARTNER_ROC = bearer("partner", org="roc-van-twente")


def post(query: str, variables: dict[str, Any] | None = None, headers: dict[str, str] | None = None) -> Send:
    payload = {"query": query, "variables": variables}
    return lambda client, _: client.post("/graphql", json=payload, headers={**SPEC, **(headers or {})})


def raw(body: bytes, content_type: str = "application/json", headers: dict[str, str] | None = None) -> Send:
    all_headers = {**SPEC, "content-type": content_type, **(headers or {})}
    return lambda client, _: client.post("/graphql", content=body, headers=all_headers)


def get(params: dict[str, str]) -> Send:
    return lambda client, _: client.get("/graphql", params=params, headers=SPEC)


def injected(operator: str, value: object) -> Send:
    """A company filter whose operator gets a hostile value through a variable."""
    return post(
        f"query($v: [String!]) {{ companies(where: {{name: {{{operator}: $v}}}}) {{ totalCount }} }}"
        if operator in ("in", "inInsensitive")
        else f"query($v: String) {{ companies(where: {{name: {{{operator}: $v}}}}) {{ totalCount }} }}",
        {"v": value},
    )


def compared(field: str, operator: str, scalar: str) -> Send:
    """A range operator on a numeric or date field, given an injection string instead of its scalar."""
    query = f"query($v: {scalar}) {{ fundingFlows(where: {{{field}: {{{operator}: $v}}}}) {{ totalCount }} }}"
    return post(query, {"v": "x' OR 1=1 //"})


async def revoked_key(client: httpx.AsyncClient, driver: AsyncDriver) -> httpx.Response:
    key, secret = await keys.create_key(driver, "neo4j", role=Role.ADMIN, org=None, name="hostile")
    await keys.revoke_key(driver, "neo4j", key.id)
    return await client.post("/graphql", json={"query": "{ __typename }"}, headers={"x-api-key": secret})


def nested(levels: int) -> str:
    return (
        "{ companies(first: 1) { edges { node { "
        + "participatesIn(first: 1) { " * levels
        + "slug"
        + (" }" * levels)
        + " } } } }"
    )


def persisted(digest: str) -> dict[str, Any]:
    return {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}}}


def by_hash(name: str, query: str | None = None) -> Send:
    digest = load_registry(ROOT_QUERIES).by_name[name].sha256
    payload = {**persisted(digest), **({"query": query} if query else {})}
    return lambda client, _: client.post("/graphql", json=payload, headers=SPEC)


def by_name(name: str, variables: dict[str, Any]) -> Send:
    payload = {"operationName": name, "variables": variables}
    return lambda client, _: client.post("/graphql", json=payload, headers=SPEC)


ROOT_QUERIES = load_settings(_env_file=None).hub_queries_dir
DROP = "}) MATCH (n) DETACH DELETE n //"
FLOW = 'recordFundingFlow(funder: $a, recipient: $b, status: PAID, source: "x", amount: -5) { version }'

DEV, PROD = False, True
CASES: list[tuple[str, bool, Send, int, str | None]] = [
    ("malformed JSON", DEV, raw(b'{"query": "{ __typename }"'), 400, "INVALID_JSON"),
    ("JSON with NaN", DEV, raw(b'{"query": "{ __typename }", "x": NaN}'), 400, "INVALID_JSON"),
    ("invalid UTF-8 bytes", DEV, raw(b'{"query": "{ __typename \xff\xfe }"}'), 400, "INVALID_JSON"),
    (
        "lone surrogate",
        DEV,
        raw(b'{"query": "{ companies(where: {name: {eq: \\"\\ud800\\"}}) { totalCount } }"}'),
        400,
        "INVALID_JSON",
    ),
    ("UTF-16 body", DEV, raw('{"query": "{ __typename }"}'.encode("utf-16")), 400, "INVALID_JSON"),
    (
        "wrong content type",
        DEV,
        raw(b'{"query": "{ __typename }"}', "text/plain"),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
    ),
    (
        "form post",
        DEV,
        raw(b"query=%7B__typename%7D", "application/x-www-form-urlencoded"),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
    ),
    (
        "oversized body",
        DEV,
        raw(b'{"query": "{ __typename }", "pad": "' + b"x" * 1_100_000 + b'"}'),
        413,
        "BODY_TOO_LARGE",
    ),
    (
        "batch array",
        DEV,
        raw(b'[{"query": "{ __typename }"}, {"query": "{ __typename }"}]'),
        400,
        "BATCHING_DISABLED",
    ),
    (
        "mutation over GET",
        DEV,
        get({"query": f'mutation {{ deleteRegion(id: "{TWENTE}", expectedVersion: 0) {{ id }} }}'}),
        405,
        None,
    ),
    ("depth bomb", DEV, post(nested(12)), 400, "QUERY_TOO_DEEP"),
    (
        "alias bomb",
        DEV,
        post("{ " + " ".join(f"a{n}: __typename" for n in range(40)) + " }"),
        400,
        "TOO_MANY_ALIASES",
    ),
    (
        "directive bomb",
        DEV,
        post("{ __typename" + " @include(if: true)" * 60 + " }"),
        400,
        "TOO_MANY_DIRECTIVES",
    ),
    ("token bomb", DEV, post("{ " + "__typename " * 2100 + "}"), 400, "TOO_MANY_TOKENS"),
    (
        "cost bomb",
        DEV,
        post(
            "{ companies(first: 100) { edges { node { participatesIn(first: 100) { ... on Project {"
            " participants(first: 100) { ... on Company { participatesIn(first: 100) { slug } } } } } } } } }"
        ),
        400,
        "QUERY_TOO_COSTLY",
    ),
    ("first: 1000000", DEV, post("{ companies(first: 1000000) { totalCount } }"), 400, "PAGE_SIZE_TOO_LARGE"),
    ("first: -1", DEV, post("{ companies(first: -1) { totalCount } }"), 400, "BAD_USER_INPUT"),
    (
        "relationship filter bomb",
        DEV,
        post(
            "{ companies(where: {memberOf: {some: {Pact: {members: {some: {Company: {memberOf: {some:"
            ' {Pact: {members: {some: {name: {eq: "x"}}}}}}}}}}}}}) { totalCount } }'
        ),
        400,
        "FILTER_TOO_DEEP",
    ),
    (
        "neighbourhood at its limits from the busiest node",
        DEV,
        post('{ neighbourhood(id: "overijssel", hops: 3, limit: 500) { nodes { slug } truncated } }', {}),
        200,
        LITERAL,
    ),
    ("eq: quote OR 1=1", DEV, injected("eq", "x' OR 1=1 //"), 200, LITERAL),
    ("eq: DETACH DELETE", DEV, injected("eq", DROP), 200, LITERAL),
    ("in: injections", DEV, injected("in", [DROP, 'x" OR true //', "`n` }) RETURN 1 //"]), 200, LITERAL),
    ("contains: backticks", DEV, injected("contains", "`) DETACH DELETE n //`"), 200, LITERAL),
    ("inInsensitive: injections", DEV, injected("inInsensitive", [DROP, "x' OR 1=1 //"]), 200, LITERAL),
    ("containsInsensitive: backticks", DEV, injected("containsInsensitive", "`) RETURN 1 //`"), 200, LITERAL),
    (
        "startsWith: unicode escapes",
        DEV,
        injected("startsWith", "\u0027\u0000\u202e) OR 1=1 //"),
        200,
        LITERAL,
    ),
    ("gt: string for Float", DEV, compared("amount", "gt", "Float"), 400, None),
    ("gte: string for Int", DEV, compared("year", "gte", "Int"), 400, None),
    ("lt: string for Date", DEV, compared("date", "lt", "Date"), 400, None),
    ("lte: string for Date", DEV, compared("date", "lte", "Date"), 400, None),
    (
        "isNull: string for Boolean",
        DEV,
        post("query($v: Boolean) { companies(where: {name: {isNull: $v}}) { totalCount } }", {"v": DROP}),
        400,
        None,
    ),
    (
        "search: Lucene syntax",
        DEV,
        post(
            "query($q: String!) { search(query: $q) { score } }",
            {"q": 'name:* OR *:* AND "x" ~2 ^9 [a TO z] \\ /.*/'},
        ),
        200,
        LITERAL,
    ),
    ("malformed id (node)", DEV, post('{ node(id: "Not a global id!") { id } }'), 200, "BAD_USER_INPUT"),
    (
        "unknown id (update)",
        DEV,
        post(
            f'mutation {{ updateRegion(id: "{global_id("Region", "atlantis")}", expectedVersion: 0,'
            ' input: {name: "A"}) { version } }',
            headers=EDITOR,
        ),
        200,
        "NOT_FOUND",
    ),
    (
        "negative amount",
        DEV,
        post(f"mutation($a: ID!, $b: ID!) {{ {FLOW} }}", {"a": TWENTE, "b": ALFA}, EDITOR),
        200,
        "BAD_USER_INPUT",
    ),
    (
        "stale version",
        DEV,
        post(
            f'mutation {{ updateRegion(id: "{TWENTE}", expectedVersion: 999, input: {{name: "T"}})'
            " { version } }",
            headers=EDITOR,
        ),
        200,
        "CONFLICT",
    ),
    (
        "duplicate create (slug)",
        DEV,
        post(
            'mutation { createRegion(input: {slug: "twente", name: "Twente 2", source: "x"},'
            ' idempotencyKey: "k1") { version } }',
            headers=EDITOR,
        ),
        200,
        "CONFLICT",
    ),
    (
        "expired token",
        DEV,
        post("{ __typename }", headers=bearer(exp=int(time.time()) - 3600)),
        401,
        "TOKEN_EXPIRED",
    ),
    (
        "forged token",
        DEV,
        post("{ __typename }", headers={"authorization": f"Bearer {token(key='x' * 40)}"}),
        401,
        "INVALID_TOKEN",
    ),
    ("wrong audience", DEV, post("{ __typename }", headers=bearer(aud="someone-else")), 401, "INVALID_TOKEN"),
    (
        "alg none",
        DEV,
        post(
            "{ __typename }",
            headers={
                "authorization": "Bearer " + jwt.encode({"sub": "m", "role": "admin"}, "", algorithm="none")
            },
        ),
        401,
        "INVALID_TOKEN",
    ),
    ("revoked key", DEV, revoked_key, 401, "API_KEY_REVOKED"),
    (
        "partner A renames B",
        DEV,
        post(
            f'mutation {{ updateSchool(id: "{ALFA}", expectedVersion: 0, input: {{name: "Taken"}})'
            " { version } }",
            headers=PARTNER_ROC,
        ),
        200,
        "FORBIDDEN",
    ),
    (
        "partner A joins B to a project",
        DEV,
        post(
            f'mutation {{ joinProject(org: "{ALFA}", project: "{global_id("Project", "direct2job")}",'
            ' source: "x") { version } }',
            headers=PARTNER_ROC,
        ),
        200,
        "FORBIDDEN",
    ),
    (
        "anonymous write",
        DEV,
        post(f'mutation {{ deleteRegion(id: "{TWENTE}", expectedVersion: 0) {{ id }} }}'),
        200,
        "FORBIDDEN",
    ),
    (
        "prod: ad-hoc query, anonymous",
        PROD,
        post("{ companies(first: 100) { totalCount } }"),
        403,
        "PERSISTED_QUERY_REQUIRED",
    ),
    (
        "prod: ad-hoc query, partner",
        PROD,
        post("{ __typename }", headers=PARTNER_ROC),
        403,
        "PERSISTED_QUERY_REQUIRED",
    ),
    (
        "prod: ad-hoc mutation, partner",
        PROD,
        post(
            f'mutation {{ deleteSchool(id: "{global_id("School", "roc-van-twente")}", expectedVersion: 0)'
            " { id } }",
            headers=PARTNER_ROC,
        ),
        403,
        "PERSISTED_QUERY_REQUIRED",
    ),
    (
        "prod: introspection, anonymous",
        PROD,
        get({"query": "{ __schema { types { name } } }"}),
        403,
        "PERSISTED_QUERY_REQUIRED",
    ),
    (
        "prod: allow-listed EgoNetwork at its limits, anonymous",
        PROD,
        by_name("EgoNetwork", {"id": "overijssel", "hops": 3, "limit": 500}),
        200,
        LITERAL,
    ),
    (
        "prod: allow-listed EgoNetwork past the page policy, anonymous",
        PROD,
        by_name("EgoNetwork", {"id": "overijssel", "hops": 3, "limit": 501}),
        400,
        "PAGE_SIZE_TOO_LARGE",
    ),
    (
        "prod: unknown hash",
        PROD,
        lambda client, _: client.post("/graphql", json=persisted("0" * 64), headers=SPEC),
        400,
        "PERSISTED_QUERY_NOT_FOUND",
    ),
    (
        "prod: hash with another query",
        PROD,
        by_hash("EgoNetwork", "{ __typename }"),
        400,
        "PERSISTED_QUERY_HASH_MISMATCH",
    ),
    (
        "prod: unknown operationName",
        PROD,
        lambda client, _: client.post("/graphql", json={"operationName": "DropAll"}, headers=SPEC),
        400,
        "PERSISTED_QUERY_NOT_FOUND",
    ),
    (
        "prod: bad persistedQuery version",
        PROD,
        lambda client, _: client.post(
            "/graphql",
            json={"extensions": {"persistedQuery": {"version": 2, "sha256Hash": "0" * 64}}},
            headers=SPEC,
        ),
        400,
        "PERSISTED_QUERY_INVALID",
    ),
]


@pytest.fixture
async def app_for(seeded: AsyncDriver, settings: Settings) -> Callable[[bool], Any]:
    """An in-process client for the app in development or production, accepting the test JWTs."""
    jwt_settings = {"hub_jwt_secret": SECRET, "hub_jwt_issuer": ISSUER, "hub_jwt_audience": AUDIENCE}
    base = load_settings(
        **{**settings.model_dump(), **jwt_settings, "hub_api_key_cache_ttl": 0}, _env_file=None
    )

    async def client(production: bool) -> AsyncIterator[httpx.AsyncClient]:
        env = Environment.PRODUCTION if production else Environment.DEVELOPMENT
        app = create_app(base.model_copy(update={"hub_env": env}))
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as http:
                yield http

    return client


def outcome(response: httpx.Response) -> tuple[int, str | None]:
    """The status and the first error's code; LITERAL for an answer without errors."""
    assert response.status_code != 500, response.text
    if response.status_code == 405:
        return 405, None
    body = response.json()
    if response.status_code == 200 and "errors" not in body:
        counts = [value.get("totalCount", 0) for value in body["data"].values() if isinstance(value, dict)]
        assert all(count == 0 for count in counts), body
        return 200, LITERAL
    return response.status_code, body["errors"][0].get("extensions", {}).get("code")


@pytest.mark.parametrize(
    ("production", "send", "status", "code"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
async def test_hostile_request(
    seeded: AsyncDriver,
    app_for: Callable[[bool], Any],
    production: bool,
    send: Send,
    status: int,
    code: str | None,
) -> None:
    before = await snapshot(seeded)
    async for client in app_for(production):
        assert outcome(await send(client, seeded)) == (status, code)
        alive = await client.post("/graphql", json={"query": "{ __typename }"}, headers=bearer("admin"))
        assert alive.json() == {"data": {"__typename": "Query"}}
    assert await snapshot(seeded) == before
