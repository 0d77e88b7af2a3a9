"""Read scoping: anonymous, a partner (its own organisation vs another) and an analyst read different things.

Private properties (Person.email) are masked to null; private records (requested funding flows) are left out
everywhere; a filter on a private property matches the masked value; scoped lookups still seek an index.
"""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import AsyncDriver

from hub.auth.principal import ANONYMOUS, Principal
from hub.auth.roles import Role
from hub.config import Settings
from hub.graphql.context import Context
from hub.graphql.cypher import run as run_module
from hub.graphql.cypher.scope import Statement
from hub.graphql.schema import schema
from tests.test_graphql_helpers import gid

GRAPH = """
CREATE (prov:Province:Entity:Organisation {id: 'prov', name: 'Provincie'}),
 (alfa:School:Entity:Organisation {id: 'alfa', name: 'Alfa'}),
 (beta:School:Entity:Organisation {id: 'beta', name: 'Beta'}),
 (ann:Person:Entity {id: 'ann', name: 'Ann', email: 'ann@alfa.nl'}),
 (bob:Person:Entity {id: 'bob', name: 'Bob', email: 'bob@beta.nl'}),
 (open:FundingFlow:Entity {id: 'open-grant', name: 'Open grant', amount: 100.0, status: 'paid', year: 2020}),
 (askA:FundingFlow:Entity {id: 'ask-alfa', name: 'Aanvraag Alfa', amount: 50.0, status: 'requested',
   year: 2020}),
 (askB:FundingFlow:Entity {id: 'ask-beta', name: 'Aanvraag Beta', amount: 70.0, status: 'requested',
   year: 2020}),
 (ann)-[:WORKS_FOR]->(alfa), (bob)-[:WORKS_FOR]->(beta),
 (open)-[:FROM]->(prov), (open)-[:TO]->(alfa),
 (askA)-[:FROM]->(prov), (askA)-[:TO]->(alfa),
 (askB)-[:FROM]->(prov), (askB)-[:TO]->(beta)
"""

PARTNER = Principal(subject="p", role=Role.PARTNER, org="alfa")
"""A partner of Alfa: Ann and the request to Alfa are its own; Bob and the request to Beta are not."""
ANALYST = Principal(subject="a", role=Role.ANALYST)
VIEWERS = {"anonymous": ANONYMOUS, "partner": PARTNER, "analyst": ANALYST}


@pytest.fixture
async def graph(db: AsyncDriver) -> AsyncDriver:
    await db.execute_query(GRAPH)
    return db


async def ask(
    driver: AsyncDriver, settings: Settings, principal: Principal, query: str, **variables: Any
) -> Any:
    context = Context(driver=driver, settings=settings, request=None, principal=principal)  # type: ignore[arg-type]
    result = await schema.execute(query, variable_values=variables, context_value=context)
    assert not result.errors, result.errors
    return result.data


async def per_viewer(driver: AsyncDriver, settings: Settings, query: str, **variables: Any) -> dict[str, Any]:
    return {name: await ask(driver, settings, who, query, **variables) for name, who in VIEWERS.items()}


def slugs(connection: dict[str, Any]) -> list[str]:
    return [edge["node"]["slug"] for edge in connection["edges"]]


async def test_email_is_masked_unless_own_organisation_or_read_all(
    graph: AsyncDriver, settings: Settings
) -> None:
    seen = await per_viewer(graph, settings, "{ people { edges { node { slug email } } } }")
    emails = {
        name: {e["node"]["slug"]: e["node"]["email"] for e in d["people"]["edges"]}
        for name, d in seen.items()
    }
    assert emails == {
        "anonymous": {"ann": None, "bob": None},
        "partner": {"ann": "ann@alfa.nl", "bob": None},
        "analyst": {"ann": "ann@alfa.nl", "bob": "bob@beta.nl"},
    }


async def test_filters_and_sorting_use_the_masked_email(graph: AsyncDriver, settings: Settings) -> None:
    query = """{
      has: people(where: {email: {contains: "@"}}) { edges { node { slug } } }
      hidden: people(where: {email: {isNull: true}}) { totalCount }
      sorted: people(orderBy: [{field: EMAIL, direction: DESC}]) { edges { cursor node { slug } } }
    }"""
    seen = await per_viewer(graph, settings, query)
    assert {name: slugs(d["has"]) for name, d in seen.items()} == {
        "anonymous": [],
        "partner": ["ann"],
        "analyst": ["ann", "bob"],
    }
    assert {name: d["hidden"]["totalCount"] for name, d in seen.items()} == {
        "anonymous": 2,
        "partner": 1,
        "analyst": 0,
    }
    # Sorting by a hidden email orders as null (then by id): the order does not reveal it.
    assert slugs(seen["anonymous"]["sorted"]) == ["ann", "bob"]
    assert slugs(seen["analyst"]["sorted"]) == ["bob", "ann"]


async def test_requested_flows_in_collections_traversals_and_counts(
    graph: AsyncDriver, settings: Settings
) -> None:
    query = """{
      fundingFlows(orderBy: [{field: NAME}]) { totalCount edges { node { slug } } }
      schools(orderBy: [{field: NAME}]) { edges { node { slug
        fundingReceived { slug }
        fundingReceivedConnection { totalCount edges { node { slug } } }
      } } }
      asking: schools(where: {fundingReceived: {some: {status: {eq: REQUESTED}}}}) { totalCount }
      provinces { edges { node { fundingGiven { slug } } } }
    }"""
    seen = await per_viewer(graph, settings, query)
    flows = {name: (slugs(d["fundingFlows"]), d["fundingFlows"]["totalCount"]) for name, d in seen.items()}
    assert flows == {
        "anonymous": (["open-grant"], 1),
        "partner": (["ask-alfa", "open-grant"], 2),
        "analyst": (["ask-alfa", "ask-beta", "open-grant"], 3),
    }
    received = {
        name: {
            e["node"]["slug"]: (
                sorted(f["slug"] for f in e["node"]["fundingReceived"]),
                e["node"]["fundingReceivedConnection"]["totalCount"],
            )
            for e in d["schools"]["edges"]
        }
        for name, d in seen.items()
    }
    assert received == {
        "anonymous": {"alfa": (["open-grant"], 1), "beta": ([], 0)},
        "partner": {"alfa": (["ask-alfa", "open-grant"], 2), "beta": ([], 0)},
        "analyst": {"alfa": (["ask-alfa", "open-grant"], 2), "beta": (["ask-beta"], 1)},
    }
    assert {name: d["asking"]["totalCount"] for name, d in seen.items()} == {
        "anonymous": 0,
        "partner": 1,
        "analyst": 2,
    }
    given = {name: len(d["provinces"]["edges"][0]["node"]["fundingGiven"]) for name, d in seen.items()}
    assert given == {"anonymous": 1, "partner": 2, "analyst": 3}


async def test_requested_flows_in_aggregates(graph: AsyncDriver, settings: Settings) -> None:
    seen = await per_viewer(graph, settings, "{ fundingAggregate { count totalAmount } }")
    totals = {
        name: (d["fundingAggregate"][0]["count"], d["fundingAggregate"][0]["totalAmount"])
        for name, d in seen.items()
    }
    assert totals == {"anonymous": (1, 100.0), "partner": (2, 150.0), "analyst": (3, 220.0)}


async def test_requested_flows_in_lookups_and_search(graph: AsyncDriver, settings: Settings) -> None:
    query = """query($own: ID!, $other: ID!) {
      own: node(id: $own) { id }
      other: node(id: $other) { id }
      nodes(ids: [$own, $other]) { id }
      search(query: "aanvraag") { node { ... on FundingFlow { slug } } }
    }"""
    own, other = gid("FundingFlow", "ask-alfa"), gid("FundingFlow", "ask-beta")
    seen = await per_viewer(graph, settings, query, own=own, other=other)
    found = {
        name: (
            d["own"] is not None,
            d["other"] is not None,
            [n is not None for n in d["nodes"]],
            sorted(hit["node"]["slug"] for hit in d["search"]),
        )
        for name, d in seen.items()
    }
    assert found == {
        "anonymous": (False, False, [False, False], []),
        "partner": (True, False, [True, False], ["ask-alfa"]),
        "analyst": (True, True, [True, True], ["ask-alfa", "ask-beta"]),
    }


async def test_requested_flows_in_domain_queries(graph: AsyncDriver, settings: Settings) -> None:
    query = """{
      fundingTrace(from: "prov", maxHops: 1) { hops { flows { slug } total { count known } } }
      neighbourhood(id: "prov") { nodes { slug } }
      paths(from: "prov", to: "beta") { paths { nodes { slug } } }
    }"""
    seen = await per_viewer(graph, settings, query)
    traced = {
        name: sorted(f["slug"] for hop in d["fundingTrace"]["hops"] for f in hop["flows"])
        for name, d in seen.items()
    }
    assert traced == {
        "anonymous": ["open-grant"],
        "partner": ["ask-alfa", "open-grant"],
        "analyst": ["ask-alfa", "ask-beta", "open-grant"],
    }
    around = {name: sorted(n["slug"] for n in d["neighbourhood"]["nodes"]) for name, d in seen.items()}
    assert around == {
        "anonymous": ["open-grant", "prov"],
        "partner": ["ask-alfa", "open-grant", "prov"],
        "analyst": ["ask-alfa", "ask-beta", "open-grant", "prov"],
    }
    reached = {name: len(d["paths"]["paths"]) for name, d in seen.items()}
    assert reached == {"anonymous": 0, "partner": 0, "analyst": 1}


async def test_a_hidden_flow_is_no_domain_starting_point(graph: AsyncDriver, settings: Settings) -> None:
    context = Context(driver=graph, settings=settings, request=None)  # type: ignore[arg-type]
    result = await schema.execute(
        '{ neighbourhood(id: "ask-beta") { nodes { slug } } }', context_value=context
    )
    assert result.errors and "no node has id" in result.errors[0].message


# --- the plans: scoping filters after the index seek -----------------------------------------------


async def compiled(
    monkeypatch: pytest.MonkeyPatch, driver: AsyncDriver, settings: Settings, principal: Principal, query: str
) -> tuple[str, dict[str, Any]]:
    """The one statement a root field sends for `principal`."""
    sent: list[tuple[str, dict[str, Any]]] = []
    real = run_module.read

    async def record(context: Context, statement: Statement) -> list[dict[str, Any]]:
        sent.append((statement.text, statement.parameters))
        return await real(context, statement)

    monkeypatch.setattr(run_module, "read", record)
    await ask(driver, settings, principal, query)
    (statement,) = sent
    return statement


async def operators(driver: AsyncDriver, statement: str, parameters: dict[str, Any]) -> set[str]:
    """Every operator of the statement's EXPLAIN plan (without the runtime suffix)."""
    async with driver.session() as session:
        result = await session.run("EXPLAIN " + statement, parameters)
        summary = await result.consume()
    found: set[str] = set()
    stack = [summary.plan]
    while stack:
        plan = stack.pop()
        assert plan is not None
        found.add(plan["operatorType"].split("@")[0])
        stack.extend(plan.get("children", []))
    return found


SEEKS = {"NodeUniqueIndexSeek", "NodeIndexSeek"}


LOOKUPS = [
    f'{{ node(id: "{gid("FundingFlow", "ask-alfa")}") {{ id }} }}',
    f'{{ node(id: "{gid("Person", "ann")}") {{ ... on Person {{ email }} }} }}',
    '{ people(where: {slug: {eq: "ann"}}) { edges { node { slug email } } } }',
    '{ fundingFlows(where: {slug: {eq: "ask-alfa"}}) { totalCount edges { node { slug } } } }',
]


async def test_scoped_lookups_still_seek_the_index(
    monkeypatch: pytest.MonkeyPatch, graph: AsyncDriver, settings: Settings
) -> None:
    for principal in VIEWERS.values():
        for query in LOOKUPS:
            statement, parameters = await compiled(monkeypatch, graph, settings, principal, query)
            found = await operators(graph, statement, parameters)
            assert found & SEEKS, (statement, found)
            assert not found & {"NodeByLabelScan", "AllNodesScan"}, (statement, found)


async def test_scoping_costs_readers_of_everything_nothing(
    monkeypatch: pytest.MonkeyPatch, graph: AsyncDriver, settings: Settings
) -> None:
    query = '{ people(where: {email: {contains: "@"}}) { edges { node { email } } } }'
    statement, parameters = await compiled(monkeypatch, graph, settings, ANALYST, query)
    assert "CASE WHEN" not in statement and "viewerOrg" not in parameters
    statement, parameters = await compiled(monkeypatch, graph, settings, PARTNER, query)
    assert parameters["viewerOrg"] == "alfa" and "$viewerOrg" in statement and "alfa" not in statement
