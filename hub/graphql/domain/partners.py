"""`collaborationPartners`: ranked candidates not yet linked to a stakeholder, with transparent reasons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Annotated, Any

import strawberry

from hub.graphql import cost
from hub.graphql.context import Context
from hub.graphql.cypher.access import ANY_KIND, read, shown
from hub.graphql.cypher.fragments import KIND_KEY, of_kinds, ref, valid_as_of
from hub.graphql.cypher.scope import Scope, Statement
from hub.graphql.cypher.viewer import Viewer, viewer_of
from hub.graphql.domain.question import ask, chosen, missing, pages
from hub.graphql.domain.refs import KINDS, EntityRef, NodeKind, node_id
from hub.graphql.errors import BadRequest
from hub.model import FUNDING_FLOW
from hub.model.registry import ACTIVITIES, ACTORS, ORGANISATIONS


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

TOGETHER = ("MEMBER_OF", "LEADS")
ACTIVITY = ("PARTICIPATES_IN", "LEADS")
GROUPS = "Pact|Network"
ACTIVITIES_LABELS = "|".join(sorted(ACTIVITIES))


def _price(scope: Scope) -> str:
    """The relationships of the groups and of the places around the stakeholder, those of its partners
    (with the average size of an activity for the activities they lead to), and the companies a shared
    sector compares."""
    together, activity = "|".join(TOGETHER), "|".join(ACTIVITY)
    per_activity = f"(1.0 * {cost.related(ACTIVITY)} / ({cost.counted(sorted(ACTIVITIES))} + 1))"
    groups = f"COLLECT {{ MATCH (me)-[:{together}]->(g:{GROUPS}) RETURN g }}"
    partners = f"COLLECT {{ MATCH (me)-[:{activity}]->(:{ACTIVITIES_LABELS})<-[:{activity}]-(p) RETURN p }}"
    places = (
        "COLLECT { MATCH (me)-[:LOCATED_IN]->()-[:PART_OF*0..2]->(:Region)<-[:PART_OF*0..2]-(place)"
        " RETURN DISTINCT place }"
    )
    sector = read(scope, "me", ANY_KIND, "sector")
    return (
        f"{cost.degrees(groups)} + {cost.degrees(partners, ACTIVITY)} * {per_activity}"
        f" + {cost.degrees(places)}"
        f" + CASE WHEN {sector} IS NULL THEN 0 ELSE {cost.counted(['Company'])} END"
    )


@lru_cache(maxsize=256)
def statement(viewer: Viewer) -> Statement:
    scope = Scope(viewer)
    together, activity = "|".join(TOGETHER), "|".join(ACTIVITY)
    valid = " AND ".join(valid_as_of(rel, "$asOf") for rel in ("r1", "r2"))
    sector = read(scope, "c", ("Company",), "sector")
    my_sector = read(scope, "me", ANY_KIND, "sector")
    paid = f"(f:{FUNDING_FLOW} WHERE {shown(scope, 'f', (FUNDING_FLOW,))})"
    return scope.statement(f"""
MATCH (me:Entity {{id: $for}}) WHERE {shown(scope, "me")}
OPTIONAL MATCH (region:Entity {{id: $region}}) WHERE {shown(scope, "region")}
WITH me, region, {_price(scope)} AS estimate
OPTIONAL CALL (me, region, estimate) {{
  WITH me, region WHERE estimate <= {cost.LIMIT}
  CALL (me) {{
    MATCH (me)-[r1:{together}]->(g:{GROUPS})<-[r2:{together}]-(c:Entity)
    WHERE {valid} AND {shown(scope, "g")}
    RETURN c, CASE WHEN g:Pact THEN 'SHARED_PACT' ELSE 'SHARED_NETWORK' END AS reason, g AS via
    UNION
    MATCH (me)-[r1:{activity}]->(a:{ACTIVITIES_LABELS})<-[r2:{activity}]-(c:Entity)
    WHERE {valid} AND {shown(scope, "a")}
    RETURN c, 'SHARED_ACTIVITY' AS reason, a AS via
    UNION
    MATCH (me)-[r1:{activity}]->(a:{ACTIVITIES_LABELS})<-[r2:{activity}]-(p:Entity)
          -[r3:{activity}]->(b:{ACTIVITIES_LABELS})<-[r4:{activity}]-(c:Entity)
    WHERE p <> me AND p <> c AND all(r IN [r1, r2, r3, r4] WHERE {valid_as_of("r", "$asOf")})
      AND {shown(scope, "a")} AND {shown(scope, "p")} AND {shown(scope, "b")}
    RETURN c, 'PARTNER_OF_PARTNER' AS reason, p AS via
    UNION
    MATCH mine = (me)-[:LOCATED_IN]->()-[:PART_OF*0..2]->(g:Region)
    MATCH theirs = (g)<-[:PART_OF*0..2]-()<-[:LOCATED_IN]-(c:Entity)
    WHERE all(n IN nodes(mine) + nodes(theirs) WHERE {shown(scope, "n")})
    RETURN c, 'SAME_REGION' AS reason, g AS via
    UNION
    MATCH (c:Company) WHERE toLower({sector}) = toLower({my_sector})
    RETURN c, 'SAME_SECTOR' AS reason, null AS via
  }}
  WITH me, region, c, reason, via ORDER BY via.name, via.id
  WITH me, region, c, reason, collect(DISTINCT via) AS vias
  WHERE c <> me AND {of_kinds("c", "$kinds")} AND {shown(scope, "c")}
    AND NOT EXISTS {{ (me)--(c) }}
    AND NOT EXISTS {{ (me)<-[:FROM|TO]-{paid}-[:FROM|TO]->(c) }}
    AND (region IS NULL OR EXISTS {{ (c)-[:LOCATED_IN]->()-[:PART_OF*0..2]->(region) }})
  WITH c, reason, vias, $weights[reason] AS weight,
       CASE WHEN size(vias) > 0 THEN size(vias) ELSE 1 END AS evidence
  WITH c, reason, vias, weight, evidence,
       weight.points * CASE WHEN evidence < weight.cap THEN evidence ELSE weight.cap END AS points
  ORDER BY points DESC, reason
  WITH c, sum(points) AS score,
       collect({{reason: reason, evidence: evidence, points: points,
                 via: [v IN vias[..$maxVia] | {ref(scope, "v")}]}}) AS reasons
  ORDER BY score DESC, c.name, c.id
  LIMIT $first
  RETURN collect({{candidate: {ref(scope, "c")}, score: score, reasons: reasons}}) AS candidates
}}
RETURN estimate AS {cost.ESTIMATE}, {ref(scope, "me")} AS for, {ref(scope, "region")} AS region, candidates
""")


@strawberry.type(description="One reason a candidate is suggested, with the evidence and the points it adds.")
class PartnerReason:
    kind: PartnerReasonKind
    explanation: str = strawberry.field(description="The reason in words, naming the shared nodes.")
    via: list[EntityRef] = strawberry.field(
        description=f"The shared pacts, networks, activities, partners or region (at most {MAX_VIA}).",
        metadata=cost.sized(cost.at_most(MAX_VIA)),
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
    reasons: list[PartnerReason] = strawberry.field(
        description="Strongest first.",
        metadata=cost.sized(cost.at_most(len(PartnerReasonKind))),
    )


@strawberry.type(description="Suggested partners for a stakeholder, best first.")
class PartnerSuggestions:
    for_: EntityRef = strawberry.field(name="for")
    region: EntityRef | None
    candidates: list[PartnerCandidate] = strawberry.field(metadata=cost.sized(cost.page_of("first", least=1)))


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
    first: Annotated[
        int | None,
        strawberry.argument(description="The most candidates (HUB_DEFAULT_PAGE_SIZE when not given)."),
    ] = None,
    as_of: dt.date | None = None,
) -> PartnerSuggestions:
    """Organisations (or the `kinds` asked for) with no direct relationship to `for`, scored by WEIGHTS."""
    size = pages(info).size("first", first, least=1)
    row = await ask(
        info,
        statement(viewer_of(info.context)),
        **{"for": node_id(for_)},
        region=None if region is None else node_id(region),
        kinds=chosen(kinds, allowed=ACTORS) or sorted(ORGANISATIONS),
        first=size,
        asOf=as_of,
        maxVia=MAX_VIA,
        weights={kind.value: {"points": w.points, "cap": w.cap} for kind, w in WEIGHTS.items()},
    )
    if row is None:
        raise missing(for_)
    kind = KINDS[row["for"][KIND_KEY]]
    if kind.value not in ACTORS:
        raise BadRequest(f"{for_!r} is a {kind.value}; partners are suggested for organisations and people")
    if region is not None and row["region"] is None:
        raise missing(region)
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
