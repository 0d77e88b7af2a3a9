"""`paths`: the shortest connections between two stakeholders, each with a one-line explanation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from hub.graphql.compiler.viewer import viewer_of
from hub.graphql.context import Context
from hub.graphql.domain.common import (
    RELATIONSHIP_TYPES,
    RELATIONSHIP_TYPES_BY_NAME,
    EntityRef,
    RelationshipType,
    active,
    bounded,
    current,
    ends,
    jsonable,
    node_id,
    parameters,
    ref,
    relationship,
    viewing,
    visible,
)
from hub.graphql.domain.phrases import explain
from hub.graphql.errors import BadRequest
from hub.graphql.execute import run

MAX_HOPS = 6
MAX_PATHS = 20

STATEMENT = f"""
OPTIONAL MATCH (a:Entity {{id: $from}}) WHERE {visible("a")}
OPTIONAL MATCH (b:Entity {{id: $to}}) WHERE {visible("b")}
CALL (a, b) {{
  WITH a, b WHERE a IS NOT NULL AND b IS NOT NULL
  MATCH p = allShortestPaths((a)-[:{RELATIONSHIP_TYPES}*..{{hops}}]-(b))
  WHERE all(r IN relationships(p) WHERE {active("r")})
    AND all(n IN nodes(p) WHERE {current("n")} AND {visible("n")})
  WITH p, size([n IN nodes(p) WHERE n.synthetic]) AS synthetic, [n IN nodes(p) | n.id] AS ids
  ORDER BY synthetic, ids
  LIMIT $first
  RETURN collect({{nodes: [n IN nodes(p) | {ref("n")}],
                   relationships: [r IN relationships(p) | {relationship("r")}]}}) AS paths
}}
RETURN {ref("a")} AS from, {ref("b")} AS to, paths
"""

STATEMENTS = {hops: STATEMENT.replace("{hops}", str(hops)) for hops in range(1, MAX_HOPS + 1)}
"""One statement per hop bound: a path length cannot be a parameter, so the bound is chosen from this set."""


@strawberry.type(description="A relationship on a path, with the ids of the nodes it goes from and to.")
class PathRelationship:
    id: strawberry.ID = strawberry.field(description="The Neo4j element id: stable within one database only.")
    type: RelationshipType
    from_: strawberry.ID = strawberry.field(name="from", description="The global id of the start node.")
    to: strawberry.ID = strawberry.field(description="The global id of the end node.")
    role: str | None = strawberry.field(
        description="The role the source plays, where the relationship has one."
    )
    properties: JSON = strawberry.field(description="Every property: role, since/until, subject, provenance.")

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> PathRelationship:
        start, end = ends(row)
        return cls(
            id=strawberry.ID(row["id"]),
            type=RELATIONSHIP_TYPES_BY_NAME[row["type"]],
            from_=start,
            to=end,
            role=row["properties"].get("role"),
            properties=JSON(jsonable(row["properties"])),
        )


@strawberry.type(description="One shortest connection: its nodes in order, the relationships between them.")
class Path:
    length: int = strawberry.field(description="The number of relationships.")
    explanation: str = strawberry.field(description="The path as one sentence.")
    nodes: list[EntityRef]
    relationships: list[PathRelationship]


@strawberry.type(description="The shortest connections found between two stakeholders.")
class PathSearch:
    from_: EntityRef = strawberry.field(name="from")
    to: EntityRef
    paths: list[Path] = strawberry.field(
        description="Source-backed paths first; empty when none is within maxHops."
    )


async def paths(
    info: strawberry.Info[Context, None],
    from_: Annotated[
        strawberry.ID, strawberry.argument(name="from", description="A stakeholder: slug or id.")
    ],
    to: Annotated[strawberry.ID, strawberry.argument(description="Another stakeholder: slug or id.")],
    max_hops: int = 4,
    first: int = 3,
    as_of: dt.date | None = None,
) -> PathSearch:
    """All shortest paths over every declared relationship type, at most `maxHops` long, the first `first`."""
    bounded("maxHops", max_hops, 1, MAX_HOPS)
    bounded("first", first, 1, MAX_PATHS)
    start, end = node_id(from_), node_id(to)
    if start == end:
        raise BadRequest("from and to must be different nodes")
    rows = await run(
        info.context,
        STATEMENTS[max_hops],
        parameters(**{"from": start, "to": end}, first=first, asOf=as_of, **viewing(viewer_of(info.context))),
    )
    row = rows[0]
    missing = [str(id_) for id_, key in ((from_, "from"), (to, "to")) if row[key] is None]
    if missing:
        raise BadRequest(f"no node has id {' or '.join(map(repr, missing))}")
    return PathSearch(
        from_=EntityRef.from_row(row["from"]),
        to=EntityRef.from_row(row["to"]),
        paths=[
            Path(
                length=len(path["relationships"]),
                explanation=explain(path["nodes"], path["relationships"]),
                nodes=[EntityRef.from_row(node) for node in path["nodes"]],
                relationships=[PathRelationship.from_row(rel) for rel in path["relationships"]],
            )
            for path in row["paths"]
        ],
    )
