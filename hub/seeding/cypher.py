"""Cypher for seeding. Labels and types come from the registry's kinds, never from seed-file text."""

from __future__ import annotations

from typing import LiteralString

from hub.model import ENTITY, NODE_KINDS, RELATIONSHIP_KINDS, NodeKind, RelationshipKind


def _label(kind: NodeKind) -> LiteralString:
    if NODE_KINDS.get(kind.label) is not kind:
        raise ValueError(f"{kind.label!r} is not a node kind of the registry")
    return kind.label


def _labels(kind: NodeKind) -> LiteralString:
    """`Kind:Entity[:Organisation]`: every label a node of the kind carries."""
    _label(kind)
    return ":".join(kind.labels)


def _type(kind: RelationshipKind) -> LiteralString:
    if RELATIONSHIP_KINDS.get(kind.type) is not kind:
        raise ValueError(f"{kind.type!r} is not a relationship kind of the registry")
    return kind.type


def _identifier(name: str) -> LiteralString:
    if not name.isidentifier() or not name.isascii():
        raise ValueError(f"{name!r} is not a plain property name")
    return name


_ENDS: LiteralString = (
    f"UNWIND $rows AS row MATCH (a:{ENTITY} {{id: row.start}}) MATCH (b:{ENTITY} {{id: row.end}})"
)
"""Match the nodes `a` and `b` that rows `{start, end, ...}` name, by the graph-wide unique id."""


def create_nodes(kind: NodeKind) -> LiteralString:
    """Create one node of a kind per row; the row is its property map (ids must be new).

    The properties are spelled out from the kind's model (absent ones are null, and not stored): creating
    the node with its properties is about twice as fast as `SET n = row` after it, which writes each node
    twice and checks the uniqueness constraints again.
    """
    props = ", ".join(f"{_identifier(name)}: row.{_identifier(name)}" for name in kind.properties)
    return f"UNWIND $rows AS row CREATE (n:{_labels(kind)} {{{props}}})"


def create_relationships(kind: RelationshipKind) -> LiteralString:
    """Create one relationship per row `{start, end, **properties}` between existing nodes.

    The properties are spelled out from the kind's model and read from flat rows: `SET r = row.props` makes
    the planner buffer every row (Eager), and nested maps cost the server more to read.
    """
    names = [_identifier(info.alias or name) for name, info in kind.properties.model_fields.items()]
    if {"start", "end"} & set(names):
        raise ValueError(f"{kind.type} has a property named start or end")
    props = ", ".join(f"{name}: row.{name}" for name in names)
    return f"{_ENDS} CREATE (a)-[r:{_type(kind)} {{{props}}}]->(b)"


def seed_create_node(kind: NodeKind) -> LiteralString:
    """Create rows `{id, props}` as nodes of a kind, stamped as the seed's (`$stamp`); version 0."""
    return f"UNWIND $rows AS row CREATE (n:{_labels(kind)} {{id: row.id}}) SET n += row.props, n += $stamp"


def seed_update_node(kind: NodeKind) -> LiteralString:
    """Set the changed properties of rows `{id, props, version}`, stamped as the seed's."""
    return (
        f"UNWIND $rows AS row MATCH (n:{_label(kind)} {{id: row.id}}) "
        "SET n += row.props, n += $stamp, n.version = row.version"
    )


def seed_reference(kind: NodeKind, reference: RelationshipKind) -> LiteralString:
    """Point rows `{id, end, props}`'s reference of a type at `end` (none when it is null)."""
    type_ = _type(reference)
    return (
        f"UNWIND $rows AS row MATCH (n:{_label(kind)} {{id: row.id}}) "
        f"CALL (n) {{ MATCH (n)-[old:{type_}]->() DELETE old }} "
        f"WITH n, row WHERE row.end IS NOT NULL MATCH (m:{ENTITY} {{id: row.end}}) "
        f"CREATE (n)-[r:{type_}]->(m) SET r = row.props, r += $stamp"
    )


def seed_create_edge(kind: RelationshipKind) -> LiteralString:
    """Create rows `{start, end, props}` as relationships, stamped as the seed's."""
    return f"{_ENDS} CREATE (a)-[r:{_type(kind)}]->(b) SET r = row.props, r += $stamp"


def seed_update_edge(kind: RelationshipKind) -> LiteralString:
    """Set the changed properties of rows `{start, end, props, version}`, stamped as the seed's."""
    return (
        f"{_ENDS} MATCH (a)-[r:{_type(kind)}]->(b) SET r += row.props, r += $stamp, r.version = row.version"
    )


SEEDED: LiteralString = "(coalesce({var}.updatedBy, 'seed') = 'seed')"
"""Whether the record `{var}` was written by the seed only, never through the API."""

DELETE_SYNTHETIC: LiteralString = (
    f"MATCH (n:{ENTITY} {{synthetic: true}}) "
    f"WHERE $overwrite OR ({SEEDED.format(var='n')} "
    f"AND NOT EXISTS {{ (n)-[r]-() WHERE NOT {SEEDED.format(var='r')} }})"
    " CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF $batch ROWS"
)
"""Delete the synthetic nodes (with their relationships) in transactions of `$batch` nodes: every one with
`$overwrite`, else those neither written nor linked to through the API."""
KEPT_SYNTHETIC: LiteralString = f"MATCH (n:{ENTITY} {{synthetic: true}}) RETURN n.id AS id"
"""The synthetic nodes left."""
