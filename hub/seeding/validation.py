"""Validation of the seed files as a whole: every record, then the graph they form together."""

from __future__ import annotations

from pathlib import Path

from hub.model.registry import RELATIONSHIP_KINDS
from hub.seeding.errors import SeedError, SeedValidationError, Where
from hub.seeding.files import read_seed_file, seed_paths
from hub.seeding.network import Network, SeedEdge, SeedNode
from hub.seeding.quotes import DOCUMENT, check_quotes
from hub.seeding.records import parse_edge, parse_node


def read_network(directory: Path) -> Network:
    """Read and validate every seed file in `directory`; SeedValidationError lists all problems at once."""
    paths = seed_paths(directory)
    errors = [] if paths else [SeedError(Where(str(directory)), "no seed files (*.yaml) found")]
    nodes: list[SeedNode] = []
    edges: list[SeedEdge] = []
    for path in paths:
        file = read_seed_file(path)
        if isinstance(file, SeedError):
            errors.append(file)
            continue
        for index, item in enumerate(file.nodes):
            node = parse_node(file, index, item)
            if isinstance(node, list):
                errors += node
            else:
                nodes.append(node)
        for index, item in enumerate(file.relationships):
            edge = parse_edge(file, index, item)
            if isinstance(edge, list):
                errors += edge
            else:
                edges.append(edge)
    by_id, id_errors = _index(nodes)
    all_edges = [edge for node in nodes for edge in reference_edges(node)] + edges
    errors += id_errors + _check_edges(all_edges, by_id) + _check_sources(nodes, edges, by_id)
    errors += check_quotes(directory, nodes, edges, by_id)
    if errors:
        raise SeedValidationError(errors)
    return Network(tuple(nodes), tuple(all_edges))


def reference_edges(node: SeedNode) -> list[SeedEdge]:
    """The relationships a node record declares through its reference fields (e.g. FundingFlow.funder)."""
    edges = []
    provenance = {"source": node.record.source, "section": node.record.section, "quotes": node.record.quotes}
    for field, type_ in node.kind.references.items():
        end = getattr(node.record, field)
        if end is not None:
            kind = RELATIONSHIP_KINDS[type_]
            record = kind.properties.model_validate(provenance)
            edges.append(SeedEdge(kind, node.record.id, end, record, node.where, field))
    return edges


def _index(nodes: list[SeedNode]) -> tuple[dict[str, SeedNode], list[SeedError]]:
    by_id: dict[str, SeedNode] = {}
    errors = []
    for node in nodes:
        first = by_id.setdefault(node.record.id, node)
        if first is not node:
            errors.append(SeedError(node.where, f"duplicate id {node.record.id!r}, first at {first.where}"))
    return by_id, errors


def _check_edges(edges: list[SeedEdge], by_id: dict[str, SeedNode]) -> list[SeedError]:
    errors = []
    seen: dict[tuple[str, str, str], SeedEdge] = {}
    singles: dict[tuple[str, str], SeedEdge] = {}
    for edge in edges:
        type_ = edge.kind.type
        for key, node_id, allowed, verb in (
            ("from", edge.start, edge.kind.sources, "start at"),
            (edge.field, edge.end, edge.kind.targets, "end at"),
        ):
            node = by_id.get(node_id)
            if node is None:
                errors.append(SeedError(edge.where, f"{key}: unknown id {node_id!r}"))
            elif node.kind.label not in allowed:
                errors.append(
                    SeedError(
                        edge.where,
                        f"{key}: {type_} cannot {verb} {node.kind.label} {node_id!r}"
                        f" (allowed: {', '.join(sorted(allowed))})",
                    )
                )
        first = seen.setdefault((edge.start, type_, edge.end), edge)
        if first is not edge:
            errors.append(SeedError(edge.where, f"duplicate {type_} relationship, first at {first.where}"))
        elif edge.kind.single:
            other = singles.setdefault((edge.start, type_), edge)
            if other is not edge:
                errors.append(
                    SeedError(
                        edge.where,
                        f"{edge.start!r} may have one {type_} relationship only;"
                        f" it already has one to {other.end!r} ({other.where})",
                    )
                )
    return errors


def _check_sources(
    nodes: list[SeedNode], edges: list[SeedEdge], by_id: dict[str, SeedNode]
) -> list[SeedError]:
    """Every provenance `source` must be the id of a Document node in the seeds."""
    errors = []
    records = [(n.where, n.record.source) for n in nodes] + [(e.where, e.record.source) for e in edges]
    for where, source in records:
        document = by_id.get(source) if source is not None else None
        if document is None or document.kind.label != DOCUMENT:
            errors.append(SeedError(where, f"source: {source!r} is not the id of a {DOCUMENT} in the seeds"))
    return errors
