"""`neighbourhood`: the ego network of a node as deduplicated nodes and edges, ready for a graph view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from hub.graphql.compiler.viewer import viewer_of
from hub.graphql.context import Context
from hub.graphql.domain.common import (
    MAX_ROWS,
    RELATIONSHIP_TYPES,
    RELATIONSHIP_TYPES_BY_NAME,
    EntityRef,
    NodeKind,
    RelationshipType,
    active,
    bounded,
    current,
    ends,
    entity_fields,
    jsonable,
    labels,
    node_id,
    of_kinds,
    parameters,
    ref,
    relationship,
    viewing,
    visible,
)
from hub.graphql.errors import BadRequest
from hub.graphql.execute import run

MAX_HOPS = 3
EDGES_PER_NODE = 4
"""Edges returned at most per node returned, so a dense neighbourhood stays bounded."""
DENSE = 1000
"""Relationships from which a member counts as dense: the edges among the members are found from the
other members' sides (an edge between two dense members by checking each such pair), so a hub's own
relationships are never all read."""

LINK = f"[r:{RELATIONSHIP_TYPES} WHERE {active('r')}]"
SHOWN = f"{of_kinds('x')} AND {current('x')} AND {visible('x')}"
"""Which nodes a neighbourhood shows and traverses."""


def _level(hop: int) -> str:
    """The nodes first reached at `hop` (with one more than fits, to tell truncation), read only when the
    nearer levels left room: from each node of the level before, its first new neighbours by name."""
    return f"""CALL (found, frontier) {{
  UNWIND CASE WHEN size(found) <= $limit THEN frontier ELSE [] END AS f
  CALL (f, found) {{
    MATCH (f)-{LINK}-(x) WHERE {SHOWN} AND NOT x IN found
    WITH DISTINCT x ORDER BY x.name, x.id LIMIT $limit + 1
    RETURN x
  }}
  WITH DISTINCT x ORDER BY x.name, x.id
  RETURN collect(x) AS reached
}}
WITH centre, found, refs, reached[..$limit + 2 - size(found)] AS level
WITH centre, found + level AS found, level AS frontier,
     refs + [x IN level | {ref("x", hop=str(hop))}] AS refs"""


def _statement(hops: int) -> str:
    """Breadth first, nearest first and by name within a hop, up to `$limit` nodes besides the centre.

    This is exactly the first `$limit` of all nodes within `hops` in that order: a level is only read
    when the nearer ones fit, and every node a level keeps is among the first `$limit + 1` new neighbours
    of a node of the level before. So the work grows with the degrees of the nodes kept, not with the
    size of the whole ball of `hops` around the centre.
    """
    levels = "\n".join(_level(hop) for hop in range(1, hops + 1))
    return f"""
MATCH (centre:Entity {{id: $id}}) WHERE {visible("centre")}
WITH centre, [centre] AS found, [centre] AS frontier, [] AS refs
{levels}
WITH centre, found[..$limit + 1] AS members, refs[..$limit] AS kept,
     size(found) > $limit + 1 AS nodesTruncated
CALL (members) {{
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
  LIMIT $edgeLimit + 1
  RETURN collect({relationship("r")}) AS edges
}}
RETURN [{ref("centre", hop="0")}] + kept AS nodes,
       edges[..$edgeLimit] AS edges, nodesTruncated OR size(edges) > $edgeLimit AS truncated
"""


STATEMENTS = {hops: _statement(hops) for hops in range(1, MAX_HOPS + 1)}
"""One statement per hop bound: the levels are written out, so the bound is chosen from this set."""


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
    nodes: list[GraphNode] = strawberry.field(description="The centre first, then nearest first, by name.")
    edges: list[GraphEdge]
    truncated: bool = strawberry.field(
        description="Whether nodes or edges were left out to stay within the limit."
    )


async def neighbourhood(
    info: strawberry.Info[Context, None],
    id: Annotated[strawberry.ID, strawberry.argument(description="The centre: slug or id.")],
    hops: int = 1,
    kinds: list[NodeKind] | None = None,
    as_of: dt.date | None = None,
    limit: int = 100,
) -> Neighbourhood:
    """Nodes at most `hops` relationships from `id`, through nodes of `kinds` only (when given)."""
    bounded("hops", hops, 1, MAX_HOPS)
    bounded("limit", limit, 1, MAX_ROWS)
    rows = await run(
        info.context,
        STATEMENTS[hops],
        parameters(
            id=node_id(id),
            kinds=labels(kinds),
            asOf=as_of,
            limit=limit,
            edgeLimit=limit * EDGES_PER_NODE,
            dense=DENSE,
            **viewing(viewer_of(info.context)),
        ),
    )
    if not rows:
        raise BadRequest(f"no node has id {id!r}")
    row = rows[0]
    nodes = [GraphNode(**entity_fields(node), hop=node["hop"]) for node in row["nodes"]]
    return Neighbourhood(
        centre=nodes[0],
        nodes=nodes,
        edges=[GraphEdge.from_row(edge) for edge in row["edges"]],
        truncated=row["truncated"],
    )
