"""`paths`: the shortest connections between two stakeholders, each with a one-line explanation.

The search is priced before it runs, as a search from both ends: each end's degree times the average
degree for every further level it expands.
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
from hub.graphql.cypher.fragments import RELATIONSHIP_TYPES, in_effect, ref, relationship, valid_as_of
from hub.graphql.cypher.scope import Scope, Statement
from hub.graphql.cypher.viewer import Viewer, viewer_of
from hub.graphql.domain.paging import PageInfo, after_values, page_info
from hub.graphql.domain.phrases import explain
from hub.graphql.domain.question import ask, bounded, missing, pages
from hub.graphql.domain.refs import (
    RELATIONSHIP_TYPES_BY_NAME,
    EntityRef,
    RelationshipType,
    ends,
    jsonable,
    named,
    node_id,
)
from hub.graphql.errors import BadRequest
from hub.graphql.ids import SortValue

MAX_HOPS = 6
DEFAULT_HOPS = 4
CURSOR_KEYS = ("synthetic:ASC", "ids:ASC")
SEPARATOR = "\x1f"
"""Between the ids of a path in its cursor (no id holds it)."""


def _after(values: list[SortValue] | None) -> list[Any] | None:
    """The cursor's values as the statement compares them: [synthetic nodes, [ids along the path]]."""
    if values is None:
        return None
    synthetic, ids = values
    if not isinstance(synthetic, int) or not isinstance(ids, str):
        raise BadRequest("the cursor was not made for paths")
    return [synthetic, ids.split(SEPARATOR)]


def _side(end: str, levels: int) -> str:
    """The relationships a search from `end` reads in `levels` levels."""
    if levels == 0:
        return "0"
    return f"{cost.degree(end)} * {cost.AVERAGE_DEGREE} ^ {levels - 1}"


@lru_cache(maxsize=256)
def statement(hops: int, viewer: Viewer) -> Statement:
    """All shortest paths of at most `hops` relationships; a path length cannot be a parameter, so each
    bound is its own statement."""
    scope = Scope(viewer)
    price = f"{_side('a', (hops + 1) // 2)} + {_side('b', hops // 2)}"
    return scope.statement(f"""
OPTIONAL MATCH (a:Entity {{id: $from}}) WHERE {shown(scope, "a")}
OPTIONAL MATCH (b:Entity {{id: $to}}) WHERE {shown(scope, "b")}
WITH a, b, CASE WHEN a IS NULL OR b IS NULL THEN 0 ELSE {price} END AS estimate
CALL (a, b, estimate) {{
  WITH a, b WHERE a IS NOT NULL AND b IS NOT NULL AND estimate <= {cost.LIMIT}
  MATCH p = allShortestPaths((a)-[:{RELATIONSHIP_TYPES}*..{hops}]-(b))
  WHERE all(r IN relationships(p) WHERE {valid_as_of("r", "$asOf")})
    AND all(n IN nodes(p) WHERE {in_effect(scope, "n", "$asOf")} AND {shown(scope, "n")})
  WITH p, size([n IN nodes(p) WHERE n.synthetic]) AS synthetic, [n IN nodes(p) | n.id] AS ids
  WHERE $after IS NULL OR [synthetic, ids] > $after
  ORDER BY synthetic, ids
  LIMIT $first + 1
  RETURN collect({{synthetic: synthetic, ids: ids, nodes: [n IN nodes(p) | {ref(scope, "n")}],
                   relationships: [r IN relationships(p) | {relationship(scope, "r")}]}}) AS paths
}}
RETURN estimate AS {cost.ESTIMATE}, {ref(scope, "a")} AS from, {ref(scope, "b")} AS to, paths
""")


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
    nodes: list[EntityRef] = strawberry.field(
        metadata=cost.sized(cost.number_of("maxHops", plus=1, otherwise=MAX_HOPS))
    )
    relationships: list[PathRelationship] = strawberry.field(
        metadata=cost.sized(cost.number_of("maxHops", otherwise=MAX_HOPS))
    )


@strawberry.type(description="The shortest connections found between two stakeholders.")
class PathSearch:
    from_: EntityRef = strawberry.field(name="from")
    to: EntityRef
    paths: list[Path] = strawberry.field(
        description=(
            "Source-backed paths first (fewest synthetic nodes), then by the ids along the path;"
            " empty when none is within maxHops."
        ),
        metadata=cost.sized(cost.page_of("first", least=1)),
    )
    page_info: Any = strawberry.field(
        graphql_type=PageInfo, description="Where the paths sit among all; pass endCursor as after."
    )


async def paths(
    info: strawberry.Info[Context, None],
    from_: Annotated[
        strawberry.ID, strawberry.argument(name="from", description="A stakeholder: its slug or global id.")
    ],
    to: Annotated[
        strawberry.ID, strawberry.argument(description="Another stakeholder: its slug or global id.")
    ],
    max_hops: int = DEFAULT_HOPS,
    first: Annotated[
        int | None,
        strawberry.argument(description="The most paths (HUB_DEFAULT_PAGE_SIZE when not given)."),
    ] = None,
    as_of: dt.date | None = None,
    after: Annotated[str | None, strawberry.argument(description="The endCursor of the page before.")] = None,
) -> PathSearch:
    """All shortest paths over every declared relationship type, at most `maxHops` long, the first `first`."""
    bounded("maxHops", max_hops, 1, MAX_HOPS)
    size = pages(info).size("first", first, least=1)
    start, end = node_id(from_, "from"), node_id(to, "to")
    if start == end:
        raise BadRequest("from and to must be different nodes")
    row = await ask(
        info,
        statement(max_hops, viewer_of(info.context)),
        **{"from": start, "to": end},
        first=size,
        after=_after(after_values(after, CURSOR_KEYS)),
        asOf=as_of,
    )
    assert row is not None
    unknown = [str(id_) for id_, key in ((from_, "from"), (to, "to")) if not named(id_, row[key])]
    if unknown:
        raise missing(*unknown)
    found = row["paths"]
    return PathSearch(
        from_=EntityRef.from_row(row["from"]),
        to=EntityRef.from_row(row["to"]),
        page_info=page_info(
            found, size, lambda path: (path["synthetic"], SEPARATOR.join(path["ids"])), CURSOR_KEYS
        ),
        paths=[
            Path(
                length=len(path["relationships"]),
                explanation=explain(path["nodes"], path["relationships"]),
                nodes=[EntityRef.from_row(node) for node in path["nodes"]],
                relationships=[PathRelationship.from_row(rel) for rel in path["relationships"]],
            )
            for path in found[:size]
        ],
    )
