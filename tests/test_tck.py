"""The Cypher each feature sends, pinned per viewer, in @neo4j/graphql's "tck" manner: tests/tck/<feature>.md
holds, for every viewer, the GraphQL asked, the statement sent and its parameters. No database is needed:
the statement is captured where it would run. `UPDATE_SNAPSHOTS=1` rewrites the files after a deliberate
change; review their diff like code.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import orjson
import pytest
from neo4j.time import DateTime

from hub.audit.entry import RECORD_ALL, Change, record_parameters, seed_entry
from hub.auth.principal import ANONYMOUS, Principal
from hub.auth.roles import Role
from hub.config import load_settings
from hub.graphql.context import Context
from hub.graphql.cypher import run as run_module
from hub.graphql.cypher.scope import Statement
from hub.graphql.schema import schema

TCK = Path(__file__).parent / "tck"
VIEWERS = {
    "anonymous": ANONYMOUS,
    "partner of roc-van-twente": Principal(subject="key:p", role=Role.PARTNER, org="roc-van-twente"),
    "analyst": Principal(subject="key:a", role=Role.ANALYST),
}
FEATURES: dict[str, tuple[str, str]] = {
    "funding-trace": (
        "The money from a source, hop by hop, with totals; requested flows are private.",
        '{ fundingTrace(from: "reserve-kwaliteit", maxHops: 2, statuses: [AWARDED, PAID], first: 5) {'
        " hops { hop flows { slug amount status } total { known count } } nodes { node { slug } hop } } }",
    ),
    "funding-trace-flows-only": (
        "A trace that asks for no nodes: they are not searched.",
        '{ fundingTrace(from: "prestatie-5-2-1", maxHops: 1, statuses: [REQUESTED, AWARDED], first: 5) {'
        " hops { total { known count } flows { slug recipient { slug } } } } }",
    ),
    "paths": (
        "The shortest connections between two stakeholders, never through a hidden record.",
        '{ paths(from: "roc-van-twente", to: "techniekpact-twente", maxHops: 3, first: 2) {'
        " paths { explanation nodes { slug } relationships { type } } } }",
    ),
    "neighbourhood": (
        "The ego network of a node, level by level, each level priced before it is read.",
        '{ neighbourhood(id: "techniekpact-twente", hops: 2, kinds: [SCHOOL, PACT, FUNDING_FLOW],'
        " limit: 10) { nodes { slug hop } edges { type source target } truncated } }",
    ),
    "collaboration-partners": (
        "Candidates for a stakeholder, scored; a shared private flow is no evidence for another viewer.",
        '{ collaborationPartners(for: "roc-van-twente", kinds: [COMPANY], region: "twente", first: 5) {'
        " candidates { candidate { slug } score reasons { kind via { slug } } } } }",
    ),
    "target-progress": (
        "Targets with their indicator's observations.",
        '{ targetProgress(id: "doel-40-procent-instroom") {'
        " target { slug } value observations { slug value } } }",
    ),
    "clusters": (
        "Connected components over the chosen relationships among the chosen kinds.",
        "{ clusters(kinds: [COMPANY, PROJECT, FUNDING_FLOW], via: [FROM, TO, FOR], first: 3) {"
        " total clusters { key size members { slug } } } }",
    ),
    "private-property": (
        "A compiled collection filtered and sorted on a private property: both read it masked.",
        '{ people(where: {email: {contains: "@"}}, orderBy: [{field: EMAIL}], first: 5) {'
        " totalCount edges { node { slug email } } } }",
    ),
    "private-records": (
        "A compiled collection of a kind with private records, and the same kind one relationship away.",
        "{ schools(first: 3) { edges { node { slug fundingReceivedConnection(first: 2) {"
        " totalCount edges { node { slug status } } } } } } }",
    ),
    "funding-aggregate": (
        "Funding grouped by status and funder: private flows counted only for those who may see them.",
        "{ fundingAggregate(groupBy: [STATUS, FUNDER]) { key { status funder { id } } count totalAmount } }",
    ),
    "relationship-properties": (
        "Filters and sort keys on relationship properties, `asOf` in a root filter, a nested page backwards.",
        '{ pacts(where: {membersConnection: {some: {node: {slug: {eq: "roc-van-twente"}},'
        ' edge: {role: {eq: "lead"}, updatedBy: {isNull: false}}}, asOf: "2019-01-01"}}, first: 2) {'
        ' edges { node { slug membersConnection(edgeWhere: {role: {eq: "partner"}},'
        " orderBy: [{edge: SINCE, direction: DESC}], last: 2) {"
        " edges { cursor node { slug } properties { role since } } pageInfo { hasPreviousPage } } } } } }",
    ),
    "case-insensitive": (
        "Filters that ignore case: both sides lower-cased, a private property still read masked first.",
        '{ people(where: {name: {containsInsensitive: "JAN"}, email: {endsWithInsensitive: ".NL"},'
        ' OR: [{slug: {inInsensitive: ["Jan-Jansen"]}}, {name: {startsWithInsensitive: "j"}}],'
        ' NOT: {name: {eqInsensitive: "x"}}}, first: 5) { edges { node { slug name } } } }',
    ),
    "search": (
        "Full-text search: the text's words, each exact, as a prefix and fuzzily; private records hidden.",
        '{ search(query: "Oriëntatie (techniek) OR po~", kinds: [PROJECT, FUNDING_FLOW], first: 3) {'
        " score node { ... on Entity { slug } } } }",
    ),
    "provenance": (
        "Provenance of a node and of the relationships of a connection: document, section, quotes.",
        "{ targets(first: 1) { edges { node { slug provenance { source section quotes }"
        " trendIndicatorsConnection(first: 1) { edges { node { provenance { quotes } }"
        " properties { provenance { source quotes } } } } } } } }",
    ),
    "aggregate-properties": (
        "A kind grouped by an enum and a date's year, dates summarised: no walk, so unpriced.",
        "{ projectsAggregate(where: {status: {in: [IN_PROGRESS, COMPLETED]}},"
        " groupBy: [PROJECT_TYPE, START_DATE_YEAR]) { key { projectType startDateYear } count"
        " startDate { min max count } } }",
    ),
    "aggregate-relationship-ends": (
        "Grouped by the nodes a relationship reaches (each once per end) and a property: priced.",
        "{ schoolsAggregate(groupBy: [LEADS, LEVEL]) { key { leads { slug } level } count } }",
    ),
    "aggregate-private-values": (
        "Grouped by a private property: read masked, so a hidden email groups as null.",
        "{ peopleAggregate(groupBy: [EMAIL]) { key { email } count } }",
    ),
    "aggregate-interface": (
        "Every organisation kind at once, grouped by a property with a default.",
        "{ organisationsAggregate(groupBy: [SYNTHETIC]) { key { synthetic } count } }",
    ),
    "change-feed": (
        "The audit trail after a cursor, each side of a change judged on the facts recorded with it.",
        '{ changes(after: "W1sic2VxdWVuY2U6QVNDIl0sWzQyXV0", kinds: ["FundingFlow", "WORKS_FOR"], first: 5) {'
        " changes { cursor operation kind id from to before after } endCursor hasNextPage } }",
    ),
    "node-lookup": (
        "Nodes by slug or global id, in the order asked; a malformed id is looked up as nothing.",
        '{ nodes(ids: ["roc-van-twente", "U2Nob29sOmFsZmEtY29sbGVnZQ", "Not an id!"]) {'
        " id ... on Entity { slug } } }",
    ),
}


class Captured(Exception):
    """Stops a root field once its statement is written."""


async def statement_of(monkeypatch: pytest.MonkeyPatch, principal: Principal, query: str) -> Statement:
    sent: list[Statement] = []

    async def capture(context: Context, statement: Statement) -> list[Any]:
        sent.append(statement)
        raise Captured

    monkeypatch.setattr(run_module, "read", capture)
    settings = load_settings(_env_file=None)
    context = Context(driver=None, settings=settings, request=None, principal=principal)  # type: ignore[arg-type]
    await schema.execute(query, context_value=context)
    (statement,) = sent
    return statement


def section(viewer: str, statement: Statement) -> str:
    parameters = orjson.dumps(
        statement.parameters, default=str, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2
    )
    return (
        f"## As {viewer}\n\n```cypher\n{statement.text.strip()}\n```\n\n```json\n{parameters.decode()}\n```\n"
    )


@pytest.mark.parametrize("feature", sorted(FEATURES))
async def test_cypher_is_pinned_per_viewer(monkeypatch: pytest.MonkeyPatch, feature: str) -> None:
    description, query = FEATURES[feature]
    sections = [
        section(viewer, await statement_of(monkeypatch, principal, query))
        for viewer, principal in VIEWERS.items()
    ]
    text = f"# {feature}\n\n{description}\n\n```graphql\n{query}\n```\n\n" + "\n".join(sections)
    path = TCK / f"{feature}.md"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        TCK.mkdir(exist_ok=True)
        path.write_text(text)
    assert path.exists(), f"{path.name} is missing; run with UPDATE_SNAPSHOTS=1 to create it"
    assert path.read_text() == text, f"{path.name} differs; rerun with UPDATE_SNAPSHOTS=1 if intended"


async def test_the_audit_record_is_pinned() -> None:
    """The statement every write records its audit entry with (hub.audit.entry.RECORD_ALL): one number of
    the trail's counter per entry, and the read rule's facts of each side."""
    ends = ("jan", "roc-van-twente")
    change = Change("delete", "WORKS_FOR", "jan-[WORKS_FOR]->roc-van-twente", {"version": 1}, None, ends)
    entry = {**seed_entry(change, DateTime(2026, 1, 1, tzinfo=dt.UTC)), "id": "entry-1"}
    description = "Each write's audit entry: its number from the counter, the read rule's facts of each side."
    text = f"# audit-record\n\n{description}\n\n" + section(
        "every writer", Statement(RECORD_ALL, record_parameters([entry]))
    )
    path = TCK / "audit-record.md"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.write_text(text)
    assert path.read_text() == text, f"{path.name} differs; rerun with UPDATE_SNAPSHOTS=1 if intended"
