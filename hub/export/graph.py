"""A GraphQL answer as a graph: the nodes and relationships it holds, whatever operation gave it.

The answer is walked once. What is a node and what is an edge follows from the shapes the schema's domain
types give them, so any selection of theirs exports:

- a node is an object with a `name` and an `id` or a `slug`, whichever the selection has (every
  `EntityRef`: neighbourhood nodes, path nodes, cluster members, trace nodes, candidates); its other scalar
  fields are its attributes, and a cluster's members also get the cluster's `key`;
- an edge is an object with `type` and its ends as ids, `source`/`target` (neighbourhood edges) or
  `from`/`to` (path relationships); the scalar values of its `properties` are its attributes; one
  relationship met twice (on two paths) is one edge;
- a funding flow (an object with `funder` and `recipient`) is an edge from the funder to the recipient,
  typed `FUNDING_FLOW`, with the flow's amount, status, year and the rest of its scalar fields.

A node selected by `slug` alone is the node of that slug selected with its `id` elsewhere in the answer, so
edges (whose ends are global ids) meet it.

An edge whose end is not among the answer's nodes still gets that end, with its id only. Values that are
null are left out (GraphML and GEXF have no null).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeAlias

import networkx as nx

Attributes = dict[str, str | int | float | bool]
if TYPE_CHECKING:
    Graph: TypeAlias = nx.MultiDiGraph[str]
else:
    Graph = nx.MultiDiGraph
FLOW = "FUNDING_FLOW"


def _scalars(row: Mapping[str, Any]) -> Attributes:
    return {key: value for key, value in row.items() if isinstance(value, str | int | float | bool)}


def _aliases(value: Any, found: dict[str, str]) -> dict[str, str]:
    """The global id of every slug the answer also gives with its id."""
    if isinstance(value, list):
        for item in value:
            _aliases(item, found)
    elif isinstance(value, Mapping):
        if isinstance(value.get("id"), str) and isinstance(value.get("slug"), str):
            found[value["slug"]] = value["id"]
        for item in value.values():
            _aliases(item, found)
    return found


def _ends(row: Mapping[str, Any]) -> tuple[str, str] | None:
    for start, end in (("source", "target"), ("from", "to")):
        if isinstance(row.get(start), str) and isinstance(row.get(end), str) and "type" in row:
            return row[start], row[end]
    return None


def _flow_ends(row: Mapping[str, Any]) -> tuple[Mapping[str, Any], Mapping[str, Any]] | None:
    funder, recipient = row.get("funder"), row.get("recipient")
    if isinstance(funder, Mapping) and isinstance(recipient, Mapping):
        return funder, recipient
    return None


class _Collector:
    def __init__(self, aliases: dict[str, str]) -> None:
        self.graph: Graph = nx.MultiDiGraph()
        self.aliases = aliases

    def identity(self, row: Mapping[str, Any]) -> str | None:
        if row.get("id") is not None:
            return str(row["id"])
        slug = row.get("slug")
        return None if slug is None else self.aliases.get(str(slug), str(slug))

    def node(self, row: Mapping[str, Any], extra: Attributes) -> None:
        identifier = self.identity(row)
        assert identifier is not None
        attributes = {key: value for key, value in (_scalars(row) | extra).items() if key != "id"}
        known = self.graph.nodes[identifier] if identifier in self.graph else {}
        self.graph.add_node(identifier, **(dict(known) | attributes))

    def edge(self, start: str, end: str, key: str, attributes: Attributes) -> None:
        for identifier in (start, end):
            if identifier not in self.graph:
                self.graph.add_node(identifier)
        if self.graph.has_edge(start, end, key):
            return
        self.graph.add_edge(start, end, key=key, **attributes)

    def walk(self, value: Any, extra: Attributes) -> None:
        if isinstance(value, list):
            for item in value:
                self.walk(item, extra)
            return
        if not isinstance(value, Mapping):
            return
        ends = _ends(value)
        flow = _flow_ends(value)
        if flow is not None and None in (self.identity(flow[0]), self.identity(flow[1])):
            flow = None
        if ends is not None:
            properties = value.get("properties")
            attributes = _scalars(properties) if isinstance(properties, Mapping) else {}
            attributes |= {
                k: v for k, v in _scalars(value).items() if k not in ("source", "target", "from", "to")
            }
            key = str(attributes.pop("id", attributes["type"]))
            self.edge(*ends, key, attributes)
        elif flow is not None:
            funder, recipient = flow
            attributes = {key: item for key, item in _scalars(value).items() if key != "id"} | {"type": FLOW}
            for end in flow:
                self.node(end, {})
            key = self.identity(value) or str(self.graph.number_of_edges())
            self.edge(str(self.identity(funder)), str(self.identity(recipient)), key, attributes)
        elif "name" in value and self.identity(value) is not None:
            self.node(value, extra)
        inner = extra | ({"cluster": value["key"]} if "members" in value and "key" in value else {})
        for key, item in value.items():
            if isinstance(item, Mapping | list) and (flow is None or key not in ("funder", "recipient")):
                self.walk(item, inner)


def graph_of(data: Mapping[str, Any]) -> Graph:
    """The nodes and edges in a GraphQL answer's `data`."""
    collector = _Collector(_aliases(data, {}))
    collector.walk(data, {})
    return collector.graph
