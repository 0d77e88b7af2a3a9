"""Graphs for the privacy property, built from whatever the model declares, and the same graphs with what a
viewer may not see taken out.

For every kind with private properties or private records the graph holds records owned by partner A,
by partner B and by a neutral organisation C (private properties carry marker values; a private record
is private as its kind declares), every relationship type the kind takes part in, and a public record
of every kind joined by every relationship type, so that every root field can reach the private data.
Holds no tests itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from neo4j import AsyncDriver

from hub.graphql.catalog import CATALOG
from hub.graphql.ids import global_id
from hub.graphql.operators import Scalar
from hub.model import NODE_KINDS, RELATIONSHIP_KINDS, NodeKind
from hub.model.kinds import UPDATED_BY

PARTNER_A, PARTNER_B, NEUTRAL = "partner-a", "partner-b", "neutral-c"
"""The organisations that own records: the two partner viewers' own, and one nobody views as."""
ORGANISATIONS = {PARTNER_A: "School", PARTNER_B: "Company", NEUTRAL: "Municipality"}


@dataclass
class Node:
    kind: str
    id: str
    properties: dict[str, Any]

    @property
    def global_id(self) -> str:
        return global_id(self.kind, self.id)


@dataclass(frozen=True)
class Rel:
    type: str
    start: str
    end: str
    properties: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass
class Graph:
    nodes: dict[str, Node] = field(default_factory=dict)
    rels: list[Rel] = field(default_factory=list)

    def add(self, kind: str, id_: str, properties: dict[str, Any]) -> Node:
        node = self.nodes[id_] = Node(kind, id_, {"id": id_, **properties})
        return node

    def link(self, type_: str, start: str, end: str) -> None:
        kind = RELATIONSHIP_KINDS[type_]
        taken = any(rel.type == type_ and rel.start == start for rel in self.rels)
        if start != end and not (kind.single and taken) and Rel(type_, start, end) not in self.rels:
            self.rels.append(Rel(type_, start, end, {"role": "partner"} if _has_role(type_) else {}))


def _has_role(type_: str) -> bool:
    return "role" in RELATIONSHIP_KINDS[type_].properties.model_fields


def private_kinds() -> list[NodeKind]:
    """The kinds the model declares private properties or private records for."""
    return [kind for kind in NODE_KINDS.values() if kind.private or kind.private_when]


class Values:
    """Model-valid property values, and marker values for private properties (each one distinct)."""

    def __init__(self) -> None:
        self.count = 0
        self.markers: dict[str, str] = {}
        """Marker value (as it appears in JSON) -> the id of the node holding it."""

    def of(self, kind: NodeKind, node_id: str, hidden: bool) -> dict[str, Any]:
        values: dict[str, Any] = {"synthetic": False}
        for prop in CATALOG[kind.label].properties.values():
            name = prop.property
            if name in ("id", "synthetic") or prop.name == "slug":
                continue
            self.count += 1
            if kind.private_when and name == kind.private_when[0]:
                values[name] = self.record_status(kind, hidden)
            elif name in kind.private_properties:
                values[name] = self.marker(prop.scalar, node_id)
            elif name == "name":
                values[name] = f"{'Secret' if hidden else 'Alpha'} {kind.label} {node_id}"
            else:
                values[name] = self.plain(prop.scalar, prop.enum, name)
        return values

    def record_status(self, kind: NodeKind, hidden: bool) -> str:
        assert kind.private_when is not None
        prop, private = kind.private_when
        enum = CATALOG[kind.label].properties[prop].enum
        choices = [str(member.value) for member in enum] if enum else ["public", *sorted(private)]
        return sorted(private)[0] if hidden else next(c for c in choices if c not in private)

    def marker(self, scalar: Scalar, node_id: str) -> Any:
        value: Any
        if scalar is Scalar.STRING:
            value = f"PRIVATE-{self.count}-{node_id}"
        elif scalar is Scalar.FLOAT:
            value = 9_100_000.25 + self.count
        elif scalar is Scalar.INT:
            value = 91_000 + self.count
        else:
            raise TypeError(f"no marker for a private {scalar}")
        self.markers[str(value)] = node_id
        return value

    def plain(self, scalar: Scalar, enum: Any, name: str) -> Any:
        if scalar is Scalar.ENUM:
            return str(next(iter(enum)).value)
        if scalar is Scalar.INT:
            return 2015 + self.count % 5
        if scalar is Scalar.FLOAT:
            return 1.5 + self.count % 7
        if scalar is Scalar.DATE:
            return dt.date(2018, 1, 1) + dt.timedelta(days=self.count)
        if scalar is Scalar.DATETIME:
            return dt.datetime(2020, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=self.count)
        if scalar is Scalar.BOOLEAN:
            return False
        return f"{name} {self.count}"


def slug(label: str) -> str:
    return "".join(f"-{c.lower()}" if c.isupper() else c for c in label).strip("-")


def build() -> tuple[Graph, Values]:
    """The graph described above, and the values that mark private data."""
    graph, values = Graph(), Values()
    for org, label in ORGANISATIONS.items():
        graph.add(label, org, values.of(NODE_KINDS[label], org, hidden=False))
    fillers: dict[str, str] = {}
    for label, kind in NODE_KINDS.items():
        fillers[label] = f"{slug(label)}-public"
        graph.add(label, fillers[label], values.of(kind, fillers[label], hidden=False))
    for kind in private_kinds():
        for owner in ORGANISATIONS:
            for hidden in (False, True) if kind.private_when else (False,):
                node_id = f"{'secret' if hidden else 'owned'}-{slug(kind.label)}-{owner}"
                graph.add(kind.label, node_id, values.of(kind, node_id, hidden))
                for index, type_ in enumerate(kind.owners):
                    graph.link(type_, node_id, owner if index == 0 else NEUTRAL)
    _join(graph, fillers)
    for rel in graph.rels:
        rel.properties[UPDATED_BY] = values.marker(Scalar.STRING, f"{rel.start}-{rel.type}")
    return graph, values


def _join(graph: Graph, fillers: dict[str, str]) -> None:
    """Every relationship type between the public records, and from and to every other node."""
    for type_, rel in sorted(RELATIONSHIP_KINDS.items()):
        sources, targets = sorted(rel.sources), sorted(rel.targets)
        graph.link(type_, fillers[sources[0]], fillers[targets[-1]])
        for node in list(graph.nodes.values()):
            if node.kind in rel.sources:
                graph.link(type_, node.id, fillers[targets[0]])
            if node.kind in rel.targets and node.id != fillers.get(node.kind):
                graph.link(type_, fillers[sources[-1]], node.id)


@dataclass(frozen=True)
class Viewer:
    name: str
    org: str | None = None
    read_all: bool = False


def owned(graph: Graph, node: Node, viewer: Viewer) -> bool:
    """Whether `viewer` may see the node's private data: it reads everything, or the node is its
    organisation, or reaches it by one of the kind's owner types."""
    if viewer.read_all:
        return True
    if viewer.org is None:
        return False
    kind = NODE_KINDS[node.kind]
    if kind.organisation:
        return node.id == viewer.org
    return any(
        rel.start == node.id and rel.type in kind.owners and rel.end == viewer.org for rel in graph.rels
    )


def hidden(graph: Graph, node: Node, viewer: Viewer) -> bool:
    """Whether the node is a private record the viewer may not see."""
    rule = NODE_KINDS[node.kind].private_when
    private = rule is not None and node.properties.get(rule[0]) in rule[1]
    return private and not owned(graph, node, viewer)


def redacted(graph: Graph, viewer: Viewer) -> Graph:
    """The graph as the viewer may see it: hidden records gone, private properties it does not own unset."""
    kept = Graph()
    for node in graph.nodes.values():
        if hidden(graph, node, viewer):
            continue
        private = set() if owned(graph, node, viewer) else NODE_KINDS[node.kind].private_properties
        properties = {key: value for key, value in node.properties.items() if key not in private}
        kept.nodes[node.id] = replace(node, properties=properties)
    kept.rels = [
        replace(
            rel, properties={k: v for k, v in rel.properties.items() if viewer.read_all or k != UPDATED_BY}
        )
        for rel in graph.rels
        if rel.start in kept.nodes and rel.end in kept.nodes
    ]
    return kept


def secrets(graph: Graph, values: Values, viewer: Viewer) -> set[str]:
    """What must not reach the viewer: the ids, global ids and names of records hidden from it, and the
    values of private properties it does not own."""
    found: set[str] = set()
    for node in graph.nodes.values():
        if hidden(graph, node, viewer):
            found |= {node.id, node.global_id, str(node.properties["name"])}
        if not owned(graph, node, viewer):
            private = NODE_KINDS[node.kind].private_properties
            found |= {str(value) for key, value in node.properties.items() if key in private}
    if not viewer.read_all:
        found |= {str(rel.properties[UPDATED_BY]) for rel in graph.rels}
    return found


async def load(driver: AsyncDriver, graph: Graph) -> None:
    """Replace the database's content with the graph, labelled as the model declares."""
    await driver.execute_query("MATCH (n) WHERE NOT n:__HubMigration DETACH DELETE n")
    for label, kind in NODE_KINDS.items():
        rows = [node.properties for node in graph.nodes.values() if node.kind == label]
        if rows:
            labels = ":".join(kind.labels)
            await driver.execute_query(f"UNWIND $rows AS row CREATE (n:{labels}) SET n = row", {"rows": rows})
    for type_ in RELATIONSHIP_KINDS:
        rows = [
            {"start": rel.start, "end": rel.end, "properties": rel.properties}
            for rel in graph.rels
            if rel.type == type_
        ]
        if rows:
            await driver.execute_query(
                "UNWIND $rows AS row MATCH (a:Entity {id: row.start}) MATCH (b:Entity {id: row.end}) "
                f"CREATE (a)-[r:{type_}]->(b) SET r = row.properties",
                {"rows": rows},
            )
