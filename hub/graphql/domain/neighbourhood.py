"""`neighbourhood`: the ego network of a node as deduplicated nodes and edges, ready for a graph view.

Each level is priced from the degrees of the nodes it would be read from before it is read; the edges
among the members are priced from theirs. Past HUB_MAX_WORK the question stops and is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from hub.graphql import cost
from hub.graphql.context import Context
from hub.graphql.cypher.access import shown
from hub.graphql.cypher.fragments import (
    RELATIONSHIP_TYPES,
    in_effect,
    of_kinds,
    ref,
    relationship,
    valid_as_of,
)
from hub.graphql.cypher.scope import Scope, Statement
from hub.graphql.cypher.viewer import Viewer, viewer_of
from hub.graphql.domain.measures import NodeMeasures, measures
from hub.graphql.domain.paging import PageInfo, after_values, shown_page
from hub.graphql.domain.question import ask, bounded, chosen, missing, pages
from hub.graphql.domain.refs import (
    RELATIONSHIP_TYPES_BY_NAME,
    EntityRef,
    NodeKind,
    RelationshipType,
    ends,
    entity_fields,
    jsonable,
    named,
    node_id,
)

MAX_HOPS = 3
EDGES_PER_NODE = 4
"""Edges returned at most per node returned, so a dense neighbourhood stays bounded."""
CROWDING = 1.0
"""How much the name-index walk is preferred to reading a node's relationships (see `_level`)."""
SCAN = 25_000
"""The most entities the walk reads for one node before it reads the node's relationships instead."""
DENSE = 1000
"""Relationships from which a member counts as dense: the edges among the members are found from the
other members' sides (an edge between two dense members by checking each such pair), so a hub's own
relationships are never all read."""

LINK = f"[r:{RELATIONSHIP_TYPES} WHERE {valid_as_of('r', '$asOf')}]"
EDGE_KEY = "[startNode(r).id, type(r), endNode(r).id, elementId(r)]"
"""The order of the edges of a page, and their cursor."""
NODE_KEYS = ("hop:ASC", "name:ASC", "id:ASC")
EDGE_KEYS = ("from:ASC", "type:ASC", "to:ASC", "id:ASC")


def _joined(a: str, b: str) -> str:
    """Whether a relationship joins nodes `a` and `b`, read direction by direction from the side with fewer
    relationships that way (two hubs may each have 100,000s coming in, and none towards the other; Neo4j
    reads an expression's pattern from its first node)."""
    return " OR ".join(
        f"CASE WHEN COUNT {{ ({start})-->() }} <= COUNT {{ ()-->({end}) }}"
        f" THEN EXISTS {{ ({start})-{LINK}->(y) WHERE y = {end} }}"
        f" ELSE EXISTS {{ ({end})<-{LINK}-(y) WHERE y = {start} }} END"
        for start, end in ((a, b), (b, a))
    )


def _level(scope: Scope, hop: int) -> str:
    """The nodes first reached at `hop`: up to the cursor's hop (`$afterHop`) the whole level, and after it
    the first new neighbours by name of the level before (with one more than fits, to tell truncation);
    read only when the page has room and the degrees of the level before fit the budget (a whole level
    also as many times as nodes were found before it: each is checked against them).

    Those first ones are found the cheaper way. Reading a node's relationships and sorting costs its
    degree. The crowded nodes (degree^2 > ($limit + 1) * entities * `$crowding`: a region, a big pact, a
    funder) are walked together instead: the entities in name order on the name index, at most `$scan` of
    them, until `$limit` + 1 are new neighbours of any of them; entities named as the last one found are
    checked too, so ties order by id as the other way does. When the walk ends short (the neighbours lie
    further on in name order), the crowded nodes' relationships are read after all. Either way the answer
    is the same. Whether an entity is a neighbour is read from the entity's relationships when it has few,
    and else crowded node by crowded node with `_joined` (the first names are real hubs, thousands of
    relationships each). The walk's filter is one CASE so the planner keeps the index's order (it splits a
    plain OR into a union of index scans, which loses it).
    """
    reached = f"{of_kinds('x', '$kinds')} AND {in_effect(scope, 'x', '$asOf')} AND {shown(scope, 'x')}"
    linked = (
        f"CASE WHEN {cost.degree('x')} <= $dense THEN EXISTS {{ (x)-{LINK}-(y) WHERE y IN crowded }}"
        f" ELSE any(s IN crowded WHERE {_joined('x', 's')}) END"
    )
    hit = f"CASE WHEN NOT x IN found AND {reached} AND {linked} THEN true ELSE false END"
    whole = f"{hop} <= $afterHop"
    crowded = f"NOT {whole} AND {cost.degree('f')} ^ 2 > ($limit + 1) * entities * $crowding"
    most = f"CASE WHEN {whole} THEN {cost.LIMIT} ELSE $limit + 1 END"
    key = "[x.name, x.id]"
    return f"""WITH centre, found, before, page, frontier, refs, entities,
     estimate + CASE WHEN size(page) <= $limit + $lead
       THEN {cost.degrees("frontier")} * CASE WHEN {whole} THEN size(found) ELSE 1 END ELSE 0 END AS estimate
CALL (found, page, frontier, estimate, entities) {{
  WITH found, entities,
       CASE WHEN size(page) <= $limit + $lead AND estimate <= {cost.LIMIT} THEN frontier ELSE [] END AS read
  WITH found, entities, [f IN read WHERE {crowded}] AS crowded, [f IN read WHERE NOT ({crowded})] AS plain
  OPTIONAL CALL (found, crowded, entities) {{
    WITH found, crowded, entities WHERE size(crowded) > 0
    CALL (crowded, found) {{
      MATCH (x:Entity) USING INDEX x:Entity(name) WHERE x.name IS NOT NULL
      WITH x ORDER BY x.name LIMIT $scan
      WITH x WHERE {hit}
      WITH x ORDER BY x.name, x.id LIMIT $limit + 1
      RETURN collect(x) AS hits
    }}
    CALL (crowded, found, hits) {{
      UNWIND CASE WHEN size(hits) > $limit THEN [last(hits).name] ELSE [] END AS name
      MATCH (x:Entity {{name: name}}) WHERE {hit}
      RETURN collect(x) AS tied
    }}
    RETURN COLLECT {{ UNWIND hits + tied AS h WITH DISTINCT h ORDER BY h.name, h.id RETURN h }}[..$limit + 1]
             AS walked,
           size(hits) > $limit OR entities <= $scan AS complete
  }}
  CALL (found, crowded, plain, walked, complete) {{
    UNWIND CASE WHEN complete THEN walked ELSE [] END AS x
    RETURN x
  UNION
    UNWIND plain + CASE WHEN complete THEN [] ELSE crowded END AS s
    CALL (s, found) {{
      MATCH (s)-{LINK}-(x) WHERE {reached} AND NOT x IN found
      WITH DISTINCT x ORDER BY x.name, x.id LIMIT {most}
      RETURN x
    }}
    RETURN x
  }}
  WITH DISTINCT x ORDER BY x.name, x.id
  RETURN collect(x) AS reached
}}
WITH centre, found, before, page, refs, estimate, entities, reached,
     CASE WHEN {hop} < $afterHop THEN [] WHEN {hop} = $afterHop THEN [x IN reached WHERE {key} > $after]
          ELSE reached END AS later
WITH centre, found, before, page, refs, estimate, entities, reached,
     later[..$limit + 1 + $lead - size(page)] AS level
WITH centre, found + CASE WHEN {whole} THEN reached ELSE level END AS found,
     before + CASE WHEN {hop} < $afterHop THEN reached WHEN {hop} = $afterHop
                   THEN [x IN reached WHERE {key} <= $after] ELSE [] END AS before,
     page + level AS page, CASE WHEN {whole} THEN reached ELSE level END AS frontier, estimate, entities,
     refs + [x IN level | {ref(scope, "x", hop=str(hop))}] AS refs"""


@lru_cache(maxsize=256)
def statement(hops: int, viewer: Viewer) -> Statement:
    """Breadth first, nearest first and by name within a hop: the first `$limit` nodes after the cursor
    (its hop `$afterHop` and `$after`, [name, id]; hop -1 and `$lead` 1 for the first page, which starts
    with the centre), and the relationships between them and the nodes before them, in the order of
    `EDGE_KEY` after `$edgesAfter`.

    The page is exactly the first `$limit` nodes after the cursor in that order: the levels before the
    cursor's are read whole (they are the pages before, and priced), and from its level on a level is only
    read when the nearer ones fit, and every node a level keeps is among the first `$limit + 1` new
    neighbours of a node of the level before. So the first page's work grows with the degrees of the nodes
    kept, not with the size of the whole ball of `hops` around the centre.
    """
    scope = Scope(viewer)
    levels = "\n".join(_level(scope, hop) for hop in range(1, hops + 1))
    member_work = "reduce(total = 0, m IN fresh | total + CASE WHEN COUNT { (m)--() } > $dense"
    member_work += " THEN size(members) ELSE COUNT { (m)--() } END)"
    return scope.statement(f"""
MATCH (centre:Entity {{id: $id}}) WHERE {shown(scope, "centre")}
WITH centre, [centre] AS found, [centre] AS before, CASE WHEN $lead = 1 THEN [centre] ELSE [] END AS page,
     [centre] AS frontier, [] AS refs, 0 AS estimate, {cost.counted(["Entity"])} AS entities
{levels}
WITH centre, refs[..$limit] AS kept, size(page) > $limit + $lead AS nodesTruncated, estimate,
     page[..$limit + $lead] AS fresh, CASE WHEN $lead = 1 THEN [] ELSE before END AS before
WITH centre, kept, nodesTruncated, fresh, before + fresh AS members, estimate
WITH centre, kept, nodesTruncated, fresh, members, estimate + {member_work} AS estimate
OPTIONAL CALL (fresh, members, estimate) {{
  WITH fresh, members WHERE estimate <= {cost.LIMIT}
  UNWIND fresh AS m
  WITH m, members, COUNT {{ (m)--() }} > $dense AS dense
  CALL (m, members, dense) {{
    UNWIND CASE WHEN dense THEN [] ELSE [m] END AS s
    MATCH (s)-{LINK}-(o) WHERE o IN members
    RETURN r
  UNION
    UNWIND CASE WHEN dense THEN members ELSE [] END AS o
    WITH m, o WHERE COUNT {{ (o)--() }} <= $dense
    MATCH (o)-{LINK}-(m)
    RETURN r
  UNION
    UNWIND CASE WHEN dense THEN members ELSE [] END AS o
    WITH m, o WHERE COUNT {{ (o)--() }} > $dense
    MATCH (m)-{LINK}->(o)
    RETURN r
  UNION
    UNWIND CASE WHEN dense THEN members ELSE [] END AS o
    WITH m, o WHERE COUNT {{ (o)--() }} > $dense
    MATCH (o)-{LINK}->(m)
    RETURN r
  }}
  WITH DISTINCT r, {EDGE_KEY} AS key
  WHERE $edgesAfter IS NULL OR key > $edgesAfter
  WITH r, key ORDER BY key
  RETURN collect(r)[..$edgeLimit + 1] AS among
}}
RETURN estimate AS {cost.ESTIMATE}, {ref(scope, "centre", hop="0")} AS centre,
       CASE WHEN $lead = 1 THEN [{ref(scope, "centre", hop="0")}] ELSE [] END + kept AS nodes,
       [r IN among[..$edgeLimit] | {relationship(scope, "r")}] AS edges,
       size(among) > $edgeLimit AS edgesTruncated, nodesTruncated
""")


@strawberry.type(description="A node of a graph view.")
class GraphNode(EntityRef):
    hop: int = strawberry.field(description="Distance from the centre in relationships (0 for the centre).")


@strawberry.type(description="A relationship of a graph view, from `source` to `target` (node ids).")
class GraphEdge:
    id: strawberry.ID = strawberry.field(description="The Neo4j element id: stable within one database only.")
    type: RelationshipType
    source: strawberry.ID = strawberry.field(description="The `id` of the start node.")
    target: strawberry.ID = strawberry.field(description="The `id` of the end node.")
    properties: JSON = strawberry.field(description="Every property: role, since/until, subject, provenance.")

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> GraphEdge:
        source, target = ends(row)
        return cls(
            id=strawberry.ID(row["id"]),
            type=RELATIONSHIP_TYPES_BY_NAME[row["type"]],
            source=source,
            target=target,
            properties=JSON(jsonable(row["properties"])),
        )


@strawberry.type(description="The nodes within some hops of a centre and every relationship among them.")
class Neighbourhood:
    centre: GraphNode
    nodes: list[GraphNode] = strawberry.field(
        description="The centre first, then nearest first, by name.",
        metadata=cost.sized(cost.page_of("limit", least=1)),
    )
    edges: list[GraphEdge] = strawberry.field(
        metadata=cost.sized(cost.page_of("limit", times=EDGES_PER_NODE, least=1))
    )
    truncated: bool = strawberry.field(
        description="Whether nodes or edges were left out to stay within the limit."
    )
    page_info: Any = strawberry.field(
        graphql_type=PageInfo,
        description="Where the nodes sit in the whole neighbourhood: pass endCursor as `after` for the next"
        " nodes (the centre is on the first page only).",
    )
    edges_page_info: Any = strawberry.field(
        graphql_type=PageInfo,
        description="Where the edges sit among those of this page of nodes: pass endCursor as `edgesAfter`"
        " (with the same `after`) for the rest.",
    )

    async def _measures(self) -> list[NodeMeasures]:
        return await measures((node.id for node in self.nodes), ((e.source, e.target) for e in self.edges))

    measures: list[NodeMeasures] = strawberry.field(
        resolver=_measures,
        description="Degree, betweenness, PageRank and community of every node, over these nodes and edges; "
        "in the order of `nodes`.",
        metadata=cost.sized(cost.page_of("limit", least=1)),
    )


async def neighbourhood(
    info: strawberry.Info[Context, None],
    id: Annotated[strawberry.ID, strawberry.argument(description="The centre: its slug or global id.")],
    hops: int = 1,
    kinds: list[NodeKind] | None = None,
    as_of: dt.date | None = None,
    limit: Annotated[
        int | None,
        strawberry.argument(
            description="The most nodes besides the centre (HUB_DEFAULT_PAGE_SIZE when not given, at most "
            f"HUB_MAX_PAGE_SIZE); at most {EDGES_PER_NODE} edges per node."
        ),
    ] = None,
    after: Annotated[
        str | None, strawberry.argument(description="The pageInfo.endCursor of the page before.")
    ] = None,
    edges_after: Annotated[
        str | None, strawberry.argument(description="The edgesPageInfo.endCursor of this page of nodes.")
    ] = None,
) -> Neighbourhood:
    """Nodes at most `hops` relationships from `id`, through nodes of `kinds` only (when given)."""
    bounded("hops", hops, 1, MAX_HOPS)
    size = pages(info).size("limit", limit, least=1)
    cursor = after_values(after, NODE_KEYS)
    edges_cursor = after_values(edges_after, EDGE_KEYS)
    row = await ask(
        info,
        statement(hops, viewer_of(info.context)),
        id=node_id(id, "id"),
        kinds=chosen(kinds),
        asOf=as_of,
        limit=size,
        edgeLimit=size * EDGES_PER_NODE,
        afterHop=-1 if cursor is None else cursor[0],
        after=None if cursor is None else cursor[1:],
        lead=1 if cursor is None else 0,
        edgesAfter=edges_cursor,
        dense=DENSE,
        crowding=CROWDING,
        scan=SCAN,
    )
    if row is None or not named(id, row["centre"]):
        raise missing(id)
    nodes = [GraphNode(**entity_fields(node), hop=node["hop"]) for node in row["nodes"]]
    rows, edges = row["nodes"], row["edges"]
    node_page = shown_page(rows, row["nodesTruncated"], _node_key, NODE_KEYS)
    edge_page = shown_page(edges, row["edgesTruncated"], _edge_key, EDGE_KEYS)
    return Neighbourhood(
        centre=GraphNode(**entity_fields(row["centre"]), hop=0),
        nodes=nodes,
        edges=[GraphEdge.from_row(edge) for edge in edges],
        truncated=row["nodesTruncated"] or row["edgesTruncated"],
        page_info=node_page,
        edges_page_info=edge_page,
    )


def _node_key(row: Mapping[str, Any]) -> tuple[int, str, str]:
    return row["hop"], row["name"], row["id"]


def _edge_key(row: Mapping[str, Any]) -> tuple[str, str, str, str]:
    return row["from"], row["type"], row["to"], row["id"]
