"""Shared by the mutation, audit and scoping tests: a small graph, callers of each role, running operations.

Holds no tests itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neo4j import AsyncDriver
from starlette.requests import Request

from hub.auth.principal import ANONYMOUS, Principal, attach
from hub.auth.roles import Role
from hub.config import Settings
from hub.graphql.context import Context
from hub.graphql.ids import global_id
from hub.graphql.schema import schema

EDITOR = Principal(subject="key:editor", role=Role.EDITOR, credential_id="editor")
ADMIN = Principal(subject="key:admin", role=Role.ADMIN, credential_id="admin")
ANALYST = Principal(subject="key:analyst", role=Role.ANALYST, credential_id="analyst")
PARTNER_A = Principal(subject="key:roc", role=Role.PARTNER, org="roc-van-twente", credential_id="roc")
PARTNER_B = Principal(subject="key:alfa", role=Role.PARTNER, org="alfa-college", credential_id="alfa")
NOBODY = ANONYMOUS

GRAPH = """
CREATE (:Document:Entity {id: 'jaarverslag-2018', name: 'Jaarverslag 2018', synthetic: false}),
 (ov:Province:Entity:Organisation {id: 'overijssel', name: 'Provincie Overijssel', source: 'jaarverslag-2018',
     synthetic: false}),
 (roc:School:Entity:Organisation {id: 'roc-van-twente', name: 'ROC van Twente', level: 'mbo',
     source: 'jaarverslag-2018', synthetic: false}),
 (alfa:School:Entity:Organisation {id: 'alfa-college', name: 'Alfa-college', level: 'mbo',
     source: 'jaarverslag-2018', synthetic: false}),
 (tw:Region:Entity {id: 'twente', name: 'Twente', regionType: 'region', source: 'jaarverslag-2018',
     synthetic: false}),
 (d2j:Project:Entity {id: 'direct2job', name: 'Direct2job', projectType: 'public_private_partnership',
     status: 'applied', startDate: date('2019-01-01'), source: 'jaarverslag-2018', synthetic: false}),
 (hc3:Project:Entity {id: 'hc3', name: 'HC3', projectType: 'public_private_partnership', status: 'applied',
     source: 'jaarverslag-2018', synthetic: false}),
 (alfa)-[:PARTICIPATES_IN {role: 'lead', since: date('2019-01-01'), source: 'jaarverslag-2018',
     synthetic: false}]->(hc3),
 (f:FundingFlow:Entity {id: 'flow-1', name: 'Flow 1', amount: 1000.0, currency: 'EUR', status: 'requested',
     source: 'jaarverslag-2018', synthetic: false}),
 (f)-[:FROM {source: 'jaarverslag-2018', synthetic: false}]->(ov),
 (f)-[:TO {source: 'jaarverslag-2018', synthetic: false}]->(roc)
"""
SOURCE = "jaarverslag-2018"


async def load(driver: AsyncDriver) -> None:
    await driver.execute_query(GRAPH)


def gid(label: str, slug: str) -> str:
    return global_id(label, slug)


@dataclass
class Outcome:
    data: Any
    errors: list[dict[str, Any]]
    statements: list[str]

    @property
    def codes(self) -> list[str]:
        return [error.get("extensions", {}).get("code") for error in self.errors]


async def call(
    driver: AsyncDriver,
    settings: Settings,
    principal: Principal,
    document: str,
    variables: dict[str, Any] | None = None,
) -> Outcome:
    """Run a GraphQL operation as `principal` against the schema (no HTTP)."""
    request = Request({"type": "http", "method": "POST", "path": "/graphql", "headers": [], "state": {}})
    attach(request, principal)
    context = Context(driver=driver, settings=settings, request=request, principal=principal)
    result = await schema.execute(document, variable_values=variables, context_value=context)
    errors = [dict(error.formatted) for error in result.errors or []]
    return Outcome(result.data, errors, [trip.statement for trip in context.round_trips])


async def done(
    driver: AsyncDriver,
    settings: Settings,
    principal: Principal,
    document: str,
    variables: dict[str, Any] | None = None,
) -> Any:
    """The data of an operation that must succeed."""
    outcome = await call(driver, settings, principal, document, variables)
    assert not outcome.errors, outcome.errors
    return outcome.data


async def refused(
    driver: AsyncDriver,
    settings: Settings,
    principal: Principal,
    document: str,
    variables: dict[str, Any] | None = None,
) -> tuple[str, str]:
    """(code, message) of an operation that must fail with one error."""
    outcome = await call(driver, settings, principal, document, variables)
    assert len(outcome.errors) == 1, outcome.errors
    return outcome.codes[0], outcome.errors[0]["message"]
