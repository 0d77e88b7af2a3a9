"""Shared by the GraphQL tests: a small stakeholder graph, running queries, and Cypher snapshots.

Holds no tests itself.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import pytest
from neo4j import AsyncDriver
from strawberry.types import ExecutionResult

from hub.config import Settings, load_settings
from hub.graphql.compiler import field as field_module
from hub.graphql.compiler.selection import Selection
from hub.graphql.context import Context
from hub.graphql.cypher import run as run_module
from hub.graphql.cypher.scope import Statement
from hub.graphql.ids import global_id
from hub.graphql.schema import schema
from tests.fastpath_support import PLAIN

SNAPSHOTS = Path(__file__).parent / "snapshots"

GRAPH = """
CREATE (ov:Province:Entity:Organisation {id: 'overijssel', name: 'Provincie Overijssel', source:
    'jaarverslag-2018', synthetic: false}),
 (tw:Region:Entity {id: 'twente', name: 'Twente', regionType: 'region', synthetic: false}),
 (zw:Region:Entity {id: 'zwolle', name: 'Regio Zwolle', regionType: 'region', synthetic: false}),
 (tp:Pact:Entity:Organisation {id: 'techniekpact-twente', name: 'Techniekpact Twente', synthetic: false}),
 (tz:Pact:Entity:Organisation {id: 'techniekpact-zwolle', name: 'Techniekpact Zwolle', synthetic: false}),
 (ut:School:Entity:Organisation {id: 'universiteit-twente', name: 'Universiteit Twente', level: 'wo',
     synthetic: false,
     description: 'Technical university in Enschede'}),
 (roc:School:Entity:Organisation {id: 'roc-van-twente', name: 'ROC van Twente', level: 'mbo', synthetic:
     false}),
 (alfa:School:Entity:Organisation {id: 'alfa-college', name: 'Alfa-college', level: 'mbo', synthetic: false}),
 (wh:School:Entity:Organisation {id: 'windesheim', name: 'Hogeschool Windesheim', level: 'hbo', synthetic:
     false}),
 (acme:Company:Entity:Organisation {id: 'acme-metaal', name: 'Acme Metaal', sector: 'metal', sizeClass:
     'small', synthetic: true}),
 (bolt:Company:Entity:Organisation {id: 'bolt-bv', name: 'Bolt BV', sector: 'ict', sizeClass: 'medium',
     synthetic: true}),
 (cog:Company:Entity:Organisation {id: 'cog-systems', name: 'Cog Systems', synthetic: true}),
 (talent:Project:Entity {id: 'talent-it', name: 'Talent IT', projectType: 'talent', status: 'in_progress',
     startDate: date('2018-01-01'), synthetic: false}),
 (lab:Project:Entity {id: 'fieldlab-sociale-innovatie', name: 'Fieldlab sociale innovatie', projectType:
     'fieldlab',
     status: 'planned', synthetic: false}),
 (zt:Project:Entity {id: 'zwolle-talent', name: 'Zwolle Talent', projectType: 'talent', status: 'planned',
     startDate: date('2019-03-01'), synthetic: false}),
 (f1:FundingFlow:Entity {id: 'flow-1', name: 'Flow 1', amount: 1000.0, year: 2018, status: 'paid',
     currency: 'EUR', synthetic: false}),
 (f2:FundingFlow:Entity {id: 'flow-2', name: 'Flow 2', year: 2018, status: 'awarded', currency: 'EUR',
     synthetic: false}),
 (f3:FundingFlow:Entity {id: 'flow-3', name: 'Flow 3', amount: 500.0, year: 2019, status: 'paid', currency:
     'EUR',
     instrument: 'subsidy', synthetic: false}),
 (ut)-[:MEMBER_OF {role: 'partner', since: date('2015-01-01'), until: date('2019-12-31'), synthetic:
     false}]->(tp),
 (roc)-[:MEMBER_OF {role: 'lead', since: date('2018-01-01'), synthetic: false}]->(tp),
 (acme)-[:MEMBER_OF {synthetic: true}]->(tp),
 (alfa)-[:MEMBER_OF {role: 'partner', since: date('2019-01-01'), synthetic: false}]->(tz),
 (acme)-[:PARTICIPATES_IN {role: 'partner', synthetic: true}]->(talent),
 (bolt)-[:PARTICIPATES_IN {synthetic: true}]->(lab),
 (cog)-[:PARTICIPATES_IN {synthetic: true}]->(zt),
 (cog)-[:PARTICIPATES_IN {synthetic: true}]->(talent),
 (talent)-[:LOCATED_IN]->(tw), (lab)-[:LOCATED_IN]->(tw), (zt)-[:LOCATED_IN]->(zw),
 (acme)-[:LOCATED_IN]->(tw), (ut)-[:LOCATED_IN]->(tw),
 (f1)-[:FROM]->(ov), (f1)-[:TO]->(tp), (f1)-[:FOR]->(talent),
 (f2)-[:FROM]->(ov), (f2)-[:TO]->(ut),
 (f3)-[:FROM]->(ov), (f3)-[:TO]->(tp)
"""
"""Three pacts' worth of the network, with dated memberships, nulls to sort, and funding with gaps."""


async def load_graph(driver: AsyncDriver) -> None:
    await driver.execute_query(GRAPH)


def gid(label: str, slug: str) -> str:
    return global_id(label, slug)


@dataclass
class Answer:
    data: Any
    errors: list[str]
    round_trips: list[Any] = field(default_factory=list)


async def execute(
    driver: AsyncDriver, settings: Settings, query: str, variables: dict[str, Any] | None = None
) -> Answer:
    """Run a GraphQL query against the schema with a real context (no HTTP)."""
    context = Context(driver=driver, settings=settings, request=None, explain=True)  # type: ignore[arg-type]
    result: ExecutionResult = await schema.execute(query, variable_values=variables, context_value=context)
    return Answer(result.data, [error.message for error in result.errors or []], context.round_trips)


async def ok(
    driver: AsyncDriver, settings: Settings, query: str, variables: dict[str, Any] | None = None
) -> Any:
    """The data of a query that must succeed."""
    answer = await execute(driver, settings, query, variables)
    assert not answer.errors, answer.errors
    return answer.data


class Captured(Exception):
    """Stops a root field after its statement was compiled."""


@dataclass
class Compiled:
    statements: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    selections: list[Selection] = field(default_factory=list)


async def compile_only(
    monkeypatch: pytest.MonkeyPatch, query: str, variables: dict[str, Any] | None = None
) -> Compiled:
    """Run the query with the database replaced: record each root field's selection and statement."""
    compiled = Compiled()
    real_selection = field_module.root_selection

    def record_selection(info: Any) -> Selection:
        selection = real_selection(info)
        compiled.selections.append(selection)
        return selection

    async def record_statement(context: Any, statement: Statement) -> list[Any]:
        compiled.statements.append((statement.text, statement.parameters))
        raise Captured

    monkeypatch.setattr(field_module, "root_selection", record_selection)
    monkeypatch.setattr(run_module, "read", record_statement)
    context = Context(driver=None, settings=load_settings(_env_file=None), request=None)  # type: ignore[arg-type]
    result = await PLAIN.execute(query, variable_values=variables, context_value=context)
    unexpected = [e.message for e in result.errors or [] if not isinstance(e.original_error, Captured)]
    assert not unexpected, unexpected
    return compiled


def snapshot(name: str, statement: str, parameters: dict[str, Any]) -> None:
    """Compare with tests/snapshots/<name>.cypher; UPDATE_SNAPSHOTS=1 rewrites it."""
    text = (
        statement
        + "\n// parameters: "
        + orjson.dumps(parameters, default=str, option=orjson.OPT_SORT_KEYS).decode()
        + "\n"
    )
    path = SNAPSHOTS / f"{name}.cypher"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.write_text(text)
    assert path.exists(), f"{path.name} is missing; run with UPDATE_SNAPSHOTS=1 to create it"
    assert path.read_text() == text, f"{path.name} differs; rerun with UPDATE_SNAPSHOTS=1 if intended"
