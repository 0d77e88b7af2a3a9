"""The file formats an export is written in: GraphML and GEXF (networkx's writers), and CSV tables of the
nodes and of the edges in the columns Gephi's and Cytoscape's spreadsheet imports read (`Id`, `Label`;
`Source`, `Target`, `Type`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import networkx as nx

from hub.export.graph import Graph


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    write: Callable[[Graph], Iterator[str]]


def _columns(rows: list[dict[str, object]], first: list[str]) -> list[str]:
    seen = dict.fromkeys(first)
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def _table(rows: list[dict[str, object]], first: list[str]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, _columns(rows, first), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    yield buffer.getvalue()


def _nodes_csv(graph: Graph) -> Iterator[str]:
    rows = [{"Id": node, "Label": data.get("name", node)} | data for node, data in graph.nodes(data=True)]
    return _table(rows, ["Id", "Label"])


def _edges_csv(graph: Graph) -> Iterator[str]:
    rows = [
        {"Source": start, "Target": end, "Type": "Directed", "Id": key if key is not None else ""}
        | {("Relationship" if name == "type" else name): value for name, value in data.items()}
        for start, end, key, data in graph.edges(keys=True, data=True)
    ]
    return _table(rows, ["Source", "Target", "Type", "Id"])


def _graphml(graph: Graph) -> Iterator[str]:
    for line in nx.generate_graphml(graph, named_key_ids=True):
        yield line + "\n"


def _gexf(graph: Graph) -> Iterator[str]:
    labelled = graph.copy()
    for _, data in labelled.nodes(data=True):
        if "name" in data:
            data["label"] = data["name"]
    for line in nx.generate_gexf(labelled):
        yield line + "\n"


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("graphml", "application/graphml+xml", _graphml),
        Format("gexf", "application/gexf+xml", _gexf),
        Format("nodes.csv", "text/csv; charset=utf-8", _nodes_csv),
        Format("edges.csv", "text/csv; charset=utf-8", _edges_csv),
    )
}
"""By the suffix an export's name ends in."""
