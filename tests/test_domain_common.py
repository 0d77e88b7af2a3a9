"""A tiny stakeholder network after the source document, the domain fields' schema, and shared checks."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry
from neo4j import AsyncDriver
from starlette.requests import Request

from hub.auth.principal import Principal
from hub.auth.roles import Role
from hub.config import Settings
from hub.graphql.context import Context
from hub.graphql.domain import DomainQuery
from hub.graphql.domain.phrases import FUNDING_PHRASES
from hub.graphql.domain.refs import node_id
from hub.graphql.errors import BadRequest
from hub.graphql.ids import global_id
from hub.model import RELATIONSHIP_KINDS

NETWORK = """
CREATE (ov:Province:Entity:Organisation {id: 'overijssel', name: 'Provincie Overijssel', source: 'doc'})
CREATE (reserve:Fund:Entity {id: 'reserve-kwaliteit', name: 'Reserve uitvoering Kwaliteit van Overijssel'})
CREATE (p521:Programme:Entity {id: 'prestatie-5-2-1', name: 'prestatie 5.2.1',
  programmeType: 'budget_line'})
CREATE (twente:Region:Entity {id: 'twente', name: 'Twente'})
CREATE (sdh:Region:Entity {id: 'stedendriehoek', name: 'Stedendriehoek'})
CREATE (enschede:Municipality:Entity:Organisation {id: 'enschede', name: 'Enschede'})
CREATE (tpt:Pact:Entity:Organisation {id: 'techniekpact-twente', name: 'Techniekpact Twente'})
CREATE (tps:Pact:Entity:Organisation {id: 'techniekpact-stedendriehoek',
  name: 'Techniekpact Stedendriehoek'})
CREATE (sino:Network:Entity:Organisation {id: 'smart-industry-netwerk-oost',
  name: 'Smart Industry Netwerk Oost'})
CREATE (rvt:School:Entity:Organisation {id: 'roc-van-twente', name: 'ROC van Twente', level: 'mbo'})
CREATE (aventus:School:Entity:Organisation {id: 'roc-aventus', name: 'ROC Aventus', level: 'mbo'})
CREATE (ut:School:Entity:Organisation {id: 'universiteit-twente', name: 'Universiteit Twente', level: 'wo'})
CREATE (acme:Company:Entity:Organisation {id: 'acme-metaal', name: 'Acme Metaal', sector: 'metal',
  synthetic: true})
CREATE (bolt:Company:Entity:Organisation {id: 'bolt-techniek', name: 'Bolt Techniek', sector: 'Metal',
  synthetic: true})
CREATE (cobalt:Company:Entity:Organisation {id: 'cobalt-ict', name: 'Cobalt ICT', sector: 'ict',
  synthetic: true})
CREATE (delta:Company:Entity:Organisation {id: 'delta-bouw', name: 'Delta Bouw', sector: 'construction',
  synthetic: true})
CREATE (d2j:Project:Entity {id: 'direct2job', name: 'Direct2job',
  projectType: 'public_private_partnership', status: 'applied'})
CREATE (hc3:Project:Entity {id: 'hc3', name: 'HC3', projectType: 'public_private_partnership',
  status: 'applied'})
CREATE (talent:Campaign:Entity {id: 'talent-campagne', name: 'Talentcampagne', status: 'in_progress'})
CREATE (ind:Indicator:Entity {id: 'instroom-techniek', name: 'Instroom in technische studies', unit: '%'})
CREATE (target:Target:Entity {id: 'doel-40-procent-instroom', name: '40% instroom in techniek',
  value: 40.0, unit: '%', year: 2020})
CREATE (obsMbo:Observation:Entity {id: 'instroom-mbo-2015-2017', name: 'Inschrijvingen mbo',
  indicator: 'instroom-techniek',
  periodStart: 2015, periodEnd: 2017, value: -1.0, unit: '%-punt', level: 'mbo',
  qualifier: 'in de provincie met 1% gedaald'})
CREATE (obsHbo:Observation:Entity {id: 'instroom-hbo-2015-2017', name: 'Inschrijvingen hbo',
  indicator: 'instroom-techniek',
  periodStart: 2015, periodEnd: 2017, level: 'hbo', qualifier: 'gelijk aan de landelijke trend'})
CREATE (f1:FundingFlow:Entity {id: 'onttrekking-reserve-2019', name: 'Onttrekking reserve naar 5.2.1',
  amount: 1080000.0,
  currency: 'EUR', year: 2019, status: 'awarded', funder: 'reserve-kwaliteit',
  recipient: 'prestatie-5-2-1'})
CREATE (f2:FundingFlow:Entity {id: 'bijdrage-techniekpact-twente', name: 'Bijdrage Techniekpact Twente',
  amount: 200000.0,
  currency: 'EUR', year: 2019, status: 'paid', funder: 'prestatie-5-2-1', recipient: 'techniekpact-twente'})
CREATE (f3:FundingFlow:Entity {id: 'aanvraag-direct2job', name: 'Aanvraag Direct2job', currency: 'EUR',
  year: 2019,
  status: 'requested', funder: 'prestatie-5-2-1', recipient: 'roc-van-twente', project: 'direct2job'})
CREATE (f4:FundingFlow:Entity {id: 'techniekpact-twente-aan-roc', name: 'Techniekpact Twente aan ROC',
  amount: 250000.0,
  currency: 'EUR', year: 2020, status: 'paid', funder: 'techniekpact-twente', recipient: 'roc-van-twente'})
CREATE (f1)-[:FROM]->(reserve), (f1)-[:TO]->(p521)
CREATE (f2)-[:FROM]->(p521), (f2)-[:TO]->(tpt)
CREATE (f3)-[:FROM]->(p521), (f3)-[:TO]->(rvt), (f3)-[:FOR]->(d2j)
CREATE (f4)-[:FROM]->(tpt), (f4)-[:TO]->(rvt)
CREATE (enschede)-[:PART_OF]->(twente)
CREATE (rvt)-[:LOCATED_IN]->(enschede), (acme)-[:LOCATED_IN]->(twente), (bolt)-[:LOCATED_IN]->(enschede),
       (ut)-[:LOCATED_IN]->(enschede), (aventus)-[:LOCATED_IN]->(sdh), (cobalt)-[:LOCATED_IN]->(sdh)
CREATE (rvt)-[:MEMBER_OF {since: date('2016-01-01')}]->(tpt),
  (ut)-[:MEMBER_OF {since: date('2016-01-01')}]->(tpt),
       (acme)-[:MEMBER_OF {since: date('2019-01-01')}]->(tpt), (aventus)-[:MEMBER_OF]->(tps),
       (bolt)-[:MEMBER_OF {since: date('2017-01-01'), until: date('2018-12-31')}]->(sino),
       (acme)-[:MEMBER_OF]->(sino), (cobalt)-[:MEMBER_OF]->(tps)
CREATE (rvt)-[:LEADS {role: 'lead applicant'}]->(d2j), (bolt)-[:PARTICIPATES_IN {role: 'partner'}]->(d2j),
       (delta)-[:PARTICIPATES_IN {role: 'partner'}]->(d2j),
       (aventus)-[:LEADS {role: 'lead applicant'}]->(hc3),
  (delta)-[:PARTICIPATES_IN {role: 'partner'}]->(hc3),
       (cobalt)-[:PARTICIPATES_IN {role: 'partner'}]->(hc3)
CREATE (ov)-[:AGREEMENT_WITH {subject: 'instroom techniek', since: date('2018-01-01'),
  until: date('2019-12-31')}]->(tpt)
CREATE (ov)-[:LEADS]->(talent), (ut)-[:PARTICIPATES_IN]->(talent)
CREATE (p521)-[:HAS_TARGET]->(target), (target)-[:MEASURED_BY]->(ind), (target)-[:IN_AREA]->(ov)
CREATE (obsMbo)-[:OBSERVES]->(ind), (obsHbo)-[:OBSERVES]->(ind), (obsMbo)-[:IN_AREA]->(ov),
  (obsHbo)-[:IN_AREA]->(ov)
CREATE (d2j)-[:CONTRIBUTES_TO]->(target)
"""
"""Labels and properties as the seeder writes them: `(Kind:Entity[:Organisation])`, camelCase, dates."""


async def load_network(driver: AsyncDriver) -> None:
    """Replace the database's content with the tiny network."""
    await driver.execute_query("MATCH (n) WHERE NOT n:__HubMigration DETACH DELETE n")
    await driver.execute_query(NETWORK)


SCHEMA = strawberry.Schema(query=DomainQuery)


async def ask(
    driver: AsyncDriver, settings: Settings, query: str, **variables: Any
) -> tuple[dict[str, Any], list[str], int]:
    """Run a query as an analyst against the domain fields alone: data, error messages and round trips."""
    request = Request({"type": "http", "method": "POST", "headers": [], "query_string": b""})
    analyst = Principal(subject="analyst", role=Role.ANALYST)
    context = Context(driver=driver, settings=settings, request=request, principal=analyst)
    result = await SCHEMA.execute(query, variable_values=variables, context_value=context)
    errors = [error.message for error in result.errors or []]
    return result.data or {}, errors, len(context.round_trips)


def test_every_relationship_type_has_phrases() -> None:
    assert all(forward and backward for forward, backward in (k.phrases for k in RELATIONSHIP_KINDS.values()))
    assert len(FUNDING_PHRASES) == 6


def test_node_arguments_take_a_slug_or_a_global_id() -> None:
    assert node_id("roc-van-twente", "for") == "roc-van-twente"
    assert node_id(global_id("School", "roc-van-twente"), "for") == "roc-van-twente"
    with pytest.raises(BadRequest, match=r"^for: 'Not a slug' is neither a slug nor a node id$"):
        node_id("Not a slug", "for")
