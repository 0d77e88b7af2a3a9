"""paths: shortest connections between two stakeholders, explained in one line."""

from __future__ import annotations

from neo4j import AsyncDriver

from hub.config import Settings
from hub.graphql.domain.phrases import explain
from hub.graphql.ids import global_id
from tests.test_domain_common import ask, load_network

PATHS = """
query Paths($from: ID!, $to: ID!, $maxHops: Int! = 4, $first: Int! = 3, $asOf: Date) {
  paths(from: $from, to: $to, maxHops: $maxHops, first: $first, asOf: $asOf) {
    from { slug name } to { slug name }
    paths { length explanation nodes { id slug kind name } relationships { type from to role properties } }
  }
}
"""


def test_a_funding_flow_reads_as_one_phrase() -> None:
    nodes = [
        {"id": "roc", "__kind": "School", "name": "ROC van Twente"},
        {"id": "d2j", "__kind": "Project", "name": "Direct2job"},
        {"id": "flow", "__kind": "FundingFlow", "name": "Aanvraag"},
        {"id": "p521", "__kind": "Programme", "name": "prestatie 5.2.1"},
    ]
    relationships = [
        {"type": "PARTICIPATES_IN", "from": "roc", "to": "d2j"},
        {"type": "FOR", "from": "flow", "to": "d2j"},
        {"type": "FROM", "from": "flow", "to": "p521"},
    ]
    assert explain(nodes, relationships) == (
        "ROC van Twente participates in Direct2job, which is funded by prestatie 5.2.1"
    )
    assert explain(nodes[2:], relationships[2:]) == "Aanvraag is paid by prestatie 5.2.1"
    assert explain(nodes[:1], []) == "ROC van Twente"


async def test_shortest_paths_with_explanations(db: AsyncDriver, settings: Settings) -> None:
    await load_network(db)
    data, errors, trips = await ask(db, settings, PATHS, **{"from": "bolt-techniek", "to": "prestatie-5-2-1"})
    assert not errors and trips == 1
    result = data["paths"]
    assert result["from"]["name"] == "Bolt Techniek"
    path, other = result["paths"]
    assert path["length"] == other["length"] == 3
    assert other["explanation"].endswith("which is a target of prestatie 5.2.1")
    assert (
        path["explanation"] == "Bolt Techniek participates in Direct2job, which is funded by prestatie 5.2.1"
    )
    assert [node["kind"] for node in path["nodes"]] == ["COMPANY", "PROJECT", "FUNDING_FLOW", "PROGRAMME"]
    bolt, project = path["nodes"][:2]
    assert bolt["id"] == global_id("Company", "bolt-techniek")
    assert path["relationships"][0] == {
        "type": "PARTICIPATES_IN",
        "from": bolt["id"],
        "to": project["id"],
        "role": "partner",
        "properties": {"role": "partner"},
    }


async def test_several_shortest_paths_are_ordered_and_limited(db: AsyncDriver, settings: Settings) -> None:
    await load_network(db)
    data, _, _ = await ask(db, settings, PATHS, **{"from": "acme-metaal", "to": "roc-van-twente", "first": 5})
    found = [path["explanation"] for path in data["paths"]["paths"]]
    assert found == ["Acme Metaal is a member of Techniekpact Twente, which has as a member ROC van Twente"]


async def test_as_of_and_max_hops_bound_the_search(db: AsyncDriver, settings: Settings) -> None:
    await load_network(db)
    arguments = {"from": "acme-metaal", "to": "roc-van-twente"}
    data, _, _ = await ask(db, settings, PATHS, **arguments, asOf="2018-06-01")
    [path] = data["paths"]["paths"]
    assert path["explanation"] == (
        "Acme Metaal is located in Twente, which includes Enschede, which is the location of ROC van Twente"
    ), "Acme joined the pact in 2019, so in 2018 the way is longer"
    data, _, _ = await ask(db, settings, PATHS, **arguments, asOf="2018-06-01", maxHops=2)
    assert data["paths"]["paths"] == []


async def test_bad_input_is_a_clear_error(db: AsyncDriver, settings: Settings) -> None:
    await load_network(db)
    _, errors, _ = await ask(db, settings, PATHS, **{"from": "acme-metaal", "to": "nowhere"})
    assert errors == ["no node has id 'nowhere'"]
    other = global_id("Company", "acme-metaal")
    _, errors, trips = await ask(db, settings, PATHS, **{"from": "acme-metaal", "to": other})
    assert errors == ["from and to must be different nodes"] and trips == 0
    _, errors, _ = await ask(db, settings, PATHS, **{"from": "acme-metaal", "to": "Bad id"})
    assert errors == ["to: 'Bad id' is neither a slug nor a node id"]
    wrong_kind = global_id("School", "acme-metaal")
    _, errors, _ = await ask(db, settings, PATHS, **{"from": wrong_kind, "to": "techniekpact-twente"})
    assert errors == [f"no node has id {wrong_kind!r}"], "a global id finds a node of its own kind only"
    _, errors, trips = await ask(db, settings, PATHS, **{"from": "acme-metaal", "to": "acme-metaal"})
    assert errors == ["from and to must be different nodes"] and trips == 0
    _, errors, _ = await ask(db, settings, PATHS, **{"from": "a", "to": "b", "maxHops": 7})
    assert errors == ["maxHops must be between 1 and 6, got 7"]
    _, errors, _ = await ask(db, settings, PATHS, **{"from": "a", "to": "b", "first": 0})
    assert errors == ["first must be at least 1, got 0"]


PAGE = """
query Paths($after: String) {
  paths(from: "bolt-techniek", to: "techniekpact-twente", first: 1, after: $after) {
    paths { nodes { slug } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def test_paths_page_on_with_a_cursor(db: AsyncDriver, settings: Settings) -> None:
    await load_network(db)
    data, _, _ = await ask(
        db, settings, PATHS, **{"from": "bolt-techniek", "to": "techniekpact-twente"}, first=50
    )
    whole = data["paths"]["paths"]
    paged, after = [], None
    while True:
        data, errors, trips = await ask(db, settings, PAGE, after=after)
        assert not errors and trips == 1
        paged += [[node["slug"] for node in path["nodes"]] for path in data["paths"]["paths"]]
        if not data["paths"]["pageInfo"]["hasNextPage"]:
            break
        after = data["paths"]["pageInfo"]["endCursor"]
    assert paged == [[node["slug"] for node in path["nodes"]] for path in whole] and len(whole) > 1
