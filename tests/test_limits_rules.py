"""The GraphQL limits, executed against a small schema: each bomb refused with its code, fair queries pass."""

from __future__ import annotations

import time
from typing import Any

import pytest
from graphql import OperationDefinitionNode, parse
from starlette.requests import Request

from hub.auth.principal import ANONYMOUS, Principal, attach
from hub.auth.roles import Role
from hub.config import Environment, Settings, load_settings
from hub.graphql.pages import Pages
from hub.limits.measure import Measurer
from tests.auth_limits_app import Context, schema

ADMIN = Principal(subject="key:a", role=Role.ADMIN, credential_id="a")
ANALYST = Principal(subject="key:b", role=Role.ANALYST, credential_id="b")


@pytest.fixture(scope="module")
def development() -> Settings:
    return load_settings(hub_max_page_size=100, _env_file=None)


@pytest.fixture(scope="module")
def production() -> Settings:
    return load_settings(hub_env=Environment.PRODUCTION, hub_max_page_size=100, _env_file=None)


async def run(
    query: str,
    settings: Settings,
    principal: Principal = ANONYMOUS,
    variables: dict[str, Any] | None = None,
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    request = Request({"type": "http", "method": "POST", "path": "/graphql", "headers": []})
    attach(request, principal)
    result = await schema.execute(query, variables, context_value=Context(settings, request))
    return result.data, [dict(error.formatted) for error in result.errors or ()]


def codes(errors: list[dict[str, Any]]) -> list[str]:
    return [error.get("extensions", {}).get("code", "") for error in errors]


def nested(depth: int) -> str:
    """`{ everything { parent { parent ... { id } } } }` with `depth` levels of fields."""
    return "{ everything { " + "parent { " * (depth - 2) + "id" + " }" * (depth - 2) + " } }"


async def test_a_fair_query_passes(development: Settings) -> None:
    data, errors = await run("{ items(first: 2) { total edges { node { id } } } }", development)
    assert errors == []
    assert data == {"items": {"total": 2, "edges": [{"node": {"id": "0"}}, {"node": {"id": "1"}}]}}


async def test_depth(development: Settings) -> None:
    assert (await run(nested(10), development))[1] == []
    _, errors = await run(nested(11), development)
    assert codes(errors) == ["QUERY_TOO_DEEP"]
    assert errors[0]["message"] == "depth 11 exceeds the limit of 10"


async def test_depth_counts_through_fragments(development: Settings) -> None:
    query = "{ everything { ...P } } fragment P on Item { " + "parent { " * 9 + "id" + " }" * 9 + " }"
    assert codes((await run(query, development))[1]) == ["QUERY_TOO_DEEP"]


async def test_aliases(development: Settings) -> None:
    fifteen = " ".join(f"a{n}: __typename" for n in range(15))
    assert (await run("{ " + fifteen + " }", development))[1] == []
    _, errors = await run("{ " + fifteen + " extra: __typename }", development)
    assert codes(errors) == ["TOO_MANY_ALIASES"]


async def test_directives(development: Settings) -> None:
    fields = " ".join("__typename @include(if: true)" for _ in range(51))
    assert codes((await run("{ " + fields + " }", development))[1]) == ["TOO_MANY_DIRECTIVES"]


async def test_tokens(development: Settings) -> None:
    data, errors = await run("{ " + "__typename " * 2000 + "}", development)
    assert data is None
    assert codes(errors) == ["TOO_MANY_TOKENS"]


async def test_comments_are_not_tokens(development: Settings) -> None:
    assert (await run("# " + "word " * 3000 + "\n{ __typename }", development))[1] == []


async def test_cost_multiplies_page_sizes(development: Settings) -> None:
    query = "{ items(first: 100) { edges { node { children(first: 100) { edges { node { %s } } } } } } }"
    assert (await run(query % "id", development))[1] == []
    deeper = query % "children(first: 10) { edges { node { id } } }"
    _, errors = await run(deeper, development)
    assert codes(errors) == ["QUERY_TOO_COSTLY"]


async def test_cost_reads_page_sizes_from_variables(development: Settings) -> None:
    query = (
        "query($n: Int = 100) { items(first: $n) { edges { node { "
        "children(first: $n) { edges { node { children(first: $n) { edges { node { id } } } } } } } } } }"
    )
    assert codes((await run(query, development))[1]) == ["QUERY_TOO_COSTLY"]
    assert (await run(query, development, variables={"n": 5}))[1] == []


def test_cost_uses_the_default_page_size_for_lists() -> None:
    document = parse("{ everything { children { edges { node { id } } } } }")
    [operation] = document.definitions
    assert isinstance(operation, OperationDefinitionNode)
    measure = Measurer(schema._schema, document, {}, Pages(20, 100)).operation(operation)
    # 20 items (the default page), each with its children: a connection paged by default (20 edges, one
    # each), each edge with its node
    assert measure.cost == 20 * (1 + 20 * (1 + 1 * (1 + 1)))
    assert (measure.depth, measure.aliases, measure.directives) == (5, 0, 0)


async def test_fragment_bomb_is_measured_quickly(development: Settings) -> None:
    levels = 40
    fragments = " ".join(
        f"fragment F{n} on Item {{ a{n}: parent {{ ...F{n + 1} }} b{n}: parent {{ ...F{n + 1} }} }}"
        for n in range(levels)
    )
    query = "{ everything { ...F0 } } " + fragments + f" fragment F{levels} on Item {{ id }}"
    started = time.perf_counter()
    _, errors = await run(query, development.model_copy(update={"hub_max_tokens": 100_000}))
    assert time.perf_counter() - started < 2
    assert {"QUERY_TOO_DEEP", "TOO_MANY_ALIASES", "QUERY_TOO_COSTLY"} <= set(codes(errors))


@pytest.mark.parametrize(
    ("query", "variables", "code"),
    [
        ("{ items(first: 1000000) { total } }", None, "PAGE_SIZE_TOO_LARGE"),
        ("{ items(last: 101) { total } }", None, "PAGE_SIZE_TOO_LARGE"),
        ("{ items(first: -1) { total } }", None, "BAD_USER_INPUT"),
        ("query($n: Int) { items(first: $n) { total } }", {"n": 1000000}, "PAGE_SIZE_TOO_LARGE"),
        ("query($n: Int) { items(first: $n) { total } }", {"n": 1e6}, "PAGE_SIZE_TOO_LARGE"),
        ("query($n: Int = 500) { items(first: $n) { total } }", None, "PAGE_SIZE_TOO_LARGE"),
    ],
)
async def test_page_size(
    development: Settings, query: str, variables: dict[str, Any] | None, code: str
) -> None:
    _, errors = await run(query, development, variables=variables)
    assert code in codes(errors)


async def test_largest_page_is_allowed(development: Settings) -> None:
    assert (await run("{ items(first: 100) { total } }", development))[1] == []


async def test_free_queries_skip_cost_but_not_page_size(development: Settings) -> None:
    query = (
        "{ items(first: 100) { edges { node { children(first: 100) { edges { node { "
        "children(first: 100) { edges { node { id } } } } } } } } } }"
    )
    assert codes((await run(query, development, ANALYST))[1]) == ["QUERY_TOO_COSTLY"]
    assert (await run(query, development, ADMIN))[1] == []
    assert codes((await run("{ items(first: 101) { total } }", development, ADMIN))[1]) == [
        "PAGE_SIZE_TOO_LARGE"
    ]


INTROSPECTION = "{ __schema { queryType { name } } }"


async def test_introspection_off_only_for_anonymous_in_production(
    development: Settings, production: Settings
) -> None:
    assert codes((await run(INTROSPECTION, production))[1]) == ["INTROSPECTION_DISABLED"]
    assert (await run(INTROSPECTION, production, ANALYST))[1] == []
    assert (await run(INTROSPECTION, development))[1] == []
    assert (await run("{ __typename }", production))[1] == []


async def test_suggestions_hidden_only_for_anonymous_in_production(
    development: Settings, production: Settings
) -> None:
    hidden = (await run("{ mee }", production))[1][0]["message"]
    assert hidden == "Cannot query field 'mee' on type 'Query'."
    assert "Did you mean 'me'?" in (await run("{ mee }", production, ANALYST))[1][0]["message"]
    assert "Did you mean 'me'?" in (await run("{ mee }", development))[1][0]["message"]


async def test_internal_errors_masked_in_production(development: Settings, production: Settings) -> None:
    [masked] = (await run("{ boom }", production, ADMIN))[1]
    assert masked["message"] == "Internal server error."
    assert masked["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
    assert "MATCH" not in str(masked)
    [shown] = (await run("{ boom }", development))[1]
    assert "MATCH" in shown["message"]


async def test_client_errors_kept_in_production(production: Settings) -> None:
    [error] = (await run("{ refused }", production))[1]
    assert error["message"] == "that id is not valid"
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
