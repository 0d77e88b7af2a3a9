"""One cost model for every field: what an answer may hold (measured on the document) and what a domain
question may make the database read (priced in its statement, from the graph's statistics)."""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import AsyncDriver
from starlette.requests import Request

from hub.auth.principal import ANONYMOUS, Principal
from hub.auth.roles import Role
from hub.config import Settings
from hub.graphql.context import Context
from hub.graphql.cost import approximately
from hub.graphql.schema import schema

PARTNER = Principal(subject="key:p", role=Role.PARTNER, org="roc-van-twente")


async def ask(
    driver: AsyncDriver, settings: Settings, query: str, principal: Principal = PARTNER, **changes: Any
) -> tuple[Any, list[dict[str, Any]], int]:
    request = Request({"type": "http", "method": "POST", "headers": [], "query_string": b""})
    limited = settings.model_copy(update=changes)
    context = Context(driver=driver, settings=limited, request=request, principal=principal)
    result = await schema.execute(query, context_value=context)
    return result.data, [dict(error.formatted) for error in result.errors or ()], len(context.round_trips)


def test_estimates_are_shown_to_two_figures_rounded_up() -> None:
    assert [approximately(n) for n in (0, 7, 99, 101, 12_345, 1_900_001.5)] == [
        0,
        7,
        99,
        110,
        13_000,
        2_000_000,
    ]


@pytest.mark.parametrize(
    ("query", "estimate"),
    [
        # 1 + the centre's fields, + nodes: limit + ... each with no object fields: 1 + 1 + 400 + 1600
        ('{ neighbourhood(id: "x", limit: 400) { centre { slug } nodes { slug } edges { id } } }', 2002),
        ('{ paths(from: "a", to: "b", maxHops: 6, first: 300) { paths { nodes { slug } } } }', 1 + 300 * 8),
        ("{ clusters(first: 100) { clusters { members { slug } } } }", 1 + 100 * (1 + 500)),
    ],
)
async def test_domain_lists_are_priced_by_their_arguments(
    db: AsyncDriver, settings: Settings, query: str, estimate: int
) -> None:
    _, errors, trips = await ask(db, settings, query, hub_max_cost=estimate - 1)
    assert [error["extensions"] for error in errors] == [
        {"code": "QUERY_TOO_COSTLY", "estimate": estimate, "limit": estimate - 1}
    ]
    assert trips == 0


async def test_relationship_filters_are_priced_and_nested_only_so_deep(
    db: AsyncDriver, settings: Settings
) -> None:
    deep = (
        "{ companies(where: {memberOf: {some: {Pact: {members: {some: {Company: {memberOf: {some: {}}}}}}}}})"
        " { totalCount } }"
    )
    _, errors, trips = await ask(db, settings, deep)
    assert "FILTER_TOO_DEEP" in [error["extensions"]["code"] for error in errors] and trips == 0
    wide = (
        "{ companies(first: 500, where: {memberOf: {some: {Pact: {members: {some: {}}}}}}) { totalCount } }"
    )
    _, errors, _ = await ask(db, settings, wide)
    assert [error["extensions"]["code"] for error in errors] == ["QUERY_TOO_COSTLY"]
    # a page of 500 companies, each judged by reading 20 pacts, and 20 members of each
    assert errors[0]["extensions"]["estimate"] == 500 * (1 + 20 * (1 + 20))


async def test_a_domain_question_over_its_database_budget_is_refused_before_it_reads(
    seeded: AsyncDriver, settings: Settings
) -> None:
    query = '{ neighbourhood(id: "techniekpact-twente", hops: 3, limit: 500) { nodes { slug } } }'
    data, errors, trips = await ask(seeded, settings, query, hub_max_work=50)
    assert data is None and trips == 1
    [error] = errors
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert error["extensions"]["limit"] == 50 and error["extensions"]["estimate"] > 50
    assert error["extensions"]["measure"] == "database work"
    data, errors, _ = await ask(seeded, settings, query)
    assert errors == [] and len(data["neighbourhood"]["nodes"]) > 1


@pytest.mark.parametrize(
    "query",
    [
        '{ fundingTrace(from: "reserve-uitvoering-kwaliteit-van-overijssel", maxHops: 6) { nodeCount } }',
        '{ paths(from: "roc-van-twente", to: "overijssel", maxHops: 6) { paths { length } } }',
        '{ collaborationPartners(for: "roc-van-twente") { candidates { score } } }',
        "{ targetProgress { note } }",
        "{ clusters { total } }",
    ],
)
async def test_every_domain_question_prices_its_work(
    seeded: AsyncDriver, settings: Settings, query: str
) -> None:
    _, errors, _ = await ask(seeded, settings, query, ANONYMOUS, hub_max_work=1)
    assert [error["extensions"]["code"] for error in errors] == ["QUERY_TOO_COSTLY"]


async def test_a_compiled_filter_over_a_whole_kind_is_priced_from_the_graph(
    seeded: AsyncDriver, settings: Settings
) -> None:
    query = "{ companies(where: {memberOf: {some: {Pact: {members: {some: {}}}}}}) { totalCount } }"
    data, errors, trips = await ask(seeded, settings, query, hub_max_work=1000)
    assert data is None and trips == 1
    assert [error["extensions"]["measure"] for error in errors] == ["database work"]
    data, errors, _ = await ask(seeded, settings, query)
    assert errors == [] and data["companies"]["totalCount"] > 0
