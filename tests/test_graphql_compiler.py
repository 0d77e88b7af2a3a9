"""The compiler layer by layer, without a database: selection -> plan -> Cypher (snapshots)."""

from __future__ import annotations

import datetime as dt

import pytest

from hub.graphql.catalog import CATALOG
from hub.graphql.compiler import lucene, planner
from hub.graphql.compiler.filters import predicate
from hub.graphql.compiler.plan import (
    AllOf,
    AnyOf,
    Compare,
    Constant,
    HasLabel,
    IsNull,
    Related,
    Sort,
    SortKey,
)
from hub.graphql.compiler.predicates import beyond
from hub.graphql.compiler.selection import Selection
from hub.graphql.cypher.scope import Scope
from hub.graphql.errors import BadRequest, PageSizeTooLarge
from hub.graphql.ids import Cursor
from hub.graphql.pages import Pages
from tests.test_graphql_helpers import compile_only, gid, snapshot

# --- selection --------------------------------------------------------------------------------

FRAGMENTS = """
query($withName: Boolean!, $n: Int) {
  organisations(first: $n) {
    edges {
      node {
        ...named @include(if: $withName)
        ... on School { level mine: slug }
        ... on Company { sector }
        hidden: slug @skip(if: true)
      }
    }
  }
}
fragment named on Organisation { name }
"""


async def test_selection_resolves_aliases_fragments_variables_and_directives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    compiled = await compile_only(monkeypatch, FRAGMENTS, {"withName": True, "n": 5})
    root = compiled.selections[0]
    assert root.arguments["first"] == 5
    (node,) = root.child("edges")[0].child("node")
    school = [(child.key, child.name) for child in node.children("School")]
    assert school == [("name", "name"), ("level", "level"), ("mine", "slug")]
    assert [child.name for child in node.children("Company")] == ["name", "sector"]
    assert [child.name for child in node.children("Pact")] == ["name"]

    compiled = await compile_only(monkeypatch, FRAGMENTS, {"withName": False})
    (node,) = compiled.selections[0].child("edges")[0].child("node")
    assert node.children("Pact") == ()
    assert "first" not in compiled.selections[0].arguments


async def test_selection_coerces_input_values(monkeypatch: pytest.MonkeyPatch) -> None:
    query = """query($d: Date) {
      projects(where: {startDate: {gte: $d}, projectType: {eq: TALENT}}) { totalCount }
    }"""
    compiled = await compile_only(monkeypatch, query, {"d": "2018-06-01"})
    where = compiled.selections[0].arguments["where"]
    assert where["startDate"]["gte"] == dt.date(2018, 6, 1)
    assert where["projectType"]["eq"].value == "talent"


# --- plan -------------------------------------------------------------------------------------


def connection_selection(**arguments: object) -> Selection:
    cursor = Selection("cursor", "cursor")
    node = Selection("node", "node", by_type={"School": (Selection("name", "name"),)})
    edges = Selection("edges", "edges", by_type={"SchoolEdge": (cursor, node)})
    return Selection("schools", "schools", arguments, by_type={"SchoolConnection": (edges,)})


PAGES = Pages(default=20, maximum=100)


def test_plan_sorts_by_name_then_id_by_default_and_always_ends_with_the_id() -> None:
    plan = planner.root_connection(CATALOG["School"], connection_selection(), PAGES)
    assert plan.sort.keys == (SortKey("name"), SortKey("id"))
    assert plan.page.size == PAGES.default
    order = [{"field": "level", "direction": "DESC"}, {"field": "name", "direction": "ASC"}]
    plan = planner.root_connection(CATALOG["School"], connection_selection(orderBy=order), PAGES)
    assert plan.sort.keys == (SortKey("level", True), SortKey("name"), SortKey("id"))


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"first": 101}, PageSizeTooLarge, "first must be at most 100, got 101"),
        ({"last": -1}, BadRequest, "last must be at least 0, got -1"),
        ({"first": 1, "last": 1}, BadRequest, "first or last"),
        ({"after": "garbage"}, BadRequest, "not a valid"),
    ],
)
def test_plan_refuses_bad_pages(arguments: dict[str, object], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        planner.root_connection(CATALOG["School"], connection_selection(**arguments), PAGES)


def test_filters_map_through_the_catalog() -> None:
    school = CATALOG["School"]
    assert predicate(school, {"slug": {"eq": "ut"}}) == Compare("id", "eq", "ut")
    assert predicate(school, {"description": {"isNull": True}}) == IsNull("description", True)
    assert predicate(school, {"id": {"eq": gid("Company", "x")}}) == Constant(False)
    assert predicate(school, {"id": {"in": [gid("School", "ut")]}}) == AnyOf(
        (AllOf((HasLabel("School"), Compare("id", "eq", "ut"))),)
    )
    found = predicate(
        CATALOG["Company"], {"participatesIn": {"none": {"Project": {"name": {"startsWith": "T"}}}}}
    )
    assert isinstance(found, Related) and found.quantifier == "none"
    assert found.condition == AllOf((HasLabel("Project"), Compare("name", "startsWith", "T")))


def test_search_text_becomes_words_never_lucene_syntax() -> None:
    assert lucene.query('a+b (Cé) "d" AND e:f* ~g \\ /h/ OR 2018') == (
        "(a^8) (b^8) (ce^8) (d^8) (and^8 and*^2) (e^8) (f^8) (g^8)"
    )
    assert lucene.query("Oriëntatie techniek 2018") == (
        "(orientatie^8 orientatie*^2 orientatie~2^0.25) (techniek^8 techniek*^2 techniek~2^0.25)"
        " (2018^8 2018*^2)"
    )
    assert lucene.query("Twente TWENTE twente") == "(twente^8 twente*^2 twente~1^0.25)"
    assert lucene.query(" ".join(f"w{i}" for i in range(20))).count("(") == lucene.MAX_WORDS
    assert lucene.query('"*~\\ AND OR ( :^ []{}!&|') == "(and^8 and*^2) (or^8)"
    assert lucene.query("  -- !? ") == ""


# --- Cypher -----------------------------------------------------------------------------------

SNAPSHOT_QUERIES = {
    "collection_filtered_sorted": """{
      companies(
        first: 5
        orderBy: [{field: SECTOR, direction: DESC}]
        where: {OR: [{name: {contains: "BV"}}, {sizeClass: {in: [SMALL, MEDIUM]}}], NOT: {synthetic: {eq:
            false}},
                 participatesIn: {some: {Project: {projectType: {eq: TALENT},
                                                   locatedIn: {some: {slug: {eq: "twente"}}}}}},
                 memberOf: {all: {name: {startsWith: "Techniek"}}}}
      ) { totalCount edges { cursor node { id name sector } } pageInfo { hasNextPage endCursor } }
    }""",
    "nested_relationships": """{
      schools {
        edges { node {
          name
          pacts: memberOf(asOf: "2019-06-01", first: 3) { name }
          memberOfConnection(first: 2) { totalCount edges { cursor properties { role since until synthetic
              } node { name } } }
          fundingReceived { amount funder { name } }
        } }
      }
    }""",
    "node_with_fragments": """query($id: ID!) {
      node(id: $id) { id ... on School { level } ... on Company { sector } }
    }""",
    "search": """{
      search(query: "techniek OR (pact", kinds: [PACT, SCHOOL], first: 5) { score node { name } }
    }""",
    "funding_aggregate": """{
      fundingAggregate(where: {year: {gte: 2018}}, groupBy: [YEAR, RECIPIENT]) {
        key { year recipient { name } } count totalAmount unknownAmountCount
      }
    }""",
}


@pytest.mark.parametrize("name", sorted(SNAPSHOT_QUERIES))
async def test_cypher_snapshot(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    compiled = await compile_only(
        monkeypatch, SNAPSHOT_QUERIES[name], {"id": gid("School", "universiteit-twente")}
    )
    (statement,) = compiled.statements
    snapshot(name, *statement)


async def test_one_statement_per_root_field(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled = await compile_only(
        monkeypatch, "{ a: schools { totalCount } b: companies { totalCount } organisations { totalCount } }"
    )
    assert len(compiled.statements) == 3


def test_keyset_conditions_follow_the_sort_and_its_nulls() -> None:
    ordering = Sort((SortKey("sector", descending=True), SortKey("id")))
    after_value = beyond(Scope(), "n", ordering, Cursor(ordering.cursor_keys, ("metal", "acme")))
    assert after_value == "((n.sector < $p0) OR (n.sector = $p0 AND (n.id > $p1 OR n.id IS NULL)))"
    # descending puts nulls first: after a null come all values, then later ids among the nulls
    after_null = beyond(Scope(), "n", ordering, Cursor(ordering.cursor_keys, (None, "cog")))
    assert after_null == "((n.sector IS NOT NULL) OR (n.sector IS NULL AND (n.id > $p0 OR n.id IS NULL)))"
    ascending = Sort((SortKey("sector"), SortKey("id")))
    assert beyond(Scope(), "n", ascending, Cursor(ascending.cursor_keys, (None, "cog"))) == (
        "((n.sector IS NULL AND (n.id > $p0 OR n.id IS NULL)))"
    )
