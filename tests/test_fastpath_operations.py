"""The fast path answers exactly as graphql-core does: the operations in queries/ and hand-picked cases."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hub.config import Settings
from hub.graphql import ids
from hub.graphql.compiler import shape
from tests.fastpath_support import Graph, seeded_graph

QUERIES = Path(__file__).resolve().parent.parent / "queries"


@pytest.fixture(scope="module")
def graph(settings: Settings) -> Iterator[Graph]:
    yield from seeded_graph(settings, QUERIES.parent)


def operation(name: str) -> tuple[str, dict[str, Any] | None]:
    variables = QUERIES / f"{name}.variables.json"
    return (
        (QUERIES / f"{name}.graphql").read_text(),
        json.loads(variables.read_text()) if variables.exists() else None,
    )


@pytest.mark.parametrize("name", sorted(path.stem for path in QUERIES.glob("*.graphql")))
def test_every_operation_in_queries_answers_the_same(graph: Graph, name: str) -> None:
    slow, fast, took_fast_path = graph.run(graph.both(*operation(name)))
    assert fast == slow
    assert took_fast_path  # every operation: compiled root fields and domain resolvers alike
    assert b'"errors"' not in slow


CASES = {
    "aliases and typename": "{ __typename a: schools(first: 2) { __typename totalCount edges { n: node { "
    "__typename s: slug id } } } b: schools(first: 1) { pageInfo { hasNextPage endCursor } } }",
    "fragments on interfaces": "query { organisations(first: 5, orderBy: [{field: NAME}]) { edges { node { "
    "...O ... on School { level } ... on Company { sector sizeClass } } } } } "
    "fragment O on Organisation { __typename name ... on Entity { slug } }",
    "include and skip": "query($yes: Boolean!, $no: Boolean = false) { projects(first: 3) { "
    "totalCount @include(if: $yes) edges @skip(if: $no) { node { name status @include(if: $no) "
    "startDate @skip(if: $yes) } } } }",
    "node lookups": '{ node(id: "nope") { id } nodes(ids: []) { id } }',
    "bad cursor": '{ schools(after: "not-a-cursor") { totalCount } }',
    "page too large": "{ schools(first: 5000) { totalCount } version }",
    "search": '{ search(query: "techniek", first: 3) { score node { __typename slug name } } }',
    "domain field with an error": '{ fundingTrace(from: "nobody") { nodeCount } paths(from: "a", to: "a") '
    "{ paths { length } } }",
    "domain field with fragments and aliases": '{ t: fundingTrace(from: "overijssel", first: 2) { '
    "...T hops { hop n: flows { __typename slug amount date } } } } "
    "fragment T on FundingTrace { __typename nodeCount nodes { node { kind id } hop } }",
    "funding groups": "{ fundingAggregate(groupBy: [YEAR, FUNDER]) { key { year funder { __typename slug } } "
    "count totalAmount unknownAmountCount } }",
    "validation error": "{ schools { nope } }",
    "parse error": "{ schools { ",
    "mixed with a domain field": "{ targetProgress { note } schools(first: 1) { totalCount } }",
    "introspection": "{ __schema { queryType { name } } schools(first: 1) { totalCount } }",
    "mutation refused": "mutation { x }",
    "dates and relationship properties": "{ pacts(first: 2) { edges { node { membersConnection(first: 3) { "
    "edges { cursor properties { role since until } node { __typename name } } } } } } }",
    "a backward page with its cursors": "{ companies(last: 3, orderBy: [{field: NAME}]) { __typename "
    "p: pageInfo { s: startCursor endCursor hasPreviousPage hasNextPage } edges { c: cursor node { id "
    "updatedAt version synthetic } } e: edges { node { __typename slug } } } }",
    "two edges selections with their own properties": "{ pacts(first: 1) { edges { node { "
    "a: membersConnection(first: 2) { x: edges { properties { role } node { slug } } "
    "y: edges { __typename properties { since } } } } } } }",
    "lookups of several kinds": '{ nodes(ids: ["techniekpact-twente", "nope", "overijssel"]) { __typename id '
    '... on Entity { slug updatedAt } } node(id: "overijssel") { ... on Organisation { name } } }',
    "a lookup with a malformed id": '{ nodes(ids: ["Not a slug"]) { id } }',
}


@pytest.mark.parametrize("query", CASES.values(), ids=CASES.keys())
def test_hand_picked_cases_answer_the_same(graph: Graph, query: str) -> None:
    slow, fast, _ = graph.run(graph.both(query, {"yes": True}))
    assert fast == slow


def test_variables_that_do_not_coerce_are_reported_the_same(graph: Graph) -> None:
    query = "query($n: Int!) { schools(first: $n) { totalCount } }"
    for variables in ({"n": "three"}, {}, {"n": 2}):
        slow, fast, _ = graph.run(graph.both(query, variables))
        assert fast == slow


def test_the_root_fields_of_the_fast_path_make_one_round_trip_each(graph: Graph) -> None:
    context = graph.context()
    query = "{ a: schools(first: 2) { totalCount } b: companies(first: 2) { totalCount } __typename }"
    from tests.fastpath_support import FAST

    result = graph.run(FAST.execute(query, context_value=context))
    assert result.errors is None
    assert len(context.round_trips) == 2


def test_a_page_encodes_no_cursor_that_is_not_selected(graph: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    encoded: list[bytes] = []
    original = ids._encode
    monkeypatch.setattr(ids, "_encode", lambda raw: encoded.append(raw) or original(raw))
    slow, fast, took_fast_path = graph.run(graph.both("{ companies(first: 5) { edges { node { slug } } } }"))
    assert fast == slow and took_fast_path
    assert encoded == []
    graph.run(graph.both("{ companies(first: 5) { pageInfo { endCursor } edges { node { slug } } } }"))
    assert len(encoded) == 2  # the last row's, once on each path


def test_a_compiled_page_is_completed_without_shaping_it_first(
    graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    shaped: list[object] = []
    original = shape.connection
    monkeypatch.setattr(shape, "connection", lambda plan, raw: shaped.append(plan) or original(plan, raw))
    query = "{ companies(first: 3) { edges { cursor node { __typename id slug updatedAt } } } }"
    slow, fast, took_fast_path = graph.run(graph.both(query))
    assert fast == slow and took_fast_path
    assert len(shaped) == 1  # graphql-core's path only


def test_an_aggregate_is_completed_without_shaping_it_first(
    graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    shaped: list[object] = []
    original = shape.groups
    monkeypatch.setattr(shape, "groups", lambda plan, raw: shaped.append(plan) or original(plan, raw))
    query = (
        "{ projectsAggregate(groupBy: [PROJECT_TYPE, START_DATE_YEAR, LEADERS]) { __typename"
        " key { __typename projectType year: startDateYear leaders { __typename slug name } }"
        " n: count startDate { min latest: max } } }"
    )
    slow, fast, took_fast_path = graph.run(graph.both(query))
    assert fast == slow and took_fast_path
    assert len(shaped) == 1  # graphql-core's path only
