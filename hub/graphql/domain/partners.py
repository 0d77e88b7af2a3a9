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
from hub.graphql.domain.paging import PageInfo, after_values, page_info
from hub.graphql.domain.question import ask, chosen, missing, pages
from hub.graphql.domain.refs import KINDS, EntityRef, NodeKind, named, node_id
from hub.graphql.errors import BadRequest
from hub.model import FUNDING_FLOW
from hub.model.registry import ACTIVITIES, ACTORS, ORGANISATIONS, RELATIONSHIP_KINDS


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

SPREAD = 1_000
"""The most members read from any one shared node (a pact, network, project or campaign): all of a smaller
one, the first the database reads of a larger one."""
REACH = 20
"""The partners' own projects and campaigns followed for PARTNER_OF_PARTNER: those the most partners share."""
REACHED = 100
"""The most members read from each of those REACH projects and campaigns."""

GROUP_TIES = ("MEMBER_OF", "LEADS")
ACTIVITY_TIES = ("PARTICIPATES_IN", "LEADS")
GROUPS = "|".join(sorted(RELATIONSHIP_KINDS["MEMBER_OF"].targets))
"""The labels of what one is a member of: pacts and networks."""
ACTIVITIES_LABELS = "|".join(sorted(ACTIVITIES))
CURSOR_KEYS = ("score:DESC", "name:ASC", "id:ASC")


def _price() -> str:
    """Every shared node's members up to SPREAD, as many partners with their projects and campaigns,
    and REACH of those read up to REACHED."""
    per_actor = f"(1.0 * ({cost.related(ACTIVITY_TIES)}) / ({cost.counted(sorted(ACTORS))} + 1))"
    return f"(size(groups) + 2 * size(activities) + 1) * $spread * (1 + {per_actor}) + $reach * $reached"


def _members(shared: str, ties: tuple[str, ...], var: str, eligible: str, most: str = "$spread") -> str:
    """Up to `most` members of node `shared` tied to it by `ties`, as `var`."""
    return (
        f"CALL ({shared}, me) {{ MATCH ({shared})<-[r:{'|'.join(ties)}]-({var}:Entity)"
        f" WHERE {valid_as_of('r', '$asOf')} AND {var} <> me AND {eligible} RETURN {var} LIMIT {most} }}"
    )


def _points(reason: str, evidence: str) -> str:
    """WEIGHTS applied: the points `evidence` pieces of evidence for `reason` add."""
    weight = f"$weights[{reason}]"
    return f"{weight}.points * CASE WHEN {evidence} < {weight}.cap THEN {evidence} ELSE {weight}.cap END"


def _sorted(nodes: str, limit: str = "") -> str:
    """The distinct nodes of the list `nodes` by name, then id (the first `limit`)."""
    return f"COLLECT {{ UNWIND {nodes} AS v WITH DISTINCT v ORDER BY v.name, v.id RETURN v{limit} }}"


@lru_cache(maxsize=256)
def statement(viewer: Viewer) -> Statement:
    scope = Scope(viewer)
    groups, activity = "|".join(GROUP_TIES), "|".join(ACTIVITY_TIES)
    valid = valid_as_of("r", "$asOf")
    candidate = f"{of_kinds('c', '$kinds')} AND {shown(scope, 'c')}"
    sector = read(scope, "c", ("Company",), "sector")
    my_sector = read(scope, "me", ANY_KIND, "sector")
    paid = f"(f:{FUNDING_FLOW} WHERE {shown(scope, 'f', (FUNDING_FLOW,))})"
    score = " + ".join(_points(f"'{kind.value}'", f"found.{kind.value}") for kind in PartnerReasonKind)
    return scope.statement(f"""
MATCH (me:Entity {{id: $for}}) WHERE {shown(scope, "me")}
OPTIONAL MATCH (region:Entity {{id: $region}}) WHERE {shown(scope, "region")}
CALL (me) {{
  OPTIONAL MATCH (me)-[r:{groups}]->(g:{GROUPS}) WHERE {valid} AND {shown(scope, "g")}
  RETURN collect(DISTINCT g) AS groups
}}
CALL (me) {{
  OPTIONAL MATCH (me)-[r:{activity}]->(a:{ACTIVITIES_LABELS}) WHERE {valid} AND {shown(scope, "a")}
  RETURN collect(DISTINCT a) AS activities
}}
CALL (me) {{
  OPTIONAL MATCH place = (me)-[:LOCATED_IN]->()-[:PART_OF*0..2]->(g:Region)
  WHERE all(n IN nodes(place) WHERE {shown(scope, "n")})
  RETURN collect(DISTINCT g) AS regions
}}
WITH me, region, groups, activities, regions, {_price()} AS estimate
OPTIONAL CALL (me, region, groups, activities, regions, estimate) {{
  WITH me, region, groups, activities, regions WHERE estimate <= {cost.LIMIT}
  CALL (me, groups, activities) {{
    CALL (me, groups, activities) {{
      UNWIND groups AS g
      {_members("g", GROUP_TIES, "c", candidate)}
      RETURN c, null AS met
      UNION ALL
      UNWIND activities AS a
      {_members("a", ACTIVITY_TIES, "c", candidate)}
      RETURN c, null AS met
      UNION ALL
      CALL (me, activities) {{
        UNWIND activities AS a
        {_members("a", ACTIVITY_TIES, "p", shown(scope, "p"))}
        RETURN p
        UNION
        WITH me WHERE me:{GROUPS}
        MATCH (me)<-[r:{groups}]-(p:Entity) WHERE {valid} AND {shown(scope, "p")}
        RETURN p LIMIT $spread
      }}
      MATCH (p)-[r:{activity}]->(b:{ACTIVITIES_LABELS})
      WHERE {valid} AND NOT b IN activities AND {shown(scope, "b")}
      WITH me, b, collect(DISTINCT p) AS partners
      ORDER BY size(partners) DESC, b.name, b.id
      LIMIT $reach
      WITH me, b, {{count: size(partners), named: {_sorted("partners", " LIMIT $maxVia + 1")}}} AS met
      {_members("b", ACTIVITY_TIES, "c", candidate, "$reached")}
      RETURN c, met
    }}
    RETURN c, collect(met) AS met
  }}
  WITH me, region, groups, activities, regions, c, met
  WHERE NOT EXISTS {{ (me)--(c) }}
    AND NOT EXISTS {{ (me)<-[:FROM|TO]-{paid}-[:FROM|TO]->(c) }}
    AND (region IS NULL OR EXISTS {{ (c)-[:LOCATED_IN]->()-[:PART_OF*0..2]->(region) }})
  WITH c, met, groups + activities AS mine, regions, me
  WITH c, met, me,
       COLLECT {{
         MATCH (c)-[r:{"|".join(sorted(set(GROUP_TIES + ACTIVITY_TIES)))}]->(x) WHERE x IN mine AND {valid}
         RETURN DISTINCT x
       }} AS sharing,
       COLLECT {{
         MATCH place = (c)-[:LOCATED_IN]->()-[:PART_OF*0..2]->(g:Region)
         WHERE g IN regions AND all(n IN nodes(place) WHERE {shown(scope, "n")})
         RETURN DISTINCT g
       }} AS places
  WITH c, met, me, places, [x IN sharing WHERE x:Pact] AS pacts, [x IN sharing WHERE x:Network] AS networks,
       [x IN sharing WHERE {" OR ".join(f"x:{label}" for label in sorted(ACTIVITIES))}] AS shared
  WITH c, met, pacts, networks, shared, places, {{
         SHARED_PACT: size(pacts), SHARED_NETWORK: size(networks), SHARED_ACTIVITY: size(shared),
         PARTNER_OF_PARTNER:
           reduce(n = 0, m IN met | n + m.count - CASE WHEN size(shared) > 0 THEN 1 ELSE 0 END),
         SAME_REGION: size(places),
         SAME_SECTOR: CASE WHEN c:Company AND toLower({sector}) = toLower({my_sector}) THEN 1 ELSE 0 END
       }} AS found
  WITH c, met, pacts, networks, shared, places, found, {score} AS score
  WHERE score > 0 AND (
    $after IS NULL OR score < $after[0]
    OR score = $after[0] AND (c.name > $after[1] OR c.name = $after[1] AND c.id > $after[2]))
  ORDER BY score DESC, c.name, c.id
  LIMIT $first + 1
  WITH c, score, found, [
    ['SHARED_PACT', {_sorted("pacts")}],
    ['SHARED_NETWORK', {_sorted("networks")}],
    ['SHARED_ACTIVITY', {_sorted("shared")}],
    ['PARTNER_OF_PARTNER', {_sorted("reduce(all = [], m IN met | all + m.named)")}],
    ['SAME_REGION', {_sorted("places")}],
    ['SAME_SECTOR', []]
  ] AS vias
  UNWIND vias AS reason
  WITH c, score, reason[0] AS reason, [v IN reason[1] WHERE v <> c] AS via, found[reason[0]] AS evidence
  WHERE evidence > 0
  WITH c, score, reason, via, evidence,
       {_points("reason", "evidence")} AS points
  ORDER BY score DESC, c.name, c.id, points DESC, reason
  WITH c, score, collect({{reason: reason, evidence: evidence, points: points,
                          via: [v IN via[..$maxVia] | {ref(scope, "v")}]}}) AS reasons
  ORDER BY score DESC, c.name, c.id
  RETURN collect({{candidate: {ref(scope, "c")}, score: score, name: c.name, reasons: reasons}}) AS candidates
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
        description=(
            "How many shared nodes support the reason: 1 for a shared sector; for PARTNER_OF_PARTNER the"
            " partners met in the candidate's projects and campaigns, counted once per project or campaign."
        )
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


@strawberry.type(
    description=(
        "Suggested partners for a stakeholder, best first. Candidates come from structural evidence only:"
        " members of its pacts and networks, participants in its projects and campaigns, and participants in"
        " the projects and campaigns of its partners (its co-participants, and its members when it is a pact"
        f" or network). At most {SPREAD:,} members are read from any one shared node (all of a smaller one,"
        f" the first the database reads of a larger one), and the partners' projects and campaigns followed"
        f" are the {REACH} most partners share. A shared region or sector adds points to a candidate found"
        " so, but finds none by itself. Each candidate's score counts all its evidence but PARTNER_OF_PARTNER"
        " (that counts the partners met in the activities followed)."
    )
)
class PartnerSuggestions:
    for_: EntityRef = strawberry.field(name="for")
    region: EntityRef | None
    candidates: list[PartnerCandidate] = strawberry.field(metadata=cost.sized(cost.page_of("first", least=1)))
    page_info: Any = strawberry.field(
        graphql_type=PageInfo,
        description="Where the candidates sit in the whole ranking; pass endCursor as after.",
    )


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
    for_: Annotated[
        strawberry.ID, strawberry.argument(name="for", description="A stakeholder: its slug or global id.")
    ],
    kinds: list[NodeKind] | None = None,
    region: Annotated[
        strawberry.ID | None,
        strawberry.argument(
            description="Only candidates located in this place or one within it: its slug or global id."
        ),
    ] = None,
    first: Annotated[
        int | None,
        strawberry.argument(description="The most candidates (HUB_DEFAULT_PAGE_SIZE when not given)."),
    ] = None,
    as_of: dt.date | None = None,
    after: Annotated[str | None, strawberry.argument(description="The endCursor of the page before.")] = None,
) -> PartnerSuggestions:
    """Organisations (or the `kinds` asked for) with no direct relationship to `for`, scored by WEIGHTS."""
    size = pages(info).size("first", first, least=1)
    row = await ask(
        info,
        statement(viewer_of(info.context)),
        **{"for": node_id(for_, "for")},
        region=None if region is None else node_id(region, "region"),
        kinds=chosen(kinds, allowed=ACTORS) or sorted(ORGANISATIONS),
        first=size,
        after=after_values(after, CURSOR_KEYS),
        spread=SPREAD,
        reach=REACH,
        reached=REACHED,
        asOf=as_of,
        maxVia=MAX_VIA,
        weights={kind.value: {"points": w.points, "cap": w.cap} for kind, w in WEIGHTS.items()},
    )
    if row is None or not named(for_, row["for"]):
        raise missing(for_)
    kind = KINDS[row["for"][KIND_KEY]]
    if kind.value not in ACTORS:
        raise BadRequest(f"{for_!r} is a {kind.value}; partners are suggested for organisations and people")
    if region is not None and not named(region, row["region"]):
        raise missing(region)
    found = row["candidates"] or []
    return PartnerSuggestions(
        for_=EntityRef.from_row(row["for"]),
        region=EntityRef.maybe(row["region"]),
        page_info=page_info(
            found, size, lambda c: (c["score"], c["name"], c["candidate"]["id"]), CURSOR_KEYS
        ),
        candidates=[
            PartnerCandidate(
                candidate=EntityRef.from_row(candidate["candidate"]),
                score=candidate["score"],
                reasons=[_reason(reason) for reason in candidate["reasons"]],
            )
            for candidate in found[:size]
        ],
    )
