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


LOCATED_IN = """mutation($from: ID!, $to: ID!) {
  createLocatedIn(from: $from, to: $to, properties: {source: "jaarverslag-2018"}) { type from to version }
}"""
MOVE = """mutation($from: ID!, $to: ID!, $v: Int!) {
  updateLocatedIn(from: $from, to: $to, expectedVersion: $v, properties: {section: "Actie 2"}) {
    from to version
  }
}"""
UNLOCATE = """mutation($from: ID!, $to: ID!, $v: Int!) {
  deleteLocatedIn(from: $from, to: $to, expectedVersion: $v) { from to version }
}"""


async def located(graph: AsyncDriver) -> list[tuple[str, str, int | None]]:
    records, _, _ = await graph.execute_query(
        "MATCH (a)-[r:LOCATED_IN]->(b) RETURN a.id AS a, b.id AS b, r.version AS v ORDER BY a, b"
    )
    return [(r["a"], r["b"], r["v"]) for r in records]


@pytest.mark.parametrize(
    "ends",
    [
        {"from": "roc-van-twente", "to": "twente"},
        {"from": gid("School", "roc-van-twente"), "to": gid("Region", "twente")},
        {"from": "roc-van-twente", "to": gid("Region", "twente")},
    ],
    ids=["slugs", "global ids", "one of each"],
)
async def test_ends_are_named_by_slug_or_global_id_alike(
    graph: AsyncDriver, settings: Settings, ends: dict[str, str]
) -> None:
    named = {"from": gid("School", "roc-van-twente"), "to": gid("Region", "twente")}
    created = await done(graph, settings, EDITOR, LOCATED_IN, ends)
    assert created["createLocatedIn"] == {"type": "LOCATED_IN", **named, "version": 1}
    assert await located(graph) == [("roc-van-twente", "twente", 1)]
    moved = await done(graph, settings, EDITOR, MOVE, {**ends, "v": 1})
    assert moved["updateLocatedIn"] == {**named, "version": 2}
    deleted = await done(graph, settings, EDITOR, UNLOCATE, {**ends, "v": 2})
    assert deleted["deleteLocatedIn"] == {**named, "version": 2}
    assert await located(graph) == []


BAD_ENDS = [
    (
        {"from": "Not A Slug", "to": "twente"},
        "BAD_USER_INPUT",
        "from: 'Not A Slug' is neither a slug nor a node id",
    ),
    ({"from": "roc-van-twente", "to": "nowhere"}, "NOT_FOUND", "to: there is no node 'nowhere'"),
    (
        {"from": "roc-van-twente", "to": "direct2job"},
        "BAD_USER_INPUT",
        "to: 'direct2job' is a Project; allowed: ",
    ),
    ({"from": SOURCE, "to": "twente"}, "BAD_USER_INPUT", f"from: {SOURCE!r} is a Document; allowed: "),
    ({"from": gid("Company", "roc-van-twente"), "to": "twente"}, "NOT_FOUND", "from: there is no Company"),
]


@pytest.mark.parametrize(("ends", "code", "words"), BAD_ENDS)
@pytest.mark.parametrize("document", [LOCATED_IN, MOVE, UNLOCATE], ids=["create", "update", "delete"])
async def test_a_bad_end_is_refused_and_nothing_is_written(
    graph: AsyncDriver, settings: Settings, document: str, ends: dict[str, str], code: str, words: str
) -> None:
    await done(graph, settings, EDITOR, LOCATED_IN, {"from": "alfa-college", "to": "twente"})
    before = await snapshot(graph)
    got, message = await refused(graph, settings, EDITOR, document, {**ends, "v": 1})
    assert (got, message.startswith(words)) == (code, True), message
    assert await snapshot(graph) == before


async def test_join_and_record_take_slugs_as_global_ids(graph: AsyncDriver, settings: Settings) -> None:
    by_ids = await done(graph, settings, EDITOR, JOIN, {"org": ROC, "project": D2J, "key": "join-2"})
    by_slugs = {"org": "roc-van-twente", "project": "direct2job", "key": "join-2"}
    assert await done(graph, settings, EDITOR, JOIN, by_slugs) == by_ids, "the same join, retried"
    ends = {"funder": "overijssel", "recipient": gid("School", "alfa-college"), "amount": 5.0, "key": "f"}
    recorded = await done(graph, settings, EDITOR, RECORD, ends)
    node = recorded["recordFundingFlow"]["node"]
    assert node["funder"] == {"slug": "overijssel"} and node["amount"] == 5.0


@pytest.mark.parametrize(
    ("document", "variables", "code", "words"),
    [
        (
            JOIN,
            {"org": "hc3", "project": "direct2job"},
            "BAD_USER_INPUT",
            "org: 'hc3' is a Project; allowed: ",
        ),
        (JOIN, {"org": "roc-van-twente", "project": "gone"}, "NOT_FOUND", "project: there is no node 'gone'"),
        (JOIN, {"org": "ROC", "project": "direct2job"}, "BAD_USER_INPUT", "org: 'ROC' is neither a slug nor"),
        (RECORD, {"funder": "nowhere", "recipient": "alfa-college"}, "NOT_FOUND", "funder: there is no node"),
        (
            RECORD,
            {"funder": "overijssel", "recipient": "hc3"},
            "BAD_USER_INPUT",
            "recipient: 'hc3' is a Project",
        ),
        (
            RECORD,
            {"funder": "Overijssel", "recipient": "alfa-college"},
            "BAD_USER_INPUT",
            "funder: 'Overijssel'",
        ),
    ],
)
async def test_the_shortcuts_refuse_a_bad_node_and_write_nothing(
    graph: AsyncDriver, settings: Settings, document: str, variables: dict[str, str], code: str, words: str
) -> None:
    before = await snapshot(graph)
    got, message = await refused(graph, settings, EDITOR, document, variables)
    assert (got, message.startswith(words)) == (code, True), message
    assert await snapshot(graph) == before
