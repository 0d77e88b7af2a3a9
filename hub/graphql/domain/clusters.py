"""`clusters`: groups of stakeholders working together, connected components of the collaboration graph.

The statement returns the nodes in scope with their links; networkx finds the components in linear time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx
import strawberry

from hub.graphql.context import Context
from hub.graphql.domain.common import (
    KINDS,
    MAX_ROWS,
    RELATIONSHIP_TYPES,
    EntityRef,
    NodeKind,
    RelationshipType,
    active,
    bounded,
    labels,
    of_kinds,
    parameters,
    ref,
)
from hub.graphql.errors import BadRequest
from hub.graphql.execute import run
from hub.model.registry import ACTIVITIES, ACTORS, node_kind

DEFAULT_KINDS = sorted((ACTORS | ACTIVITIES) - {node_kind("Province").label})
"""Who takes part by default: actors and activities, without the province that funds and joins nearly all."""
DEFAULT_VIA = ("MEMBER_OF", "LEADS", "PARTICIPATES_IN", "WORKS_FOR")
"""Which relationships join by default: memberships, leading and taking part, employment."""

MAX_SCOPE = 100_000
"""The most nodes a cluster view covers: the statement returns every node in scope and its links."""

STATEMENT = f"""
MATCH (n:Entity) WHERE {of_kinds("n")}
WITH collect(n) AS scope
CALL (scope) {{
  WITH scope WHERE size(scope) <= $maxScope
  UNWIND scope AS n
  OPTIONAL MATCH (n)-[r:{RELATIONSHIP_TYPES}]->(m)
  WHERE type(r) IN $via AND {active("r")} AND {of_kinds("m")}
  WITH n, collect(m.id) AS linked
  RETURN collect({ref("n", linked="linked")}) AS nodes
}}
RETURN size(scope) AS scope, nodes
"""
"""Every node in scope with the ids it links to; the components are found from these in one pass."""


@strawberry.type(description="The number of members of one kind in a cluster.")
class KindCount:
    kind: NodeKind
    count: int


@strawberry.type(description="Stakeholders connected to each other by the chosen relationships.")
class Cluster:
    key: str = strawberry.field(description="The smallest member slug: stable while membership is.")
    size: int
    kinds: list[KindCount] = strawberry.field(description="How many members of each kind, most first.")
    members: list[EntityRef] = strawberry.field(description="By name.")


@strawberry.type(description="The clusters of the collaboration graph, largest first.")
class Clusters:
    total: int = strawberry.field(description="Clusters of at least minSize members, before `first` applies.")
    clusters: list[Cluster]


def components(nodes: list[dict[str, Any]], min_size: int) -> list[list[dict[str, Any]]]:
    """The connected components of at least `min_size` nodes (rows with `id` and `linked` ids), largest
    first, then by smallest id; members by name, then id."""
    graph: nx.Graph[str] = nx.Graph()
    for node in nodes:
        graph.add_node(node["id"], row=node)
        graph.add_edges_from((node["id"], other) for other in node["linked"])
    rows = graph.nodes(data="row")
    found = [
        sorted((rows[id_] for id_ in component), key=lambda row: (row["name"], row["id"]))
        for component in nx.connected_components(graph)
        if len(component) >= min_size
    ]
    return sorted(found, key=lambda members: (-len(members), min(row["id"] for row in members)))


def _cluster(refs: list[dict[str, Any]]) -> Cluster:
    members = [EntityRef.from_row(member) for member in refs]
    counts: dict[str, int] = {}
    for member in members:
        counts[member.kind.value] = counts.get(member.kind.value, 0) + 1
    return Cluster(
        key=min(member.slug for member in members),
        size=len(members),
        kinds=[
            KindCount(kind=KINDS[kind], count=count)
            for kind, count in sorted(counts.items(), key=lambda i: (-i[1], i[0]))
        ],
        members=members,
    )


async def clusters(
    info: strawberry.Info[Context, None],
    kinds: list[NodeKind] | None = None,
    via: list[RelationshipType] | None = None,
    as_of: dt.date | None = None,
    min_size: int = 2,
    first: int = 20,
) -> Clusters:
    """Connected components over `via` relationships among nodes of `kinds` (each node in exactly one)."""
    bounded("minSize", min_size, 1, MAX_ROWS)
    bounded("first", first, 1, MAX_ROWS)
    if via is not None and not via:
        raise BadRequest("via must name at least one relationship type, or be left out")
    rows = await run(
        info.context,
        STATEMENT,
        parameters(
            kinds=labels(kinds) or DEFAULT_KINDS,
            via=sorted({type_.value for type_ in via}) if via else list(DEFAULT_VIA),
            asOf=as_of,
            maxScope=MAX_SCOPE,
        ),
    )
    row = rows[0]
    if row["scope"] > MAX_SCOPE:
        raise BadRequest(
            f"clusters covers at most {MAX_SCOPE} nodes, these kinds have {row['scope']}: narrow kinds"
        )
    found = components(row["nodes"], min_size)
    return Clusters(total=len(found), clusters=[_cluster(members) for members in found[:first]])
