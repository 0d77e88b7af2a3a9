"""neighbourhood: the ego network of a node as nodes and edges for a graph view."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from neo4j import AsyncDriver

from hub.config import Settings
from hub.graphql.cypher.viewer import EVERYTHING, PUBLIC, Viewer
from hub.graphql.domain.neighbourhood import DENSE, EDGES_PER_NODE, SCAN, statement
from hub.graphql.ids import global_id
from hub.seeding.synthetic import company_id
from tests.test_domain_common import ask, load_network

NEIGHBOURHOOD = """
query Ego($id: ID!, $hops: Int! = 1, $kinds: [NodeKind!], $asOf: Date, $limit: Int! = 100) {
  neighbourhood(id: $id, hops: $hops, kinds: $kinds, asOf: $asOf, limit: $limit) {
    centre { slug hop }
    nodes { id slug kind name synthetic hop }
    edges { id type source target properties }
    truncated
  }
}
"""


async def test_one_hop_with_every_relationship_among_the_nodes(db: AsyncDriver, settings: Settings) -> None:
    await load_network(db)
    data, errors, trips = await ask(db, settings, NEIGHBOURHOOD, id="direct2job")
    assert not errors and trips == 1
    ego = data["neighbourhood"]
    assert ego["centre"] == {"slug": "direct2job", "hop": 0}
    assert [node["slug"] for node in ego["nodes"]] == [
        "direct2job", "doel-40-procent-instroom", "aanvraag-direct2job", "bolt-techniek", "delta-bouw",
        "roc-van-twente",
    ]  # fmt: skip
    assert {node["hop"] for node in ego["nodes"][1:]} == {1}
    slug = {node["id"]: node["slug"] for node in ego["nodes"]}
    assert {(edge["type"], slug[edge["source"]], slug[edge["target"]]) for edge in ego["edges"]} == {
        ("CONTRIBUTES_TO", "direct2job", "doel-40-procent-instroom"),
        ("FOR", "aanvraag-direct2job", "direct2job"),
        ("TO", "aanvraag-direct2job", "roc-van-twente"),
        ("PARTICIPATES_IN", "bolt-techniek", "direct2job"),
        ("PARTICIPATES_IN", "delta-bouw", "direct2job"),
        ("LEADS", "roc-van-twente", "direct2job"),
    }
    assert len({edge["id"] for edge in ego["edges"]}) == 6
    assert ego["truncated"] is False


async def test_kinds_as_of_and_limit(db: AsyncDriver, settings: Settings) -> None:
    await load_network(db)
    data, _, _ = await ask(
        db, settings, NEIGHBOURHOOD, id="bolt-techniek", hops=2, kinds=["PROJECT", "COMPANY"]
    )
    ego = data["neighbourhood"]
    assert [(node["slug"], node["hop"]) for node in ego["nodes"]] == [
        ("bolt-techniek", 0), ("direct2job", 1), ("delta-bouw", 2),
    ]  # fmt: skip
    data, _, _ = await ask(db, settings, NEIGHBOURHOOD, id="bolt-techniek", asOf="2019-06-01")
    ids = {node["slug"] for node in data["neighbourhood"]["nodes"]}
    assert "smart-industry-netwerk-oost" not in ids and "direct2job" in ids
    data, _, _ = await ask(db, settings, NEIGHBOURHOOD, id="bolt-techniek", hops=3, limit=2)
    ego = data["neighbourhood"]
    assert len(ego["nodes"]) == 3 and ego["truncated"] is True
    assert all(edge["source"] in {n["id"] for n in ego["nodes"]} for edge in ego["edges"])


async def test_edge_properties_are_json(db: AsyncDriver, settings: Settings) -> None:
    await load_network(db)
    data, _, _ = await ask(
        db, settings, NEIGHBOURHOOD, id=global_id("Network", "smart-industry-netwerk-oost")
    )
    bolt_id = global_id("Company", "bolt-techniek")
    [bolt] = [e for e in data["neighbourhood"]["edges"] if e["source"] == bolt_id]
    assert bolt["properties"] == {"since": "2017-01-01", "until": "2018-12-31"}


async def test_bad_input_is_a_clear_error(db: AsyncDriver, settings: Settings) -> None:
    await load_network(db)
    _, errors, trips = await ask(db, settings, NEIGHBOURHOOD, id="nowhere")
    assert errors == ["no node has id 'nowhere'"] and trips == 1
    _, errors, trips = await ask(db, settings, NEIGHBOURHOOD, id="direct2job", hops=4)
    assert errors == ["hops must be between 1 and 3, got 4"] and trips == 0
    _, errors, _ = await ask(db, settings, NEIGHBOURHOOD, id="direct2job", kinds=[])
    assert errors == ["kinds must name at least one kind, or be left out"]
    _, errors, _ = await ask(db, settings, NEIGHBOURHOOD, id="direct2job", kinds=["Planet"])
    assert errors and "Planet" in errors[0]


MEASURES = """
query Measures($id: ID!, $hops: Int!) {
  neighbourhood(id: $id, hops: $hops, limit: 100) {
    nodes { id slug }
    edges { source target }
    measures { id degree betweenness pageRank community }
  }
}
"""


async def test_network_measures_of_the_view(db: AsyncDriver, settings: Settings) -> None:
    await load_network(db)
    data, errors, trips = await ask(db, settings, MEASURES, id="direct2job", hops=1)
    assert not errors and trips == 1
    ego = data["neighbourhood"]
    measured = ego["measures"]
    assert [row["id"] for row in measured] == [node["id"] for node in ego["nodes"]]
    slug = {node["id"]: node["slug"] for node in ego["nodes"]}
    by_slug = {slug[row["id"]]: row for row in measured}
    neighbours: dict[str, set[str]] = {node["id"]: set() for node in ego["nodes"]}
    for edge in ego["edges"]:
        neighbours[edge["source"]].add(edge["target"])
        neighbours[edge["target"]].add(edge["source"])
    assert {row["id"]: row["degree"] for row in measured} == {k: len(v) for k, v in neighbours.items()}
    centre = by_slug["direct2job"]
    assert centre["betweenness"] == max(row["betweenness"] for row in measured) > 0
    assert all(0 <= row["betweenness"] <= 1 for row in measured)
    assert abs(sum(row["pageRank"] for row in measured) - 1) < 1e-3
    assert centre["pageRank"] == max(row["pageRank"] for row in measured)
    sizes = [sum(1 for row in measured if row["community"] == number) for number in range(len(measured))]
    assert sizes[0] >= 1 and sizes == sorted(sizes, reverse=True)
    again, _, _ = await ask(db, settings, MEASURES, id="direct2job", hops=1)
    assert again["neighbourhood"]["measures"] == measured, "the same view gives the same measures"
    wider, errors, _ = await ask(db, settings, MEASURES, id="techniekpact-twente", hops=2)
    assert not errors and len(wider["neighbourhood"]["measures"]) == len(wider["neighbourhood"]["nodes"])


@pytest.mark.parametrize("viewer", [PUBLIC, EVERYTHING], ids=["anonymous", "analyst"])
async def test_every_way_of_reading_a_level_gives_the_same_answer(
    seeded: AsyncDriver, settings: Settings, viewer: Viewer
) -> None:
    """The name-index walk (whole, cut short and read again, or with ties) against reading every
    relationship, which is the statement before the walk: over centres of every degree, every depth, with
    and without a kind filter and a date."""
    centres = ["overijssel", "twente", "techniekpact-twente", "roc-van-twente", "direct2job", company_id(7)]
    ways = [(1e18, SCAN), (0.0, 10**9), (0.0, 40)]
    differences, compared = [], 0
    for centre, hops, kinds, limit in itertools.product(
        centres, (1, 2, 3), (None, ["Company", "Project"]), (5, 20)
    ):
        as_of = dt.date(2017, 1, 1) if limit == 5 else None
        answers = []
        for crowding, scan in ways:
            prepared = statement(hops, viewer).given(
                id=centre, kinds=kinds, asOf=as_of, limit=limit, edgeLimit=limit * EDGES_PER_NODE,
                dense=DENSE, crowding=crowding, scan=scan, maxWork=settings.hub_max_work,
                afterHop=-1, after=None, lead=1, edgesAfter=None,
            )  # fmt: skip
            records, _, _ = await seeded.execute_query(prepared.text, prepared.parameters)
            answers.append([record.data() for record in records])
        compared += 1
        differences += [
            (centre, hops, kinds, as_of, limit, way)
            for way, got in zip(ways, answers, strict=True)
            if got != answers[0]
        ]
    assert compared == 72 and not differences


PAGE = """
query Page($id: ID!, $hops: Int!, $limit: Int!, $after: String, $edgesAfter: String) {
  neighbourhood(id: $id, hops: $hops, limit: $limit, after: $after, edgesAfter: $edgesAfter) {
    nodes { slug hop }
    edges { id }
    pageInfo { hasNextPage endCursor }
    edgesPageInfo { hasNextPage endCursor }
  }
}
"""


@pytest.mark.parametrize("centre", ["techniekpact-twente", "roc-van-twente", "overijssel"])
async def test_pages_of_nodes_and_edges_make_up_the_whole_neighbourhood(
    seeded: AsyncDriver, settings: Settings, centre: str
) -> None:
    whole, errors, _ = await ask(seeded, settings, PAGE, id=centre, hops=2, limit=500)
    assert not errors and whole["neighbourhood"]["pageInfo"]["hasNextPage"] is False
    nodes: list[dict[str, object]] = []
    edges: list[str] = []
    after = None
    while True:
        edges_after = None
        while True:
            data, errors, trips = await ask(
                seeded, settings, PAGE, id=centre, hops=2, limit=7, after=after, edgesAfter=edges_after
            )
            assert not errors and trips == 1
            page = data["neighbourhood"]
            edges += [edge["id"] for edge in page["edges"]]
            if not page["edgesPageInfo"]["hasNextPage"]:
                break
            edges_after = page["edgesPageInfo"]["endCursor"]
        nodes += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert nodes == whole["neighbourhood"]["nodes"] and len(nodes) > 7
    assert len(edges) == len(set(edges)) and set(edges) == {
        edge["id"] for edge in whole["neighbourhood"]["edges"]
    }
