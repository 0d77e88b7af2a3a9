"""`clusters`: groups of stakeholders working together, connected components of the collaboration graph.

The statement reads the links among the chosen kinds, each relationship type only from the labels the
model lets it start at and to those it lets it end at; scipy's sparse graph routines find the components
in linear time, in compiled code (networkx took 1.6 s of the hub's CPU for 160,000 links, this 0.3 s).
A node without links is read only when single nodes count as clusters (`minSize: 1`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import Annotated, Any

import numpy as np
import numpy.typing as npt
import strawberry
from scipy.sparse import coo_array
from scipy.sparse.csgraph import connected_components

from hub.graphql import cost
from hub.graphql.context import Context
from hub.graphql.cypher.access import shown
from hub.graphql.cypher.fragments import KIND_KEY, labels, ref, valid_as_of
from hub.graphql.cypher.scope import Scope, Statement
from hub.graphql.cypher.viewer import Viewer, viewer_of
from hub.graphql.domain.measures import NodeMeasures, measures
from hub.graphql.domain.paging import PageInfo, after_values, page_info
from hub.graphql.domain.question import ask, bounded, chosen, pages
from hub.graphql.domain.refs import KINDS, EntityRef, NodeKind, RelationshipType
from hub.graphql.errors import BadRequest
from hub.graphql.ids import global_id
from hub.model.registry import ACTIVITIES, ACTORS, RELATIONSHIP_KINDS, node_kind

DEFAULT_KINDS = tuple(sorted((ACTORS | ACTIVITIES) - {node_kind("Province").label}))
"""Who takes part by default: actors and activities, without the province that funds and joins nearly all."""
DEFAULT_VIA = ("MEMBER_OF", "LEADS", "PARTICIPATES_IN", "WORKS_FOR")
"""Which relationships join by default: memberships, leading and taking part, employment."""
CLUSTER_KEYS = ("size:DESC", "key:ASC")
MEMBER_KEYS = ("name:ASC", "id:ASC")


def _links(
    kinds: tuple[str, ...], via: tuple[str, ...]
) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(type, source labels, target labels) of each chosen type that can join two chosen kinds."""
    found = []
    for type_ in via:
        kind = RELATIONSHIP_KINDS[type_]
        sources, targets = tuple(sorted(kind.sources & set(kinds))), tuple(sorted(kind.targets & set(kinds)))
        if sources and targets:
            found.append((type_, sources, targets))
    return found


@lru_cache(maxsize=256)
def statement(kinds: tuple[str, ...], via: tuple[str, ...], viewer: Viewer) -> Statement:
    """The links among the kinds (and, with `$lonely`, every node of them) as pairs of ids, and the nodes at
    their ends (a node at both ends of links comes twice); priced from the count store: the relationships of
    each type from each label it may start at, and the nodes when they are read."""
    scope = Scope(viewer)
    links = _links(kinds, via)
    reads = [
        f"MATCH (n:{labels(sources)})-[r:{type_}]->(m:{labels(targets)})"
        f" WHERE {valid_as_of('r', '$asOf')} AND {shown(scope, 'n', sources)}"
        f" AND {shown(scope, 'm', targets)} RETURN n, m"
        for type_, sources, targets in links
    ]
    reads.append(
        f"MATCH (n:{labels(kinds)}) WHERE $lonely AND {shown(scope, 'n', kinds)} RETURN n, null AS m"
    )
    price = " + ".join(
        f"COUNT {{ (:{source})-[:{type_}]->() }}" for type_, sources, _ in links for source in sources
    )
    return scope.statement(f"""
WITH {price or "0"} + CASE WHEN $lonely THEN {cost.counted(kinds)} ELSE 0 END AS estimate
OPTIONAL CALL (estimate) {{
  WITH estimate WHERE estimate <= {cost.LIMIT}
  CALL () {{
    {" UNION ALL ".join(reads)}
  }}
  WITH collect(DISTINCT n) AS starts, collect(DISTINCT m) AS ends,
       collect(CASE WHEN m IS NOT NULL THEN [n.id, m.id] END) AS links
  RETURN [x IN starts + ends | {ref(scope, "x")}] AS nodes, links
}}
RETURN estimate AS {cost.ESTIMATE}, nodes, links
""")


@strawberry.type(description="The number of members of one kind in a cluster.")
class KindCount:
    kind: NodeKind
    count: int


@dataclass(frozen=True)
class Component:
    """A connected component: its smallest member id, its members, and the links among them as pairs of
    positions in `rows` (the rows of the whole graph), turned into ids only when asked for."""

    key: str
    members: list[dict[str, Any]]
    pairs: npt.NDArray[np.int64]
    rows: list[dict[str, Any]]

    def links(self) -> list[tuple[str, str]]:
        """The links among the members as pairs of ids, once each."""
        return [(self.rows[start]["id"], self.rows[end]["id"]) for start, end in self.pairs.tolist()]


@strawberry.type(description="Stakeholders connected to each other by the chosen relationships.")
class Cluster:
    key: str = strawberry.field(description="The smallest member slug: stable while membership is.")
    size: int
    kinds: list[KindCount] = strawberry.field(description="How many members of each kind, most first.")
    component: strawberry.Private[Component]

    def _page(
        self, info: strawberry.Info[Context, None], first: int | None, after: str | None
    ) -> tuple[list[dict[str, Any]], int]:
        policy = pages(info)
        size = policy.maximum if first is None else policy.size("first", first, least=1)
        members = self.component.members
        cursor = after_values(after, MEMBER_KEYS)
        if cursor is not None:
            last = (str(cursor[0]), str(cursor[1]))
            members = [row for row in members if (row["name"], row["id"]) > last]
        return members[: size + 1], size

    def _members(
        self, info: strawberry.Info[Context, None], first: int | None = None, after: str | None = None
    ) -> list[EntityRef]:
        rows, size = self._page(info, first, after)
        return [EntityRef.from_row(row) for row in rows[:size]]

    def _members_page_info(
        self, info: strawberry.Info[Context, None], first: int | None = None, after: str | None = None
    ) -> Any:
        rows, size = self._page(info, first, after)
        return page_info(rows, size, lambda row: (row["name"], row["id"]), MEMBER_KEYS)

    async def _measures(self, info: strawberry.Info[Context, None]) -> list[NodeMeasures]:
        most = pages(info).maximum
        if self.size > most:
            raise BadRequest(
                f"measures are given for clusters of at most {most} members; this has {self.size}"
            )
        ids = {row["id"]: global_id(row[KIND_KEY], row["id"]) for row in self.component.members}
        return await measures(ids.values(), ((ids[start], ids[end]) for start, end in self.component.links()))

    members: list[EntityRef] = strawberry.field(
        resolver=_members,
        description="Members by name, then id: the first `first` (HUB_MAX_PAGE_SIZE when not given) after"
        " `after`; `size` counts them all.",
        metadata=cost.sized(lambda arguments, pages: pages.maximum),
    )
    members_page_info: Any = strawberry.field(
        resolver=_members_page_info,
        graphql_type=PageInfo,
        description="Where `members` sits among all: pass endCursor as `after` (with the same first).",
    )
    measures: list[NodeMeasures] = strawberry.field(
        resolver=_measures,
        description="Degree, betweenness, PageRank and community of every member over the cluster's links,"
        " in the order of members (all of them). Only for clusters of at most HUB_MAX_PAGE_SIZE members.",
        metadata=cost.sized(lambda arguments, pages: pages.maximum),
    )


@strawberry.type(description="The clusters of the collaboration graph, largest first, then by key.")
class Clusters:
    total: int = strawberry.field(description="Clusters of at least minSize members, before `first` applies.")
    clusters: list[Cluster] = strawberry.field(metadata=cost.sized(cost.page_of("first", least=1)))
    page_info: Any = strawberry.field(
        graphql_type=PageInfo, description="Where the clusters sit among all; pass endCursor as after."
    )


def components(nodes: list[dict[str, Any]], links: list[list[str]], min_size: int) -> list[Component]:
    """The connected components of at least `min_size` nodes (`nodes` rows with an `id`, `links` pairs of
    ids), largest first, then by smallest id. Members in no set order: only the clusters a page shows are
    sorted (`_cluster`)."""
    rows = list({node["id"]: node for node in nodes}.values())
    number = {row["id"]: index for index, row in enumerate(rows)}
    ends = np.fromiter(map(number.__getitem__, chain.from_iterable(links)), np.int64, 2 * len(links))
    ends = np.sort(ends.reshape(-1, 2), axis=1)
    once = np.unique(ends[:, 0] * len(rows) + ends[:, 1])
    pairs = np.column_stack((once // len(rows), once % len(rows)))
    graph = coo_array((np.ones(len(pairs), np.int8), (pairs[:, 0], pairs[:, 1])), shape=(len(rows),) * 2)
    count, label = connected_components(graph, directed=False)
    sizes = np.bincount(label, minlength=count)
    link_label = label[pairs[:, 0]]
    member_bounds = np.concatenate(([0], np.cumsum(sizes)))
    link_bounds = np.concatenate(([0], np.cumsum(np.bincount(link_label, minlength=count))))
    by_component, links_by_component = np.argsort(label, kind="stable"), np.argsort(link_label, kind="stable")
    found = []
    for component in np.flatnonzero(sizes >= min_size).tolist():
        members = [rows[i] for i in by_component[member_bounds[component] : member_bounds[component + 1]]]
        among = pairs[links_by_component[link_bounds[component] : link_bounds[component + 1]]]
        found.append(Component(min(row["id"] for row in members), members, among, rows))
    return sorted(found, key=lambda found: (-len(found.members), found.key))


def _cluster(component: Component) -> Cluster:
    """A cluster a page shows: its members by name, then id, and counted by kind."""
    counts: dict[str, int] = {}
    for member in component.members:
        counts[member[KIND_KEY]] = counts.get(member[KIND_KEY], 0) + 1
    members = sorted(component.members, key=lambda row: (row["name"], row["id"]))
    return Cluster(
        key=component.key,
        size=len(component.members),
        kinds=[
            KindCount(kind=KINDS[kind], count=count)
            for kind, count in sorted(counts.items(), key=lambda i: (-i[1], i[0]))
        ],
        component=Component(component.key, members, component.pairs, component.rows),
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
    after: Annotated[str | None, strawberry.argument(description="The endCursor of the page before.")] = None,
) -> Clusters:
    """Connected components over `via` relationships among nodes of `kinds` (each node in exactly one)."""
    policy = pages(info)
    size = policy.size("first", first, least=1)
    bounded("minSize", min_size, 1, policy.maximum)
    if via is not None and not via:
        raise BadRequest("via must name at least one relationship type, or be left out")
    cursor = after_values(after, CLUSTER_KEYS)
    among = tuple(chosen(kinds) or DEFAULT_KINDS)
    joined = tuple(sorted({type_.value for type_ in via})) if via else DEFAULT_VIA
    row = await ask(info, statement(among, joined, viewer_of(info.context)), asOf=as_of, lonely=min_size <= 1)
    assert row is not None
    found = components(row["nodes"], row["links"], min_size)
    listed = found
    if cursor is not None:
        last = (-int(str(cursor[0])), str(cursor[1]))
        listed = [component for component in found if (-len(component.members), component.key) > last]
    return Clusters(
        total=len(found),
        clusters=[_cluster(component) for component in listed[:size]],
        page_info=page_info(
            listed, size, lambda component: (len(component.members), component.key), CLUSTER_KEYS
        ),
    )
