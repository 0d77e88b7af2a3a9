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
from hub.graphql.domain.question import ask, bounded, chosen, missing, pages
from hub.graphql.domain.refs import (
    RELATIONSHIP_TYPES_BY_NAME,
    EntityRef,
    NodeKind,
    RelationshipType,
    ends,
    entity_fields,
    jsonable,
    node_id,
)

MAX_HOPS = 3
EDGES_PER_NODE = 4
"""Edges returned at most per node returned, so a dense neighbourhood stays bounded."""
DENSE = 1000
"""Relationships from which a member counts as dense: the edges among the members are found from the
other members' sides (an edge between two dense members by checking each such pair), so a hub's own
relationships are never all read."""

LINK = f"[r:{RELATIONSHIP_TYPES} WHERE {valid_as_of('r', '$asOf')}]"


def _level(scope: Scope, hop: int) -> str:
    """The nodes first reached at `hop` (with one more than fits, to tell truncation), read only when the
    nearer levels left room and the degrees of the level before fit the budget: from each node of the
    level before, its first new neighbours by name."""
    reached = f"{of_kinds('x', '$kinds')} AND {in_effect(scope, 'x', '$asOf')} AND {shown(scope, 'x')}"
    return f"""WITH centre, found, frontier, refs,
     estimate + CASE WHEN size(found) <= $limit THEN {cost.degrees("frontier")} ELSE 0 END AS estimate
CALL (found, frontier, estimate) {{
  UNWIND CASE WHEN size(found) <= $limit AND estimate <= {cost.LIMIT} THEN frontier ELSE [] END AS f
  CALL (f, found) {{
    MATCH (f)-{LINK}-(x) WHERE {reached} AND NOT x IN found
    WITH DISTINCT x ORDER BY x.name, x.id LIMIT $limit + 1
    RETURN x
  }}
  WITH DISTINCT x ORDER BY x.name, x.id
  RETURN collect(x) AS reached
}}
WITH centre, found, refs, estimate, reached[..$limit + 2 - size(found)] AS level
WITH centre, found + level AS found, level AS frontier, estimate,
     refs + [x IN level | {ref(scope, "x", hop=str(hop))}] AS refs"""


@lru_cache(maxsize=256)
def statement(hops: int, viewer: Viewer) -> Statement:
    """Breadth first, nearest first and by name within a hop, up to `$limit` nodes besides the centre.

    This is exactly the first `$limit` of all nodes within `hops` in that order: a level is only read
    when the nearer ones fit, and every node a level keeps is among the first `$limit + 1` new neighbours
    of a node of the level before. So the work grows with the degrees of the nodes kept, not with the
    size of the whole ball of `hops` around the centre.
    """
    scope = Scope(viewer)
    levels = "\n".join(_level(scope, hop) for hop in range(1, hops + 1))
    member_work = "reduce(total = 0, m IN members | total + CASE WHEN COUNT { (m)--() } > $dense"
    member_work += " THEN size(members) ELSE COUNT { (m)--() } END)"
    return scope.statement(f"""
MATCH (centre:Entity {{id: $id}}) WHERE {shown(scope, "centre")}
WITH centre, [centre] AS found, [centre] AS frontier, [] AS refs, 0 AS estimate
{levels}
WITH centre, found[..$limit + 1] AS members, refs[..$limit] AS kept,
     size(found) > $limit + 1 AS nodesTruncated, estimate
WITH centre, members, kept, nodesTruncated, estimate + {member_work} AS estimate
OPTIONAL CALL (members, estimate) {{
  WITH members WHERE estimate <= {cost.LIMIT}
  UNWIND members AS m
  WITH m, members, COUNT {{ (m)--() }} > $dense AS dense
  CALL (m, members, dense) {{
    UNWIND CASE WHEN dense THEN [] ELSE [m] END AS s
    MATCH (s)-{LINK}-(o) WHERE o IN members
    RETURN r
  UNION
    UNWIND CASE WHEN dense THEN members ELSE [] END AS o
    WITH m, o WHERE COUNT {{ (o)--() }} > $dense
    MATCH (m)-{LINK}->(o)
    RETURN r
  }}
  WITH DISTINCT r ORDER BY startNode(r).id, type(r), endNode(r).id, elementId(r)
  RETURN collect(r) AS among
}}
RETURN estimate AS {cost.ESTIMATE}, [{ref(scope, "centre", hop="0")}] + kept AS nodes,
       [r IN among[..$edgeLimit] | {relationship(scope, "r")}] AS edges,
       nodesTruncated OR size(among) > $edgeLimit AS truncated
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
    id: Annotated[strawberry.ID, strawberry.argument(description="The centre: slug or id.")],
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
) -> Neighbourhood:
    """Nodes at most `hops` relationships from `id`, through nodes of `kinds` only (when given)."""
    bounded("hops", hops, 1, MAX_HOPS)
    size = pages(info).size("limit", limit, least=1)
    row = await ask(
        info,
        statement(hops, viewer_of(info.context)),
        id=node_id(id),
        kinds=chosen(kinds),
        asOf=as_of,
        limit=size,
        edgeLimit=size * EDGES_PER_NODE,
        dense=DENSE,
    )
    if row is None:
        raise missing(id)
    nodes = [GraphNode(**entity_fields(node), hop=node["hop"]) for node in row["nodes"]]
    return Neighbourhood(
        centre=nodes[0],
        nodes=nodes,
        edges=[GraphEdge.from_row(edge) for edge in row["edges"]],
        truncated=row["truncated"],
    )
