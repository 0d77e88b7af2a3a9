"""Answers from a real database: filters, pagination, relationship filters, asOf, sorting, lookups, search."""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import AsyncDriver

from hub.config import Settings
from tests.test_graphql_helpers import execute, gid, load_graph, ok


@pytest.fixture
async def graph(db: AsyncDriver) -> AsyncDriver:
    await load_graph(db)
    return db


async def slugs(graph: AsyncDriver, settings: Settings, collection: str, arguments: str) -> list[str]:
    data = await ok(graph, settings, f"{{ {collection}({arguments}) {{ edges {{ node {{ slug }} }} }} }}")
    return [edge["node"]["slug"] for edge in data[collection]["edges"]]


@pytest.mark.parametrize(
    ("collection", "where", "expected"),
    [
        ("schools", '{slug: {eq: "windesheim"}}', ["windesheim"]),
        ("schools", '{slug: {in: ["windesheim", "alfa-college", "nope"]}}', ["alfa-college", "windesheim"]),
        ("schools", '{name: {contains: "Twente"}}', ["roc-van-twente", "universiteit-twente"]),
        ("schools", '{name: {startsWith: "Hoge"}}', ["windesheim"]),
        ("schools", '{name: {endsWith: "Twente"}}', ["roc-van-twente", "universiteit-twente"]),
        ("schools", '{name: {contains: "twente"}}', []),
        ("schools", '{name: {containsInsensitive: "twente"}}', ["roc-van-twente", "universiteit-twente"]),
        ("projects", '{name: {containsInsensitive: "talent"}}', ["talent-it", "zwolle-talent"]),
        ("schools", '{name: {startsWithInsensitive: "hoge"}}', ["windesheim"]),
        ("schools", '{name: {endsWithInsensitive: "COLLEGE"}}', ["alfa-college"]),
        ("schools", '{name: {eqInsensitive: "roc VAN twente"}}', ["roc-van-twente"]),
        ("schools", '{name: {eq: "roc VAN twente"}}', []),
        ("schools", '{name: {inInsensitive: ["ALFA-COLLEGE", "windesheim"]}}', ["alfa-college"]),
        ("schools", '{description: {containsInsensitive: "ENSCHEDE"}}', ["universiteit-twente"]),
        ("schools", "{level: {eq: MBO}}", ["alfa-college", "roc-van-twente"]),
        ("schools", "{level: {in: [WO, HBO]}}", ["windesheim", "universiteit-twente"]),
        ("schools", "{description: {isNull: false}}", ["universiteit-twente"]),
        ("companies", "{sector: {isNull: true}}", ["cog-systems"]),
        ("fundingFlows", "{amount: {gt: 500}}", ["flow-1"]),
        ("fundingFlows", "{amount: {gte: 500}}", ["flow-1", "flow-3"]),
        ("fundingFlows", "{amount: {lt: 1000}}", ["flow-3"]),
        ("fundingFlows", "{amount: {lte: 1000}, year: {eq: 2018}}", ["flow-1"]),
        ("projects", '{startDate: {gt: "2018-01-01"}}', ["zwolle-talent"]),
        ("projects", '{startDate: {gte: "2018-01-01"}}', ["talent-it", "zwolle-talent"]),
        ("projects", '{startDate: {lt: "2019-01-01"}}', ["talent-it"]),
        (
            "projects",
            '{startDate: {lte: "2019-03-01"}, projectType: {eq: TALENT}}',
            ["talent-it", "zwolle-talent"],
        ),
        ("projects", "{startDate: {isNull: true}}", ["fieldlab-sociale-innovatie"]),
        ("companies", "{synthetic: {eq: true}, sizeClass: {eq: SMALL}}", ["acme-metaal"]),
        (
            "schools",
            '{OR: [{level: {eq: WO}}, {name: {startsWith: "Alfa"}}]}',
            ["alfa-college", "universiteit-twente"],
        ),
        ("schools", '{AND: [{level: {eq: MBO}}, {name: {contains: "ROC"}}]}', ["roc-van-twente"]),
        ("schools", "{NOT: {level: {eq: MBO}}}", ["windesheim", "universiteit-twente"]),
        ("schools", "{OR: []}", []),
        ("organisations", "{School: {level: {eq: HBO}}}", ["windesheim"]),
    ],
)
async def test_filter_operators(
    graph: AsyncDriver, settings: Settings, collection: str, where: str, expected: list[str]
) -> None:
    assert await slugs(graph, settings, collection, f"where: {where}") == expected


async def test_filter_by_global_id(graph: AsyncDriver, settings: Settings) -> None:
    school = gid("School", "windesheim")
    assert await slugs(graph, settings, "schools", f'where: {{id: {{eq: "{school}"}}}}') == ["windesheim"]
    pact = gid("Pact", "windesheim")
    assert await slugs(graph, settings, "schools", f'where: {{id: {{in: ["{pact}"]}}}}') == []
    assert await slugs(graph, settings, "organisations", f'where: {{id: {{in: ["{school}"]}}}}') == [
        "windesheim"
    ]


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (
            "{participatesIn: {some: {Project: {projectType: {eq: TALENT},"
            ' locatedIn: {some: {slug: {eq: "twente"}}}}}}}',
            ["acme-metaal", "cog-systems"],
        ),
        ("{participatesIn: {none: {Project: {projectType: {eq: TALENT}}}}}", ["bolt-bv"]),
        ("{participatesIn: {all: {Project: {projectType: {eq: TALENT}}}}}", ["acme-metaal", "cog-systems"]),
        ('{memberOf: {some: {slug: {eq: "techniekpact-twente"}}}}', ["acme-metaal"]),
        ('{memberOf: {all: {name: {eq: "nothing"}}}}', ["bolt-bv", "cog-systems"]),
    ],
)
async def test_relationship_filters(
    graph: AsyncDriver, settings: Settings, where: str, expected: list[str]
) -> None:
    assert await slugs(graph, settings, "companies", f"where: {where}") == expected


async def test_relationship_filter_from_the_other_side(graph: AsyncDriver, settings: Settings) -> None:
    where = "{fundingReceived: {some: {amount: {isNull: true}}}}"
    assert await slugs(graph, settings, "schools", f"where: {where}") == ["universiteit-twente"]


async def test_sorting_by_several_keys_with_nulls(graph: AsyncDriver, settings: Settings) -> None:
    order = "orderBy: [{field: LEVEL, direction: DESC}, {field: NAME, direction: DESC}]"
    assert await slugs(graph, settings, "schools", order) == [
        "universiteit-twente",
        "roc-van-twente",
        "alfa-college",
        "windesheim",
    ]
    assert await slugs(graph, settings, "companies", "orderBy: [{field: SECTOR}]") == [
        "bolt-bv",
        "acme-metaal",
        "cog-systems",
    ]
    assert await slugs(graph, settings, "companies", "orderBy: [{field: SECTOR, direction: DESC}]") == [
        "cog-systems",
        "acme-metaal",
        "bolt-bv",
    ]


PAGE = """query($first: Int, $after: String, $last: Int, $before: String, $order: [CompanyOrderBy!]) {
  companies(first: $first, after: $after, last: $last, before: $before, orderBy: $order) {
    totalCount
    edges { cursor node { slug } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}"""


async def page(graph: AsyncDriver, settings: Settings, **variables: Any) -> dict[str, Any]:
    data = await ok(graph, settings, PAGE, variables)
    result: dict[str, Any] = data["companies"]
    result["slugs"] = [edge["node"]["slug"] for edge in result["edges"]]
    return result


@pytest.mark.parametrize("order", [None, [{"field": "SECTOR", "direction": "DESC"}], [{"field": "SECTOR"}]])
async def test_paging_forwards_and_backwards_visits_every_node_once(
    graph: AsyncDriver, settings: Settings, order: list[dict[str, str]] | None
) -> None:
    everything = (await page(graph, settings, order=order))["slugs"]
    assert len(everything) == 3
    first = await page(graph, settings, first=2, order=order)
    assert first["slugs"] == everything[:2]
    assert first["pageInfo"]["hasNextPage"] and not first["pageInfo"]["hasPreviousPage"]
    assert first["totalCount"] == 3
    second = await page(graph, settings, first=2, after=first["pageInfo"]["endCursor"], order=order)
    assert second["slugs"] == everything[2:]
    assert not second["pageInfo"]["hasNextPage"] and second["pageInfo"]["hasPreviousPage"]

    last = await page(graph, settings, last=2, order=order)
    assert last["slugs"] == everything[1:]
    assert last["pageInfo"]["hasPreviousPage"] and not last["pageInfo"]["hasNextPage"]
    before = await page(graph, settings, last=2, before=last["pageInfo"]["startCursor"], order=order)
    assert before["slugs"] == everything[:1]
    assert not before["pageInfo"]["hasPreviousPage"] and before["pageInfo"]["hasNextPage"]


async def test_cursors_stay_exact_when_rows_are_inserted_between_pages(
    graph: AsyncDriver, settings: Settings
) -> None:
    first = await page(graph, settings, first=2)
    assert first["slugs"] == ["acme-metaal", "bolt-bv"]
    await graph.execute_query(
        "CREATE (:Company:Entity:Organisation {id: 'aardvark', name: 'Aardvark', synthetic: true}),"
        " (:Company:Entity:Organisation {id: 'bolt-bv-2', name: 'Bolt BV', synthetic: true})"
    )
    second = await page(graph, settings, first=2, after=first["pageInfo"]["endCursor"])
    assert second["slugs"] == ["bolt-bv-2", "cog-systems"]
    assert second["totalCount"] == 5


async def test_page_size_limits(graph: AsyncDriver, settings: Settings) -> None:
    largest = settings.hub_max_page_size
    answer = await execute(graph, settings, f"{{ schools(first: {largest + 1}) {{ totalCount }} }}")
    assert answer.data is None
    assert answer.errors == [f"first must be at most {largest}, got {largest + 1}"]
    answer = await execute(graph, settings, '{ schools(after: "bm9wZQ") { totalCount } }')
    assert "not a valid cursor" in answer.errors[0]
    cursor = (await page(graph, settings, first=1))["pageInfo"]["endCursor"]
    answer = await execute(graph, settings, PAGE, {"after": cursor, "order": [{"field": "SECTOR"}]})
    assert "another orderBy" in answer.errors[0]
    assert (await page(graph, settings, first=0))["slugs"] == []


RELATIONS = """query($asOf: Date) {
  pacts(where: {slug: {eq: "techniekpact-twente"}}) { edges { node {
    members(asOf: $asOf) { slug }
    membersConnection(asOf: $asOf, first: 1, orderBy: [{field: NAME, direction: DESC}]) {
      totalCount
      edges { cursor node { slug } properties { role since until synthetic } }
      pageInfo { hasNextPage endCursor }
    }
    fundingReceived(orderBy: [{field: AMOUNT, direction: DESC}]) { slug amount funder { slug } project {
        slug } }
  } } }
}"""


@pytest.mark.parametrize(
    ("as_of", "members"),
    [
        (None, ["acme-metaal", "roc-van-twente", "universiteit-twente"]),
        ("2016-06-01", ["acme-metaal", "universiteit-twente"]),
        ("2019-12-31", ["acme-metaal", "roc-van-twente", "universiteit-twente"]),
        ("2020-01-01", ["acme-metaal", "roc-van-twente"]),
    ],
)
async def test_as_of_keeps_relationships_valid_that_day(
    graph: AsyncDriver, settings: Settings, as_of: str | None, members: list[str]
) -> None:
    data = await ok(graph, settings, RELATIONS, {"asOf": as_of})
    pact = data["pacts"]["edges"][0]["node"]
    assert [member["slug"] for member in pact["members"]] == members
    assert pact["membersConnection"]["totalCount"] == len(members)


async def test_relationship_connection_has_edge_properties_and_pages(
    graph: AsyncDriver, settings: Settings
) -> None:
    data = await ok(graph, settings, RELATIONS)
    pact = data["pacts"]["edges"][0]["node"]
    connection = pact["membersConnection"]
    assert connection["edges"][0]["node"]["slug"] == "universiteit-twente"
    assert connection["edges"][0]["properties"] == {
        "role": "partner",
        "since": "2015-01-01",
        "until": "2019-12-31",
        "synthetic": False,
    }
    assert connection["pageInfo"]["hasNextPage"]
    assert pact["fundingReceived"] == [
        {
            "slug": "flow-1",
            "amount": 1000.0,
            "funder": {"slug": "overijssel"},
            "project": {"slug": "talent-it"},
        },
        {"slug": "flow-3", "amount": 500.0, "funder": {"slug": "overijssel"}, "project": None},
    ]
    after = connection["pageInfo"]["endCursor"]
    query = (
        '{ pacts(where: {slug: {eq: "techniekpact-twente"}}) { edges { node { '
        f'membersConnection(first: 5, after: "{after}", orderBy: [{{field: NAME, direction: DESC}}]) '
        "{ edges { node { slug } } pageInfo { hasNextPage } } } } } }"
    )
    rest = (await ok(graph, settings, query))["pacts"]["edges"][0]["node"]["membersConnection"]
    assert [edge["node"]["slug"] for edge in rest["edges"]] == ["roc-van-twente", "acme-metaal"]
    assert not rest["pageInfo"]["hasNextPage"]


async def test_interfaces_fragments_and_typename(graph: AsyncDriver, settings: Settings) -> None:
    query = """{
      organisations(where: {slug: {in: ["windesheim", "acme-metaal", "techniekpact-twente"]}}) { edges {
          node {
        __typename id name
        ... on School { level }
        ... on Company { sector size: sizeClass }
        ... on Pact { members(first: 1) { __typename ... on School { level } } }
      } } }
    }"""
    nodes = [edge["node"] for edge in (await ok(graph, settings, query))["organisations"]["edges"]]
    assert nodes == [
        {
            "__typename": "Company",
            "id": gid("Company", "acme-metaal"),
            "name": "Acme Metaal",
            "sector": "metal",
            "size": "SMALL",
        },
        {
            "__typename": "School",
            "id": gid("School", "windesheim"),
            "name": "Hogeschool Windesheim",
            "level": "HBO",
        },
        {
            "__typename": "Pact",
            "id": gid("Pact", "techniekpact-twente"),
            "name": "Techniekpact Twente",
            "members": [{"__typename": "Company"}],
        },
    ]


async def test_node_and_nodes(graph: AsyncDriver, settings: Settings) -> None:
    school, missing = gid("School", "windesheim"), gid("Company", "windesheim")
    query = """query($id: ID!, $ids: [ID!]!) {
      node(id: $id) { id ... on School { name level } }
      nodes(ids: $ids) { __typename ... on Entity { slug } }
    }"""
    data = await ok(graph, settings, query, {"id": school, "ids": [missing, school]})
    assert data["node"] == {"id": school, "name": "Hogeschool Windesheim", "level": "HBO"}
    assert data["nodes"] == [None, {"__typename": "School", "slug": "windesheim"}]
    answer = await execute(graph, settings, '{ node(id: "Not an id!") { id } }')
    assert answer.data == {"node": None}
    assert answer.errors == ["'Not an id!' is neither a slug nor a node id"]


async def test_node_arguments_take_slugs_and_nodes_answer_around_a_malformed_id(
    graph: AsyncDriver, settings: Settings
) -> None:
    school = gid("School", "windesheim")
    query = """query($ids: [ID!]!) {
      node(id: "windesheim") { id }
      nodes(ids: $ids) { ... on Entity { slug } }
    }"""
    ids = ["windesheim", "no-such-node", "Not an id!", school, gid("Company", "windesheim")]
    answer = await execute(graph, settings, query, {"ids": ids})
    assert answer.data == {
        "node": {"id": school},
        "nodes": [{"slug": "windesheim"}, None, None, {"slug": "windesheim"}, None],
    }
    assert answer.errors == ["'Not an id!' is neither a slug nor a node id"]  # the one malformed id, named


@pytest.mark.parametrize(
    "text",
    [
        'twente"',
        "AND OR NOT",
        "(((",
        "*",
        "a:b",
        "~",
        "\\",
        "/regex/",
        "[a TO b]",
        "{!}",
        "&& ||",
        "   ",
        "'; DROP",
    ],
)
async def test_search_survives_hostile_text(graph: AsyncDriver, settings: Settings, text: str) -> None:
    answer = await execute(graph, settings, "query($q: String!) { search(query: $q) { score } }", {"q": text})
    assert not answer.errors, answer.errors
    assert isinstance(answer.data["search"], list)


async def test_search_ranks_and_filters_by_kind(graph: AsyncDriver, settings: Settings) -> None:
    query = """query($kinds: [NodeKind!]) {
      search(query: "twente", kinds: $kinds) { score node { __typename slug } }
    }"""
    hits = (await ok(graph, settings, query))["search"]
    assert {hit["node"]["slug"] for hit in hits} >= {"twente", "universiteit-twente", "techniekpact-twente"}
    assert [hit["score"] for hit in hits] == sorted((hit["score"] for hit in hits), reverse=True)
    schools = (await ok(graph, settings, query, {"kinds": ["SCHOOL"]}))["search"]
    assert {hit["node"]["__typename"] for hit in schools} == {"School"}
    description = (await ok(graph, settings, '{ search(query: "enschede") { node { slug } } }'))["search"]
    assert [hit["node"]["slug"] for hit in description] == ["universiteit-twente"]


async def test_search_pages_on_after_a_hit(graph: AsyncDriver, settings: Settings) -> None:
    query = """query($after: String) {
      search(query: "twente techniek", first: 3, after: $after) { score cursor node { slug } }
    }"""
    whole = await ok(graph, settings, '{ search(query: "twente techniek", first: 100) { node { slug } } }')
    paged: list[str] = []
    after = None
    while True:
        hits = (await ok(graph, settings, query, {"after": after}))["search"]
        paged += [hit["node"]["slug"] for hit in hits]
        if len(hits) < 3:
            break
        after = hits[-1]["cursor"]
    assert paged == [hit["node"]["slug"] for hit in whole["search"]] and len(paged) > 3
    answer = await execute(graph, settings, '{ search(query: "twente", after: "x") { score } }', {})
    assert answer.errors == ["'x' is not a valid cursor"]


async def test_funding_aggregate(graph: AsyncDriver, settings: Settings) -> None:
    query = """query($groupBy: [FundingGroupBy!], $where: FundingFlowWhere) {
      fundingAggregate(groupBy: $groupBy, where: $where) {
        key { year status funder { slug } recipient { slug } project { slug } instrument }
        count totalAmount unknownAmountCount
      }
    }"""
    data = await ok(graph, settings, query, {"groupBy": ["YEAR"]})
    groups = [
        (g["key"]["year"], g["count"], g["totalAmount"], g["unknownAmountCount"])
        for g in data["fundingAggregate"]
    ]
    assert groups == [(2018, 2, 1000.0, 1), (2019, 1, 500.0, 0)]
    data = await ok(graph, settings, query, {"groupBy": ["RECIPIENT", "STATUS"]})
    assert [
        (g["key"]["recipient"]["slug"], g["key"]["status"], g["count"]) for g in data["fundingAggregate"]
    ] == [
        ("techniekpact-twente", "PAID", 2),
        ("universiteit-twente", "AWARDED", 1),
    ]
    assert data["fundingAggregate"][0]["key"]["year"] is None
    data = await ok(graph, settings, query, {"groupBy": ["PROJECT", "FUNDER"]})
    assert [(g["key"]["project"], g["count"]) for g in data["fundingAggregate"]] == [
        ({"slug": "talent-it"}, 1),
        (None, 2),
    ]
    data = await ok(graph, settings, query, {"where": {"status": {"eq": "PAID"}}})
    assert [(g["count"], g["totalAmount"]) for g in data["fundingAggregate"]] == [(2, 1500.0)]


async def test_one_round_trip_per_root_field(graph: AsyncDriver, settings: Settings) -> None:
    query = """{
      schools { edges { node {
        name memberOf { name ... on Pact { members { name } } } fundingReceived { funder { name } }
      } } }
      companies(first: 1) { totalCount edges { node {
        participatesInConnection { edges { node { name } } }
      } } }
      search(query: "twente") { score }
    }"""
    answer = await execute(graph, settings, query)
    assert not answer.errors
    assert len(answer.round_trips) == 3


MEMBERS = """{
  pacts(where: {slug: {eq: "techniekpact-twente"}}) { edges { node { membersConnection ARGUMENTS {
    edges { cursor node { slug } properties { role since } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  } } } }
}"""


LISTED = (
    '{ pacts(where: {slug: {eq: "techniekpact-twente"}}) { edges { node { members ARGUMENTS { slug } } } } }'
)


async def members(graph: AsyncDriver, settings: Settings, arguments: str) -> dict[str, Any]:
    data = await ok(graph, settings, MEMBERS.replace("ARGUMENTS", arguments))
    connection: dict[str, Any] = data["pacts"]["edges"][0]["node"]["membersConnection"]
    return connection


def member_slugs(connection: dict[str, Any]) -> list[str]:
    return [edge["node"]["slug"] for edge in connection["edges"]]


async def test_nested_connections_page_backwards(graph: AsyncDriver, settings: Settings) -> None:
    last = await members(graph, settings, "(last: 2)")
    assert member_slugs(last) == ["roc-van-twente", "universiteit-twente"]
    assert last["pageInfo"]["hasPreviousPage"] and not last["pageInfo"]["hasNextPage"]
    before = last["pageInfo"]["startCursor"]
    rest = await members(graph, settings, f'(last: 2, before: "{before}")')
    assert member_slugs(rest) == ["acme-metaal"]
    assert not rest["pageInfo"]["hasPreviousPage"] and rest["pageInfo"]["hasNextPage"]


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ('(edgeWhere: {role: {eq: "partner"}})', ["universiteit-twente"]),
        ('(edgeWhere: {since: {gte: "2016-01-01"}})', ["roc-van-twente"]),
        ("(edgeWhere: {role: {isNull: true}})", ["acme-metaal"]),
        (
            '(edgeWhere: {OR: [{role: {eq: "lead"}}, {until: {lt: "2020-01-01"}}]})',
            ["roc-van-twente", "universiteit-twente"],
        ),
        (
            '(edgeWhere: {role: {in: ["lead", "partner"]}}, where: {name: {startsWith: "ROC"}})',
            ["roc-van-twente"],
        ),
        ("(orderBy: [{edge: SINCE}])", ["universiteit-twente", "roc-van-twente", "acme-metaal"]),
        (
            "(orderBy: [{edge: SINCE, direction: DESC}])",
            ["acme-metaal", "roc-van-twente", "universiteit-twente"],
        ),
        (
            "(orderBy: [{edge: ROLE}, {field: NAME, direction: DESC}])",
            ["roc-van-twente", "universiteit-twente", "acme-metaal"],
        ),
    ],
)
async def test_connections_filter_and_sort_on_relationship_properties(
    graph: AsyncDriver, settings: Settings, arguments: str, expected: list[str]
) -> None:
    assert member_slugs(await members(graph, settings, arguments)) == expected
    listed = await ok(
        graph,
        settings,
        LISTED.replace("ARGUMENTS", arguments),
    )
    assert [node["slug"] for node in listed["pacts"]["edges"][0]["node"]["members"]] == expected


@pytest.mark.parametrize("direction", ["ASC", "DESC"])
async def test_pages_sorted_by_a_relationship_property_visit_every_node_once(
    graph: AsyncDriver, settings: Settings, direction: str
) -> None:
    order = f"orderBy: [{{edge: SINCE, direction: {direction}}}]"
    whole = member_slugs(await members(graph, settings, f"({order})"))
    forwards: list[str] = []
    after = ""
    while True:
        page = await members(graph, settings, f"({order}, first: 1{after})")
        forwards += member_slugs(page)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = f', after: "{page["pageInfo"]["endCursor"]}"'
    backwards: list[str] = []
    before = ""
    while True:
        page = await members(graph, settings, f"({order}, last: 1{before})")
        backwards = member_slugs(page) + backwards
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = f', before: "{page["pageInfo"]["startCursor"]}"'
    assert forwards == backwards == whole
    assert len(whole) == 3


@pytest.mark.parametrize(
    "order",
    ["[{field: NAME, edge: SINCE}]", "[{direction: DESC}]"],
)
async def test_a_sort_key_names_a_field_or_an_edge_property(
    graph: AsyncDriver, settings: Settings, order: str
) -> None:
    answer = await execute(
        graph,
        settings,
        MEMBERS.replace("ARGUMENTS", f"(orderBy: {order})"),
    )
    assert answer.errors == ["each orderBy item names a field or an edge property: one of them"]


@pytest.mark.parametrize(
    ("collection", "where", "expected"),
    [
        ("companies", "{memberOfConnection: {some: {edge: {role: {isNull: true}}}}}", ["acme-metaal"]),
        (
            "schools",
            '{memberOfConnection: {some: {node: {slug: {eq: "techniekpact-twente"}},'
            ' edge: {role: {eq: "lead"}}}}}',
            ["roc-van-twente"],
        ),
        (
            "schools",
            '{memberOfConnection: {some: {node: {slug: {eq: "techniekpact-twente"}}}, asOf: "2016-06-01"}}',
            ["universiteit-twente"],
        ),
        (
            "schools",
            '{memberOfConnection: {none: {edge: {role: {eq: "partner"}}}, asOf: "2020-01-01"}}',
            ["windesheim", "roc-van-twente", "universiteit-twente"],
        ),
        ("pacts", '{membersConnection: {all: {edge: {role: {eq: "partner"}}}}}', ["techniekpact-zwolle"]),
        (
            "pacts",
            '{membersConnection: {some: {edge: {role: {eq: "lead"}}}, asOf: "2016-06-01"}}',
            [],
        ),
        (
            "pacts",
            '{membersConnection: {some: {edge: {role: {eq: "lead"}}}, asOf: "2018-06-01"}}',
            ["techniekpact-twente"],
        ),
        (
            "pacts",
            '{membersConnection: {some: {edge: {since: {lt: "2016-01-01"}}}}}',
            ["techniekpact-twente"],
        ),
    ],
)
async def test_root_filters_on_relationship_properties_and_as_of(
    graph: AsyncDriver, settings: Settings, collection: str, where: str, expected: list[str]
) -> None:
    assert await slugs(graph, settings, collection, f"where: {where}") == expected
