"""Node mutations on a real database: create, update, delete, business rules, versions, idempotency."""

from __future__ import annotations

import datetime as dt

import pytest
from neo4j import AsyncDriver

from hub.auth.principal import ANONYMOUS
from hub.config import Settings
from tests.graph_snapshot import snapshot
from tests.test_mutations_helpers import ANALYST, EDITOR, SOURCE, call, done, gid, load, refused


@pytest.fixture
async def graph(db: AsyncDriver) -> AsyncDriver:
    await load(db)
    return db


CREATE_PROJECT = """
mutation($input: ProjectCreateInput!, $key: String) {
  createProject(input: $input, idempotencyKey: $key) { version node { id slug name status startDate } }
}
"""
PROJECT = {
    "slug": "scale-up-techwise",
    "name": "Scale up Techwise",
    "projectType": "PUBLIC_PRIVATE_PARTNERSHIP",
    "status": "APPLIED",
    "startDate": "2019-02-01",
    "source": SOURCE,
}
UPDATE_PROJECT = """
mutation($id: ID!, $v: Int!, $input: ProjectUpdateInput!) {
  updateProject(id: $id, expectedVersion: $v, input: $input) { version node { name status endDate } }
}
"""
CREATE_FLOW = """
mutation($input: FundingFlowCreateInput!) {
  createFundingFlow(input: $input) { version node { slug amount funder { slug } recipient { slug } } }
}
"""


def flow(**changes: object) -> dict[str, object]:
    return {
        "slug": "flow-2",
        "name": "Flow 2",
        "funder": gid("Province", "overijssel"),
        "recipient": gid("School", "alfa-college"),
        "amount": 250.0,
        "status": "AWARDED",
        "source": SOURCE,
        **changes,
    }


async def test_create_returns_the_node_at_version_1(graph: AsyncDriver, settings: Settings) -> None:
    data = await done(graph, settings, EDITOR, CREATE_PROJECT, {"input": PROJECT})
    created = data["createProject"]
    assert created["version"] == 1
    assert created["node"] == {
        "id": gid("Project", "scale-up-techwise"),
        "slug": "scale-up-techwise",
        "name": "Scale up Techwise",
        "status": "APPLIED",
        "startDate": "2019-02-01",
    }
    records, _, _ = await graph.execute_query(
        "MATCH (n:Project:Entity {id: 'scale-up-techwise'}) RETURN n.version AS v, n.__lock AS lock"
    )
    assert records[0]["v"] == 1 and records[0]["lock"] is None


async def test_create_with_references_makes_the_relationships(graph: AsyncDriver, settings: Settings) -> None:
    data = await done(graph, settings, EDITOR, CREATE_FLOW, {"input": flow()})
    assert data["createFundingFlow"]["node"] == {
        "slug": "flow-2",
        "amount": 250.0,
        "funder": {"slug": "overijssel"},
        "recipient": {"slug": "alfa-college"},
    }


@pytest.mark.parametrize(
    ("changes", "code", "words"),
    [
        ({"amount": -1.0}, "BAD_USER_INPUT", "amount"),
        ({"funder": gid("School", "alfa-college")}, "BAD_USER_INPUT", "funder and recipient are the same"),
        ({"funder": gid("Province", "nowhere")}, "NOT_FOUND", "funder"),
        ({"funder": gid("School", "overijssel")}, "NOT_FOUND", "funder"),
        ({"recipient": gid("Project", "direct2job")}, "BAD_USER_INPUT", "recipient"),
        ({"source": "no-such-document"}, "NOT_FOUND", "source"),
        ({"source": "overijssel"}, "BAD_USER_INPUT", "source"),
        ({"slug": "flow-1"}, "CONFLICT", "taken"),
        ({"slug": "Not A Slug"}, "BAD_USER_INPUT", "id"),
        ({"funder": "nowhere"}, "NOT_FOUND", "funder: there is no node 'nowhere'"),
        ({"recipient": "direct2job"}, "BAD_USER_INPUT", "recipient: 'direct2job' is a Project; allowed: "),
        ({"funder": "Overijssel"}, "BAD_USER_INPUT", "funder: 'Overijssel' is neither a slug nor a node id"),
        (
            {"project": "twente"},
            "BAD_USER_INPUT",
            "project: 'twente' is a Region; allowed: Campaign, Project",
        ),
    ],
)
async def test_business_rules_refuse_and_write_nothing(
    graph: AsyncDriver, settings: Settings, changes: dict[str, object], code: str, words: str
) -> None:
    before = await snapshot(graph)
    audits_before, _, _ = await graph.execute_query("MATCH (a:__HubAudit) RETURN count(a) AS n")
    got, message = await refused(graph, settings, EDITOR, CREATE_FLOW, {"input": flow(**changes)})
    assert got == code and words in message, message
    assert await snapshot(graph) == before
    audits, _, _ = await graph.execute_query("MATCH (a:__HubAudit) RETURN count(a) AS n")
    assert audits[0]["n"] == audits_before[0]["n"]


async def test_references_are_named_by_slug_or_global_id_alike(
    graph: AsyncDriver, settings: Settings
) -> None:
    by_slugs = await done(
        graph, settings, EDITOR, CREATE_FLOW, {"input": flow(funder="overijssel", slug="f-a")}
    )
    by_ids = await done(graph, settings, EDITOR, CREATE_FLOW, {"input": flow(slug="f-b")})
    assert {**by_slugs["createFundingFlow"]["node"], "slug": "f-b"} == by_ids["createFundingFlow"]["node"]
    records, _, _ = await graph.execute_query(
        "MATCH (f:FundingFlow)-[:FROM]->(m) WHERE f.id IN ['f-a', 'f-b']"
        " RETURN f.id AS f, m.id AS m ORDER BY f"
    )
    assert [(r["f"], r["m"]) for r in records] == [("f-a", "overijssel"), ("f-b", "overijssel")]
    move = """mutation($id: ID!, $to: ID!) { updateFundingFlow(id: $id, expectedVersion: 1,
        input: {recipient: $to}) { node { recipient { slug } } } }"""
    moved = await done(graph, settings, EDITOR, move, {"id": "f-a", "to": "roc-van-twente"})
    assert moved["updateFundingFlow"]["node"]["recipient"] == {"slug": "roc-van-twente"}


async def test_dates_in_order(graph: AsyncDriver, settings: Settings) -> None:
    variables = {"id": gid("Project", "direct2job"), "v": 0, "input": {"endDate": "2018-01-01"}}
    code, message = await refused(graph, settings, EDITOR, UPDATE_PROJECT, variables)
    assert code == "BAD_USER_INPUT" and "endDate is before startDate" in message


async def test_update_bumps_the_version_and_refuses_a_stale_one(
    graph: AsyncDriver, settings: Settings
) -> None:
    project = gid("Project", "direct2job")
    first = await done(
        graph, settings, EDITOR, UPDATE_PROJECT, {"id": project, "v": 0, "input": {"status": "IN_PROGRESS"}}
    )
    assert first["updateProject"] == {
        "version": 1,
        "node": {"name": "Direct2job", "status": "IN_PROGRESS", "endDate": None},
    }
    before = await snapshot(graph)
    code, message = await refused(
        graph, settings, EDITOR, UPDATE_PROJECT, {"id": project, "v": 0, "input": {"name": "Late"}}
    )
    assert code == "CONFLICT" and "version 1, not 0" in message
    assert await snapshot(graph) == before
    second = await done(
        graph, settings, EDITOR, UPDATE_PROJECT, {"id": project, "v": 1, "input": {"endDate": "2020-12-31"}}
    )
    assert second["updateProject"]["version"] == 2


async def test_update_clears_an_optional_field_with_null(graph: AsyncDriver, settings: Settings) -> None:
    variables = {"id": gid("Project", "direct2job"), "v": 0, "input": {"startDate": None}}
    await done(graph, settings, EDITOR, UPDATE_PROJECT, variables)
    records, _, _ = await graph.execute_query("MATCH (n:Project {id: 'direct2job'}) RETURN n.startDate AS d")
    assert records[0]["d"] is None


async def test_update_can_move_a_reference(graph: AsyncDriver, settings: Settings) -> None:
    document = """mutation($id: ID!, $to: ID!) { updateFundingFlow(id: $id, expectedVersion: 0,
        input: {recipient: $to}) { node { recipient { slug } } } }"""
    variables = {"id": gid("FundingFlow", "flow-1"), "to": gid("School", "alfa-college")}
    data = await done(graph, settings, EDITOR, document, variables)
    assert data["updateFundingFlow"]["node"]["recipient"] == {"slug": "alfa-college"}
    records, _, _ = await graph.execute_query(
        "MATCH (:FundingFlow {id: 'flow-1'})-[r:TO]->(m) RETURN m.id AS m"
    )
    assert [r["m"] for r in records] == ["alfa-college"]


async def test_a_node_to_write_is_named_by_its_slug_too(graph: AsyncDriver, settings: Settings) -> None:
    variables = {"id": "direct2job", "v": 0, "input": {"status": "IN_PROGRESS"}}
    data = await done(graph, settings, EDITOR, UPDATE_PROJECT, variables)
    assert data["updateProject"]["version"] == 1


DELETE = "mutation($id: ID!, $v: Int!) { deleteProject(id: $id, expectedVersion: $v) { id version } }"


async def test_missing_and_wrong_kind_ids_are_not_found(graph: AsyncDriver, settings: Settings) -> None:
    before = await snapshot(graph)
    for node_id in (gid("Project", "nope"), gid("School", "direct2job"), "nope", "roc-van-twente"):
        for document, variables in ((UPDATE_PROJECT, {"input": {}}), (DELETE, {})):
            code, _ = await refused(graph, settings, EDITOR, document, {"id": node_id, "v": 0, **variables})
            assert code == "NOT_FOUND"
    code, message = await refused(graph, settings, EDITOR, DELETE, {"id": "Direct2job", "v": 0})
    assert (code, message) == ("BAD_USER_INPUT", "id: 'Direct2job' is neither a slug nor a node id")
    assert await snapshot(graph) == before


async def test_delete_detaches_and_checks_the_version(graph: AsyncDriver, settings: Settings) -> None:
    project = gid("Project", "hc3")
    code, _ = await refused(graph, settings, EDITOR, DELETE, {"id": project, "v": 3})
    assert code == "CONFLICT"
    data = await done(graph, settings, EDITOR, DELETE, {"id": "hc3", "v": 0})
    assert data["deleteProject"] == {"id": project, "version": 0}
    records, _, _ = await graph.execute_query("MATCH (n {id: 'hc3'}) RETURN count(n) AS n")
    assert records[0]["n"] == 0


async def test_delete_refused_while_a_record_needs_the_node(graph: AsyncDriver, settings: Settings) -> None:
    document = "mutation($id: ID!) { deleteSchool(id: $id, expectedVersion: 0) { id } }"
    before = await snapshot(graph)
    code, message = await refused(graph, settings, EDITOR, document, {"id": gid("School", "roc-van-twente")})
    assert code == "CONFLICT" and "FundingFlow 'flow-1' (recipient)" in message
    assert await snapshot(graph) == before


async def test_a_retried_create_with_the_same_key_is_a_no_op(graph: AsyncDriver, settings: Settings) -> None:
    variables = {"input": PROJECT, "key": "create-techwise-1"}
    first = await done(graph, settings, EDITOR, CREATE_PROJECT, variables)
    after_first = await snapshot(graph)
    again = await done(graph, settings, EDITOR, CREATE_PROJECT, variables)
    assert again == first
    assert await snapshot(graph) == after_first
    records, _, _ = await graph.execute_query(
        "MATCH (a:__HubAudit {entityId: 'scale-up-techwise'}) RETURN count(a) AS n"
    )
    assert records[0]["n"] == 1
    other = {"input": {**PROJECT, "name": "Something else"}, "key": "create-techwise-1"}
    code, message = await refused(graph, settings, EDITOR, CREATE_PROJECT, other)
    assert code == "CONFLICT" and "idempotencyKey" in message


async def test_without_a_key_a_duplicate_create_conflicts(graph: AsyncDriver, settings: Settings) -> None:
    await done(graph, settings, EDITOR, CREATE_PROJECT, {"input": PROJECT})
    outcome = await call(graph, settings, EDITOR, CREATE_PROJECT, {"input": PROJECT})
    assert outcome.codes == ["CONFLICT"]


STAMPS = """
query($id: ID!) {
  node(id: $id) { ... on Project { version updatedAt updatedBy
    participantsConnection { edges { properties { version updatedAt updatedBy } } } } }
}
"""


async def test_every_write_stamps_version_time_and_writer_readable_to_those_entitled(
    graph: AsyncDriver, settings: Settings
) -> None:
    project = gid("Project", "scale-up-techwise")
    before = await done(graph, settings, EDITOR, CREATE_PROJECT, {"input": PROJECT})
    assert before["createProject"]["version"] == 1
    join = """mutation($org: ID!, $project: ID!) {
      joinProject(org: $org, project: $project, source: "jaarverslag-2018") { version } }"""
    await done(graph, settings, EDITOR, join, {"org": gid("School", "alfa-college"), "project": project})
    seen = (await done(graph, settings, ANALYST, STAMPS, {"id": project}))["node"]
    assert (seen["version"], seen["updatedBy"]) == (1, "key:editor")
    assert seen["updatedAt"].startswith(str(dt.date.today().year))
    [edge] = seen["participantsConnection"]["edges"]
    assert (edge["properties"]["version"], edge["properties"]["updatedBy"]) == (1, "key:editor")
    public = (await done(graph, settings, ANONYMOUS, STAMPS, {"id": project}))["node"]
    assert (public["version"], public["updatedBy"]) == (1, None)
    assert public["participantsConnection"]["edges"][0]["properties"]["updatedBy"] is None


async def test_stamps_are_not_input(graph: AsyncDriver, settings: Settings) -> None:
    forged = {**PROJECT, "version": 7, "updatedBy": "someone-else"}
    outcome = await call(graph, settings, EDITOR, CREATE_PROJECT, {"input": forged})
    assert outcome.data is None
    assert {"unknown field 'version'", "unknown field 'updatedBy'"} & {
        part
        for error in outcome.errors
        for part in ("unknown field 'version'", "unknown field 'updatedBy'")
        if part in error["message"]
    }
