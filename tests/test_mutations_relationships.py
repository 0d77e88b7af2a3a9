"""Relationship mutations and the domain shortcuts on a real database."""

from __future__ import annotations

import pytest
from neo4j import AsyncDriver

from hub.config import Settings
from tests.graph_snapshot import snapshot
from tests.test_mutations_helpers import EDITOR, SOURCE, done, gid, load, refused


@pytest.fixture
async def graph(db: AsyncDriver) -> AsyncDriver:
    await load(db)
    return db


JOIN = """mutation($org: ID!, $project: ID!, $key: String) {
  joinProject(org: $org, project: $project, role: "partner", since: "2019-03-01", source: "jaarverslag-2018",
    idempotencyKey: $key) { type from to version properties }
}"""
LEAVE = """mutation($org: ID!, $project: ID!, $until: Date!, $v: Int) {
  leaveProject(org: $org, project: $project, until: $until, expectedVersion: $v) { version properties }
}"""
ROC, D2J = gid("School", "roc-van-twente"), gid("Project", "direct2job")


async def test_join_and_leave_a_project(graph: AsyncDriver, settings: Settings) -> None:
    joined = await done(graph, settings, EDITOR, JOIN, {"org": ROC, "project": D2J})
    assert joined["joinProject"] == {
        "type": "PARTICIPATES_IN",
        "from": ROC,
        "to": D2J,
        "version": 1,
        "properties": {"role": "partner", "since": "2019-03-01", "source": SOURCE, "synthetic": False},
    }
    code, message = await refused(
        graph, settings, EDITOR, LEAVE, {"org": ROC, "project": D2J, "until": "2019-01-01", "v": 1}
    )
    assert code == "BAD_USER_INPUT" and "until is before since" in message
    left = await done(
        graph, settings, EDITOR, LEAVE, {"org": ROC, "project": D2J, "until": "2020-06-30", "v": 1}
    )
    assert left["leaveProject"]["version"] == 2
    assert left["leaveProject"]["properties"]["until"] == "2020-06-30"
    code, _ = await refused(
        graph, settings, EDITOR, LEAVE, {"org": ROC, "project": D2J, "until": "2021-01-01", "v": 1}
    )
    assert code == "CONFLICT"


async def test_join_twice_conflicts_unless_retried_with_the_key(
    graph: AsyncDriver, settings: Settings
) -> None:
    variables = {"org": ROC, "project": D2J, "key": "join-1"}
    first = await done(graph, settings, EDITOR, JOIN, variables)
    assert await done(graph, settings, EDITOR, JOIN, variables) == first
    code, message = await refused(graph, settings, EDITOR, JOIN, {"org": ROC, "project": D2J})
    assert code == "CONFLICT" and "exists already" in message


@pytest.mark.parametrize(
    ("org", "project", "code"),
    [
        (gid("Project", "hc3"), D2J, "BAD_USER_INPUT"),
        (ROC, gid("Project", "gone"), "NOT_FOUND"),
        (ROC, gid("Region", "twente"), "BAD_USER_INPUT"),
    ],
)
async def test_join_needs_known_ends_of_allowed_kinds(
    graph: AsyncDriver, settings: Settings, org: str, project: str, code: str
) -> None:
    before = await snapshot(graph)
    assert (await refused(graph, settings, EDITOR, JOIN, {"org": org, "project": project}))[0] == code
    assert await snapshot(graph) == before


async def test_a_single_relationship_stays_single(graph: AsyncDriver, settings: Settings) -> None:
    document = """mutation($from: ID!, $to: ID!) {
      createTo(from: $from, to: $to, properties: {source: "jaarverslag-2018"}) { version } }"""
    variables = {"from": gid("FundingFlow", "flow-1"), "to": gid("School", "alfa-college")}
    code, message = await refused(graph, settings, EDITOR, document, variables)
    assert code == "CONFLICT" and "one TO only" in message


async def test_a_needed_reference_cannot_be_deleted(graph: AsyncDriver, settings: Settings) -> None:
    document = (
        "mutation($from: ID!, $to: ID!) { deleteFrom(from: $from, to: $to, expectedVersion: 0) { version } }"
    )
    variables = {"from": gid("FundingFlow", "flow-1"), "to": gid("Province", "overijssel")}
    code, message = await refused(graph, settings, EDITOR, document, variables)
    assert code == "CONFLICT" and "updateFundingFlow" in message


async def test_create_update_delete_a_relationship(graph: AsyncDriver, settings: Settings) -> None:
    ends = {"from": gid("School", "roc-van-twente"), "to": gid("Region", "twente")}
    created = await done(
        graph,
        settings,
        EDITOR,
        "mutation($from: ID!, $to: ID!) { createLocatedIn(from: $from, to: $to,"
        ' properties: {source: "jaarverslag-2018"}) { version } }',
        ends,
    )
    assert created["createLocatedIn"]["version"] == 1
    updated = await done(
        graph,
        settings,
        EDITOR,
        "mutation($from: ID!, $to: ID!) { updateLocatedIn(from: $from, to: $to, expectedVersion: 1,"
        ' properties: {section: "Actie 2"}) { version properties } }',
        ends,
    )
    assert updated["updateLocatedIn"]["version"] == 2
    assert updated["updateLocatedIn"]["properties"]["section"] == "Actie 2"
    await done(
        graph,
        settings,
        EDITOR,
        "mutation($from: ID!, $to: ID!) {"
        " deleteLocatedIn(from: $from, to: $to, expectedVersion: 2) { version } }",
        ends,
    )
    records, _, _ = await graph.execute_query(
        "MATCH (:School {id: 'roc-van-twente'})-[r:LOCATED_IN]->() RETURN r"
    )
    assert records == []


RECORD = """mutation($funder: ID!, $recipient: ID!, $amount: Float, $key: String) {
  recordFundingFlow(funder: $funder, recipient: $recipient, amount: $amount, status: AWARDED, year: 2019,
    source: "jaarverslag-2018", idempotencyKey: $key) { version node { slug name amount funder { slug } } }
}"""


async def test_record_a_funding_flow(graph: AsyncDriver, settings: Settings) -> None:
    variables = {
        "funder": gid("Province", "overijssel"),
        "recipient": gid("School", "alfa-college"),
        "amount": 1080000.0,
        "key": "flow-key",
    }
    first = await done(graph, settings, EDITOR, RECORD, variables)
    node = first["recordFundingFlow"]["node"]
    assert node["amount"] == 1080000.0 and node["funder"] == {"slug": "overijssel"}
    assert node["name"] == "Funding from overijssel to alfa-college"
    assert await done(graph, settings, EDITOR, RECORD, variables) == first
    code, _ = await refused(graph, settings, EDITOR, RECORD, {**variables, "amount": -5.0, "key": None})
    assert code == "BAD_USER_INPUT"
