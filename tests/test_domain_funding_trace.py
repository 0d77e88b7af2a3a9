"""fundingTrace: money from the reserve through prestatie 5.2.1 and a techniekpact, in one round trip."""

from __future__ import annotations

from neo4j import AsyncDriver

from hub.config import Settings
from tests.test_domain_common import ask, load_network

TRACE = """
query Trace($from: ID!, $maxHops: Int! = 4, $year: Int, $asOf: Date, $statuses: [FundingStatus!]) {
  fundingTrace(from: $from, maxHops: $maxHops, year: $year, asOf: $asOf, statuses: $statuses) {
    source { slug kind }
    hops { hop total { known unknownCount count }
           flows { slug amount status year funder { slug } recipient { slug } project { slug name } } }
    nodes { node { slug } hop received { known unknownCount count } passedOn { known unknownCount count }
            expanded passesOnMoreThanReceived }
  }
}
"""


async def test_follows_the_reserve_hop_by_hop(db: AsyncDriver, settings: Settings) -> None:
    await load_network(db)
    data, errors, trips = await ask(db, settings, TRACE, **{"from": "reserve-kwaliteit"})
    assert not errors and trips == 1
    trace = data["fundingTrace"]
    assert trace["source"] == {"slug": "reserve-kwaliteit", "kind": "FUND"}
    first, second, third = trace["hops"]
    assert (
        first["flows"][0]["amount"] == 1_080_000
        and first["flows"][0]["recipient"]["slug"] == "prestatie-5-2-1"
    )
    assert first["total"] == {"known": 1_080_000, "unknownCount": 0, "count": 1}
    assert second["total"] == {"known": 200_000, "unknownCount": 1, "count": 2}
    assert {flow["project"]["name"] for flow in second["flows"] if flow["project"]} == {"Direct2job"}
    assert third["flows"][0]["slug"] == "techniekpact-twente-aan-roc"
    nodes = {node["node"]["slug"]: node for node in trace["nodes"]}
    assert list(nodes) == ["reserve-kwaliteit", "prestatie-5-2-1", "roc-van-twente", "techniekpact-twente"]
    assert nodes["roc-van-twente"]["hop"] == 2
    assert nodes["roc-van-twente"]["received"] == {"known": 250_000, "unknownCount": 1, "count": 2}
    assert nodes["techniekpact-twente"]["passesOnMoreThanReceived"] is True
    assert nodes["prestatie-5-2-1"]["passesOnMoreThanReceived"] is False
    assert nodes["reserve-kwaliteit"]["passedOn"]["known"] == 1_080_000


async def test_hops_year_as_of_and_status_restrict_the_flows(db: AsyncDriver, settings: Settings) -> None:
    await load_network(db)
    data, _, _ = await ask(db, settings, TRACE, **{"from": "reserve-kwaliteit", "maxHops": 1})
    trace = data["fundingTrace"]
    assert len(trace["hops"]) == 1
    assert [node["expanded"] for node in trace["nodes"]] == [True, False]
    data, _, _ = await ask(db, settings, TRACE, **{"from": "prestatie-5-2-1", "year": 2019})
    assert [len(hop["flows"]) for hop in data["fundingTrace"]["hops"]] == [2]
    data, _, _ = await ask(db, settings, TRACE, **{"from": "prestatie-5-2-1", "asOf": "2019-12-31"})
    assert [len(hop["flows"]) for hop in data["fundingTrace"]["hops"]] == [2]
    data, _, _ = await ask(db, settings, TRACE, **{"from": "prestatie-5-2-1", "statuses": ["PAID"]})
    flows = [flow["slug"] for hop in data["fundingTrace"]["hops"] for flow in hop["flows"]]
    assert flows == ["bijdrage-techniekpact-twente", "techniekpact-twente-aan-roc"]


async def test_a_source_without_flows_is_traced_alone(db: AsyncDriver, settings: Settings) -> None:
    await load_network(db)
    data, errors, _ = await ask(db, settings, TRACE, **{"from": "delta-bouw"})
    assert not errors
    trace = data["fundingTrace"]
    assert trace["hops"] == [] and [node["node"]["slug"] for node in trace["nodes"]] == ["delta-bouw"]


async def test_bad_input_is_a_clear_error(db: AsyncDriver, settings: Settings) -> None:
    await load_network(db)
    _, errors, trips = await ask(db, settings, TRACE, **{"from": "no-such-node"})
    assert errors == ["no node has id 'no-such-node'"] and trips == 1
    _, errors, trips = await ask(db, settings, TRACE, **{"from": "reserve-kwaliteit", "maxHops": 9})
    assert errors == ["maxHops must be between 1 and 6, got 9"] and trips == 0
    _, errors, _ = await ask(db, settings, TRACE, **{"from": "reserve-kwaliteit", "statuses": []})
    assert errors == ["statuses must name at least one status, or be left out"]


PAGE = """
query Trace($after: String) {
  fundingTrace(from: "reserve-kwaliteit", first: 1, after: $after) {
    hops { hop flows { slug hop } }
    flowsPageInfo { hasNextPage endCursor }
  }
}
"""


async def test_the_flows_of_all_hops_page_on_with_a_cursor(db: AsyncDriver, settings: Settings) -> None:
    await load_network(db)
    data, _, _ = await ask(db, settings, TRACE, **{"from": "reserve-kwaliteit"})
    whole = [(flow["slug"], hop["hop"]) for hop in data["fundingTrace"]["hops"] for flow in hop["flows"]]
    paged, after = [], None
    while True:
        data, errors, trips = await ask(db, settings, PAGE, after=after)
        assert not errors and trips == 1
        trace = data["fundingTrace"]
        paged += [(flow["slug"], flow["hop"]) for hop in trace["hops"] for flow in hop["flows"]]
        if not trace["flowsPageInfo"]["hasNextPage"]:
            break
        after = trace["flowsPageInfo"]["endCursor"]
    assert paged == whole and len(whole) == 4


LATTICE = """
UNWIND range(0, 3) AS layer
UNWIND range(0, 2) AS i
CREATE (:Programme:Entity {id: 'holder-' + layer + '-' + i, name: 'Holder ' + layer + '.' + i})
WITH count(*) AS made
MATCH (payer:Programme), (payee:Programme)
WHERE toInteger(split(payee.id, '-')[1]) = toInteger(split(payer.id, '-')[1]) + 1
   OR (payer.id = 'holder-3-0' AND payee.id = 'holder-0-0')
CREATE (payer)<-[:FROM]-(:FundingFlow:Entity {id: payer.id + '-to-' + payee.id, name: 'Flow', amount: 1.0,
  currency: 'EUR', year: 2019, status: 'paid'})-[:TO]->(payee)
"""


async def test_a_flow_reached_along_many_chains_is_listed_once_at_its_nearest_hop(
    db: AsyncDriver, settings: Settings
) -> None:
    """Four layers of three holders, each paying every holder of the next layer, and the last paying the
    first back: 3 + 9 + 27 chains reach the third layer's flows, and the cycle leads back to the source."""
    await db.execute_query(LATTICE)
    data, errors, trips = await ask(db, settings, TRACE, **{"from": "holder-0-0", "maxHops": 6})
    assert not errors and trips == 1
    trace = data["fundingTrace"]
    assert [(hop["hop"], hop["total"]["count"]) for hop in trace["hops"]] == [(1, 3), (2, 9), (3, 9), (4, 1)]
    slugs = [flow["slug"] for hop in trace["hops"] for flow in hop["flows"]]
    assert len(slugs) == len(set(slugs)) == settings.hub_default_page_size
    hops = {node["node"]["slug"]: node["hop"] for node in trace["nodes"]}
    assert hops["holder-0-0"] == 0 and hops["holder-3-0"] == 3 and len(hops) == 10
    assert {node["node"]["slug"]: node["received"]["count"] for node in trace["nodes"]}["holder-0-0"] == 1


PARTS = """
query Parts($with: Boolean!) {
  flowsOnly: fundingTrace(from: "reserve-kwaliteit") { hops { hop total { count } flows { slug } } }
  counted: fundingTrace(from: "reserve-kwaliteit") { nodeCount }
  inFragment: fundingTrace(from: "reserve-kwaliteit") { ...Reached }
  included: fundingTrace(from: "reserve-kwaliteit") { nodes @include(if: $with) { node { slug } hop } }
}
fragment Reached on FundingTrace { hops { hop } ... on FundingTrace { nodes { node { slug } } } }
"""


async def test_the_nodes_are_searched_only_when_asked_for(db: AsyncDriver, settings: Settings) -> None:
    await load_network(db)
    data, errors, trips = await ask(db, settings, TRACE, **{"from": "reserve-kwaliteit"})
    whole = data["fundingTrace"]
    data, errors, trips = await ask(db, settings, PARTS, **{"with": True})
    assert not errors and trips == 4
    assert data["flowsOnly"]["hops"] == [
        {
            "hop": hop["hop"],
            "total": {"count": hop["total"]["count"]},
            "flows": [{"slug": flow["slug"]} for flow in hop["flows"]],
        }
        for hop in whole["hops"]
    ]
    assert data["counted"]["nodeCount"] == len(whole["nodes"]) == 4
    reached = [node["node"]["slug"] for node in whole["nodes"]]
    assert [node["node"]["slug"] for node in data["inFragment"]["nodes"]] == reached
    assert [node["node"]["slug"] for node in data["included"]["nodes"]] == reached
