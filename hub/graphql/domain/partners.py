"""`collaborationPartners`: ranked candidates not yet linked to a stakeholder, with transparent reasons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any

import strawberry

from hub.graphql.compiler.viewer import viewer_of
from hub.graphql.context import Context
from hub.graphql.domain.common import (
    MAX_ROWS,
    EntityRef,
    NodeKind,
    active,
    bounded,
    labels,
    node_id,
    of_kinds,
    parameters,
    ref,
    viewing,
    visible,
)
from hub.graphql.errors import BadRequest
from hub.graphql.execute import run
from hub.model.registry import ACTORS, ORGANISATIONS


@strawberry.enum(description="Why a candidate is suggested as a collaboration partner.")
class PartnerReasonKind(Enum):
    SHARED_PACT = "SHARED_PACT"
    SHARED_NETWORK = "SHARED_NETWORK"
    SHARED_ACTIVITY = "SHARED_ACTIVITY"
    PARTNER_OF_PARTNER = "PARTNER_OF_PARTNER"
    SAME_REGION = "SAME_REGION"
    SAME_SECTOR = "SAME_SECTOR"


@dataclass(frozen=True)
class Weight:
    """Points per piece of evidence, the most pieces that count, and how the reason reads."""

    points: float
    cap: int
    phrase: str


WEIGHTS: dict[PartnerReasonKind, Weight] = {
    PartnerReasonKind.SHARED_PACT: Weight(3.0, 2, "members of the same techniekpact"),
    PartnerReasonKind.SHARED_NETWORK: Weight(2.0, 2, "members of the same network"),
    PartnerReasonKind.SHARED_ACTIVITY: Weight(2.0, 3, "already in the same project or campaign"),
    PartnerReasonKind.PARTNER_OF_PARTNER: Weight(1.0, 3, "both work on projects or campaigns with"),
    PartnerReasonKind.SAME_REGION: Weight(1.0, 1, "located in the same region"),
    PartnerReasonKind.SAME_SECTOR: Weight(1.0, 1, "companies in the same sector"),
}
"""The scoring, declared once: a candidate's score is the sum over reasons of points * min(evidence, cap)."""

NAMED = 3
"""Shared nodes an explanation names; `via` lists up to MAX_VIA, `evidence` counts them all."""
MAX_VIA = 10

TOGETHER = "MEMBER_OF|LEADS"
ACTIVITY = "PARTICIPATES_IN|LEADS"

STATEMENT = f"""
MATCH (me:Entity {{id: $for}})
OPTIONAL MATCH (region:Entity {{id: $region}})
CALL (me, region) {{
  CALL (me) {{
    MATCH (me)-[r1:{TOGETHER}]->(g:Pact|Network)<-[r2:{TOGETHER}]-(c:Entity)
    WHERE {active("r1")} AND {active("r2")}
    RETURN c, CASE WHEN g:Pact THEN 'SHARED_PACT' ELSE 'SHARED_NETWORK' END AS reason, g AS via
    UNION
    MATCH (me)-[r1:{ACTIVITY}]->(a:Project|Campaign)<-[r2:{ACTIVITY}]-(c:Entity)
    WHERE {active("r1")} AND {active("r2")}
    RETURN c, 'SHARED_ACTIVITY' AS reason, a AS via
    UNION
    MATCH (me)-[r1:{ACTIVITY}]->(:Project|Campaign)<-[r2:{ACTIVITY}]-(p:Entity)
          -[r3:{ACTIVITY}]->(:Project|Campaign)<-[r4:{ACTIVITY}]-(c:Entity)
    WHERE p <> me AND p <> c AND all(r IN [r1, r2, r3, r4] WHERE {active("r")})
    RETURN c, 'PARTNER_OF_PARTNER' AS reason, p AS via
    UNION
    MATCH (me)-[:LOCATED_IN]->()-[:PART_OF*0..2]->(g:Region)
    MATCH (g)<-[:PART_OF*0..2]-()<-[:LOCATED_IN]-(c:Entity)
    RETURN c, 'SAME_REGION' AS reason, g AS via
    UNION
    MATCH (c:Company) WHERE toLower(c.sector) = toLower(me.sector)
    RETURN c, 'SAME_SECTOR' AS reason, null AS via
  }}
  WITH me, region, c, reason, via ORDER BY via.name, via.id
  WITH me, region, c, reason, collect(DISTINCT via) AS vias
  WHERE c <> me AND {of_kinds("c")}
    AND NOT EXISTS {{ (me)--(c) }}
    AND NOT EXISTS {{ (me)<-[:FROM|TO]-(f:FundingFlow WHERE {visible("f")})-[:FROM|TO]->(c) }}
    AND (region IS NULL OR EXISTS {{ (c)-[:LOCATED_IN]->()-[:PART_OF*0..2]->(region) }})
  WITH c, reason, vias, $weights[reason] AS weight,
       CASE WHEN size(vias) > 0 THEN size(vias) ELSE 1 END AS evidence
  WITH c, reason, vias, weight, evidence,
       weight.points * CASE WHEN evidence < weight.cap THEN evidence ELSE weight.cap END AS points
  ORDER BY points DESC, reason
  WITH c, sum(points) AS score,
       collect({{reason: reason, evidence: evidence, points: points,
                 via: [v IN vias[..$maxVia] | {ref("v")}]}}) AS reasons
  ORDER BY score DESC, c.name, c.id
  LIMIT $first
  RETURN collect({{candidate: {ref("c")}, score: score, reasons: reasons}}) AS candidates
}}
RETURN {ref("me")} AS for, {ref("region")} AS region, candidates
"""


@strawberry.type(description="One reason a candidate is suggested, with the evidence and the points it adds.")
class PartnerReason:
    kind: PartnerReasonKind
    explanation: str = strawberry.field(description="The reason in words, naming the shared nodes.")
    via: list[EntityRef] = strawberry.field(
        description="The shared pacts, networks, activities, partners or region (at most 10)."
    )
    evidence: int = strawberry.field(
        description="How many shared nodes support the reason (1 for a shared sector)."
    )
    weight: float = strawberry.field(description="Points per piece of evidence.")
    cap: int = strawberry.field(description="The most pieces of evidence that count.")
    points: float = strawberry.field(description="weight * min(evidence, cap).")


@strawberry.type(description="A suggested collaboration partner and why.")
class PartnerCandidate:
    candidate: EntityRef
    score: float = strawberry.field(description="The sum of the points of the reasons.")
    reasons: list[PartnerReason] = strawberry.field(description="Strongest first.")


@strawberry.type(description="Suggested partners for a stakeholder, best first.")
class PartnerSuggestions:
    for_: EntityRef = strawberry.field(name="for")
    region: EntityRef | None
    candidates: list[PartnerCandidate]


def _reason(row: dict[str, Any]) -> PartnerReason:
    kind = PartnerReasonKind(row["reason"])
    weight = WEIGHTS[kind]
    via = [EntityRef.from_row(node) for node in row["via"]]
    names = ", ".join(node.name for node in via[:NAMED])
    more = f" and {row['evidence'] - NAMED} more" if row["evidence"] > NAMED else ""
    return PartnerReason(
        kind=kind,
        explanation=f"{weight.phrase}: {names}{more}" if names else weight.phrase,
        via=via,
        evidence=row["evidence"],
        weight=weight.points,
        cap=weight.cap,
        points=row["points"],
    )


async def collaboration_partners(
    info: strawberry.Info[Context, None],
    for_: Annotated[strawberry.ID, strawberry.argument(name="for", description="A stakeholder: slug or id.")],
    kinds: list[NodeKind] | None = None,
    region: strawberry.ID | None = None,
    first: int = 10,
    as_of: dt.date | None = None,
) -> PartnerSuggestions:
    """Organisations (or the `kinds` asked for) with no direct relationship to `for`, scored by WEIGHTS."""
    bounded("first", first, 1, MAX_ROWS)
    chosen = labels(kinds, allowed=ACTORS) or sorted(ORGANISATIONS)
    rows = await run(
        info.context,
        STATEMENT,
        parameters(
            **{"for": node_id(for_)},
            region=None if region is None else node_id(region),
            kinds=chosen,
            first=first,
            asOf=as_of,
            maxVia=MAX_VIA,
            weights={kind.value: {"points": w.points, "cap": w.cap} for kind, w in WEIGHTS.items()},
            **viewing(viewer_of(info.context)),
        ),
    )
    if not rows:
        raise BadRequest(f"no node has id {for_!r}")
    row = rows[0]
    if row["for"]["kind"] not in ACTORS:
        raise BadRequest(
            f"{for_!r} is a {row['for']['kind']}; partners are suggested for organisations and people"
        )
    if region is not None and row["region"] is None:
        raise BadRequest(f"no node has id {region!r}")
    return PartnerSuggestions(
        for_=EntityRef.from_row(row["for"]),
        region=EntityRef.maybe(row["region"]),
        candidates=[
            PartnerCandidate(
                candidate=EntityRef.from_row(candidate["candidate"]),
                score=candidate["score"],
                reasons=[_reason(reason) for reason in candidate["reasons"]],
            )
            for candidate in row["candidates"]
        ],
    )
