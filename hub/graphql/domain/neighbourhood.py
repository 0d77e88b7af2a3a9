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

STATEMENT = f"""
MATCH (centre:Entity {{id: $id}}) WHERE {visible("centre")}
OPTIONAL MATCH p = ANY SHORTEST (centre)
  (()-[r:{RELATIONSHIP_TYPES} WHERE {active("r")}]-
   (x WHERE {of_kinds("x")} AND {current("x")} AND {visible("x")})){{1,{{hops}}}}
  (n)
WHERE n <> centre
WITH centre, n, length(p) AS hop ORDER BY hop, n.name, n.id
WITH centre, collect(n) AS found, collect({ref("n", hop="hop")}) AS refs
WITH centre, [centre] + found[..$limit] AS members, refs[..$limit] AS kept,
     size(found) > $limit AS nodesTruncated
CALL (members) {{
  UNWIND members AS m
  MATCH (m)-[r:{RELATIONSHIP_TYPES}]->(o)
  WHERE o IN members AND {active("r")}
  WITH r, m, o ORDER BY m.id, type(r), o.id, elementId(r)
  LIMIT $edgeLimit + 1
  RETURN collect({relationship("r")}) AS edges
}}
RETURN [{ref("centre", hop="0")}] + kept AS nodes,
       edges[..$edgeLimit] AS edges, nodesTruncated OR size(edges) > $edgeLimit AS truncated
"""

STATEMENTS = {hops: STATEMENT.replace("{hops}", str(hops)) for hops in range(1, MAX_HOPS + 1)}
"""One statement per hop bound: a quantifier cannot be a parameter, so the bound is chosen from this set."""


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
