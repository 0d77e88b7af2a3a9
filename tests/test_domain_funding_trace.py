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
