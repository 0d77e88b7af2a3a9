"""`clusters`: groups of stakeholders working together, connected components of the collaboration graph.

The statement returns the nodes in scope with their links; networkx finds the components in linear time.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Annotated, Any

import networkx as nx
import strawberry

from hub.graphql import cost
from hub.graphql.context import Context
from hub.graphql.cypher.access import shown
from hub.graphql.cypher.fragments import labels, ref, valid_as_of
from hub.graphql.cypher.scope import Scope, Statement
from hub.graphql.cypher.viewer import Viewer, viewer_of
from hub.graphql.domain.question import ask, bounded, chosen, pages
from hub.graphql.domain.refs import KINDS, EntityRef, NodeKind, RelationshipType
from hub.graphql.errors import BadRequest
from hub.graphql.pages import Pages
from hub.model.registry import ACTIVITIES, ACTORS, node_kind

DEFAULT_KINDS = tuple(sorted((ACTORS | ACTIVITIES) - {node_kind("Province").label}))
"""Who takes part by default: actors and activities, without the province that funds and joins nearly all."""
DEFAULT_VIA = ("MEMBER_OF", "LEADS", "PARTICIPATES_IN", "WORKS_FOR")
"""Which relationships join by default: memberships, leading and taking part, employment."""


@lru_cache(maxsize=256)
def statement(kinds: tuple[str, ...], via: tuple[str, ...], viewer: Viewer) -> Statement:
    """Every node in scope with the ids it links to; the components are found from these in one pass.

    Priced from the count store: the nodes of the kinds and the relationships of the types in scope.
    """
    scope = Scope(viewer)
    among = labels(kinds)
    linked = f"{valid_as_of('r', '$asOf')} AND {shown(scope, 'm', kinds)}"
    return scope.statement(f"""
WITH {cost.counted(kinds)} + {cost.related(via)} AS estimate
OPTIONAL CALL (estimate) {{
  WITH estimate WHERE estimate <= {cost.LIMIT}
  MATCH (n:{among}) WHERE {shown(scope, "n", kinds)}
  OPTIONAL MATCH (n)-[r:{labels(via)}]->(m:{among}) WHERE {linked}
  WITH n, collect(m.id) AS linked
  RETURN collect({ref(scope, "n", linked="linked")}) AS nodes
}}
RETURN estimate AS {cost.ESTIMATE}, nodes
""")


@strawberry.type(description="The number of members of one kind in a cluster.")
class KindCount:
    kind: NodeKind
    count: int


@strawberry.type(description="Stakeholders connected to each other by the chosen relationships.")
class Cluster:
    key: str = strawberry.field(description="The smallest member slug: stable while membership is.")
    size: int
    kinds: list[KindCount] = strawberry.field(description="How many members of each kind, most first.")
    members: list[EntityRef] = strawberry.field(
        description="The first HUB_MAX_PAGE_SIZE members by name; `size` counts them all.",
        metadata=cost.sized(lambda arguments, pages: pages.maximum),
    )


@strawberry.type(description="The clusters of the collaboration graph, largest first.")
class Clusters:
    total: int = strawberry.field(description="Clusters of at least minSize members, before `first` applies.")
    clusters: list[Cluster] = strawberry.field(metadata=cost.sized(cost.page_of("first", least=1)))


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


def _cluster(refs: list[dict[str, Any]], pages: Pages) -> Cluster:
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
        members=members[: pages.maximum],
    )


async def clusters(
    info: strawberry.Info[Context, None],
    kinds: list[NodeKind] | None = None,
    via: list[RelationshipType] | None = None,
    as_of: dt.date | None = None,
    min_size: int = 2,
    first: Annotated[
        int | None,
        strawberry.argument(description="The most clusters (HUB_DEFAULT_PAGE_SIZE when not given)."),
    ] = None,
) -> Clusters:
    """Connected components over `via` relationships among nodes of `kinds` (each node in exactly one)."""
    policy = pages(info)
    size = policy.size("first", first, least=1)
    bounded("minSize", min_size, 1, policy.maximum)
    if via is not None and not via:
        raise BadRequest("via must name at least one relationship type, or be left out")
    among = tuple(chosen(kinds) or DEFAULT_KINDS)
    joined = tuple(sorted({type_.value for type_ in via})) if via else DEFAULT_VIA
    row = await ask(info, statement(among, joined, viewer_of(info.context)), asOf=as_of)
    assert row is not None
    found = components(row["nodes"], min_size)
    return Clusters(total=len(found), clusters=[_cluster(members, policy) for members in found[:size]])
