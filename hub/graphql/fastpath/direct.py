"""Completing a compiled root field's raw result into its response in one pass, directed by its plan.

The statement's result is read once: each value goes from the record straight to its response form (global
ids, cursors, dates and every leaf serialised per the schema), under the response keys graphql-core
collects. A cursor is encoded only where one is selected. Anything unusual raises, and the field is then
shaped (hub.graphql.compiler.shape) and completed by graphql-core as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLObjectType,
    GraphQLOutputType,
    get_named_type,
    get_nullable_type,
    is_abstract_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
)
from graphql.execution.collect_fields import FieldDetailsList

from hub.graphql.compiler import shape
from hub.graphql.compiler.plan import (
    Aggregate,
    Connection,
    Field,
    Group,
    Member,
    NodeLookup,
    NodeShape,
    RelatedNodes,
    Value,
)
from hub.graphql.cypher.fragments import KIND_KEY
from hub.graphql.fastpath.complete import TYPENAME, Complete, Completion, wrapped
from hub.graphql.fastpath.leaves import Unusual, serialiser, unchanged
from hub.graphql.ids import cursor_text, global_id


def direct(completion: Completion, type_: GraphQLOutputType, details: FieldDetailsList, how: Any) -> Complete:
    """The completer of a root field's raw result, when it was shaped by `how` (a `shape.Shaping`); a
    ValueError when its plan is not one completed here."""
    if isinstance(how, shape.Shaping):
        plan = how.plan
        if how.shape is shape.connection and isinstance(plan, Connection):
            return _objects(type_, lambda named: _connection(completion, named, details, plan))
        if isinstance(plan, NodeLookup) and not plan.malformed:
            nodes = wrapped(type_, lambda named: _node(completion, named, details, plan.node))
            if how.shape is shape.lookup:
                return lambda raw: nodes([row["node"] for row in raw])
            if how.shape is shape.found:
                return lambda raw: nodes(raw[0]["node"])
        if how.shape is shape.groups and isinstance(plan, Aggregate):
            return wrapped(type_, lambda named: _group(completion, named, details, plan))
    raise ValueError("not completed in one pass")


def _node(completion: Completion, type_: Any, details: FieldDetailsList, plan: NodeShape) -> Complete:
    """A node of `plan` as the object of its kind; for an abstract type, built for each kind when first
    met."""
    if not is_abstract_type(type_):
        return _object(completion, type_, details, plan, type_.name)
    possible = {runtime.name: runtime for runtime in completion.schema.get_possible_types(type_)}
    by_kind: dict[Any, Complete] = {}

    def complete(raw: Any) -> Any:
        kind = raw[KIND_KEY]
        found = by_kind.get(kind)
        if found is None:
            if kind not in possible:
                raise Unusual("unknown kind")
            found = by_kind[kind] = _object(completion, possible[kind], details, plan, kind)
        return found(raw)

    return complete


def _objects(type_: GraphQLOutputType, named: Callable[[Any], Complete]) -> Complete:
    """`wrapped`, but a non-null object completed without a check of its own: a null fails in it anyway."""
    if is_non_null_type(type_) and not is_list_type(type_.of_type):
        return named(type_.of_type)
    return wrapped(type_, named)


def _object(
    completion: Completion, type_: GraphQLObjectType, details: FieldDetailsList, plan: NodeShape, kind: str
) -> Complete:
    """The selected fields of a node of `kind`, each read from its member of the plan's branch.

    A value its field's type serialises as it is (a string, a boolean, a null where allowed) is taken
    without a call: most values of a large page are."""
    members = {member.alias: member for member in plan.by_kind[kind].members}
    entries: list[tuple[str, str, type | None, bool, Complete, Complete]] = []
    for key, group in completion.fields(type_, details).items():
        name = group[0].node.name.value
        if name == TYPENAME:  # the kind, checked below to be this type's name
            entries.append((key, KIND_KEY, str, False, _constant(kind), _constant(kind)))
            continue
        member, field_type = members[key], type_.fields[name].type
        complete = _member(completion, field_type, group, member, kind)
        leaf = get_nullable_type(field_type)
        if isinstance(member, Value) and not member.global_id and is_leaf_type(leaf):
            nullable = not is_non_null_type(field_type)
            entries.append((key, member.key, unchanged(leaf), nullable, serialiser(leaf), complete))
        else:
            entries.append((key, member.key, None, False, complete, complete))

    def complete_object(raw: dict[str, Any]) -> dict[str, Any]:
        if raw[KIND_KEY] != kind:
            raise Unusual("not a map of this kind")
        completed: dict[str, Any] = {}
        for key, at, passes, nullable, serialise, complete in entries:
            value = raw[at]
            if type(value) is passes:
                completed[key] = value
            elif value is None:
                completed[key] = None if nullable else complete(value)
            else:
                completed[key] = serialise(value)
        return completed

    return complete_object


def _member(
    completion: Completion, type_: GraphQLOutputType, details: FieldDetailsList, member: Member, kind: str
) -> Complete:
    """One member's value read from its key of the node's map."""
    if isinstance(member, Value):
        leaf = completion.of(type_, details)
        if not member.global_id:
            return leaf
        if unchanged(get_nullable_type(type_)) is str:
            return lambda slug: global_id(kind, slug)
        return lambda slug: leaf(global_id(kind, slug))
    if isinstance(member, Group):
        values, fields = completion.of(type_, details), member.values
        return lambda raw: values(shape.values(fields, raw))
    if isinstance(member, RelatedNodes):
        node_shape = member.node
        return _objects(type_, lambda named: _node(completion, named, details, node_shape))
    connection = member
    return _objects(type_, lambda named: _connection(completion, named, details, connection))


def _connection(completion: Completion, type_: Any, details: FieldDetailsList, plan: Connection) -> Complete:
    """A page of a connection: `{rows, previous?, next?, total?}` -> edges, pageInfo and totalCount."""
    page, keys = plan.page, plan.sort.cursor_keys
    page_info = dict(plan.shape.page_info)
    parts: list[tuple[str, str, Complete]] = []
    for key, group in completion.fields(type_, details).items():
        name = group[0].node.name.value
        if name == TYPENAME:
            parts.append((key, name, _constant(type_.name)))
        elif name == "edges":
            parts.append((key, name, _edges(completion, type_.fields[name].type, group, plan, key)))
        elif name in ("pageInfo", "totalCount"):
            parts.append((key, name, completion.of(type_.fields[name].type, group)))
        else:
            raise ValueError(name)

    def cursor(row: dict[str, Any]) -> str:
        return cursor_text(keys, shape.scalar(row["sort"]))

    def info(raw: dict[str, Any], rows: list[Any], more: bool, name: str) -> Any:
        if name == "hasNextPage":
            return more if not page.backward else bool(raw.get("next", False))
        if name == "hasPreviousPage":
            return more if page.backward else bool(raw.get("previous", False))
        if not rows:
            return None
        return cursor(rows[0] if name == "startCursor" else rows[-1])

    def complete(raw: dict[str, Any]) -> dict[str, Any]:
        rows = raw.get("rows", [])
        more = len(rows) > page.size
        rows = rows[: page.size][::-1] if page.backward else rows[: page.size]
        completed: dict[str, Any] = {}
        for key, name, part in parts:
            if name == "edges":
                completed[key] = part(rows)
            elif name == "pageInfo":
                completed[key] = part(
                    {alias: info(raw, rows, more, field) for alias, field in page_info[key]}
                )
            elif name == "totalCount":
                completed[key] = part(raw.get("total"))
            else:
                completed[key] = part(raw)
        return completed

    return complete


def _edges(
    completion: Completion, type_: GraphQLOutputType, details: FieldDetailsList, plan: Connection, alias: str
) -> Complete:
    """The page's rows as the edges selected under `alias`: a cursor encoded only when selected."""
    edge = get_named_type(type_)
    if not is_object_type(edge):
        raise ValueError("edges of no object type")
    properties = dict(next(edges for edges in plan.shape.edges if edges.alias == alias).properties)
    entries: list[tuple[str, Complete]] = []
    for key, group in completion.fields(edge, details).items():
        name = group[0].node.name.value
        if name == TYPENAME:
            entries.append((key, _constant(edge.name)))
        else:
            part = _edge_part(completion, edge.fields[name].type, group, plan, name, properties.get(key, ()))
            entries.append((key, part))

    def one(row: dict[str, Any]) -> dict[str, Any]:
        return {key: part(row) for key, part in entries}

    if is_non_null_type(type_) and is_list_type(type_.of_type) and is_non_null_type(type_.of_type.of_type):
        return lambda rows: [one(row) for row in rows]
    return wrapped(type_, lambda _: one)


def _edge_part(
    completion: Completion,
    type_: GraphQLOutputType,
    details: FieldDetailsList,
    plan: Connection,
    name: str,
    properties: tuple[Field, ...],
) -> Complete:
    """One field of an edge, read from its row `{node, sort[, properties]}`."""
    if name == "cursor":
        strings, keys = completion.of(type_, details), plan.sort.cursor_keys
        return lambda row: strings(cursor_text(keys, shape.scalar(row["sort"])))
    if name == "node":
        nodes = _objects(type_, lambda named: _node(completion, named, details, plan.node))
        return lambda row: nodes(row["node"])
    if name == "properties":
        values = completion.of(type_, details)
        return lambda row: values(shape.values(properties, row["properties"]))
    raise ValueError(name)


def _group(completion: Completion, type_: Any, details: FieldDetailsList, plan: Aggregate) -> Complete:
    """A group of an aggregate: `{key, count, <measure>…}` -> its key's selected dimensions (a
    relationship's as the node at its end), its count and each measure's selected functions."""
    items = {item.alias: item for item in plan.groups}
    parts: list[tuple[str, Complete]] = []
    for key, group in completion.fields(type_, details).items():
        name = group[0].node.name.value
        if name == TYPENAME:
            parts.append((key, _constant(type_.name)))
            continue
        field_type = type_.fields[name].type
        if name == "key":
            parts.append((key, _read("key", _objects(field_type, _keys_of(completion, group, plan)))))
        elif items[key].functions:
            parts.append((key, _summary(completion.of(field_type, group), name, items[key].functions)))
        else:
            parts.append((key, _read(name, completion.of(field_type, group))))

    def complete(raw: dict[str, Any]) -> dict[str, Any]:
        return {key: part(raw) for key, part in parts}

    return complete


def _read(at: str, complete: Complete) -> Complete:
    return lambda raw: complete(raw[at])


def _summary(complete: Complete, at: str, functions: tuple[tuple[str, str], ...]) -> Complete:
    """A measure's selected functions, from its summary map `{min, max, sum, avg, count}`."""
    return lambda raw: complete({alias: shape.scalar(raw[at][function]) for alias, function in functions})


def _keys_of(completion: Completion, details: FieldDetailsList, plan: Aggregate) -> Callable[[Any], Complete]:
    return lambda named: _key(completion, named, details, plan)


def _nodes_of(
    completion: Completion, details: FieldDetailsList, plan: NodeShape
) -> Callable[[Any], Complete]:
    return lambda named: _node(completion, named, details, plan)


def _key(completion: Completion, type_: Any, details: FieldDetailsList, plan: Aggregate) -> Complete:
    """A group's key: each selected dimension, a relationship's as the node at its end (or null)."""
    dimensions, shapes = dict(plan.key_fields), dict(plan.key_nodes)
    parts: list[tuple[str, Complete]] = []
    for key, group in completion.fields(type_, details).items():
        name = group[0].node.name.value
        if name == TYPENAME:
            parts.append((key, _constant(type_.name)))
            continue
        field_type = type_.fields[name].type
        if dimensions[key] in shapes:
            nodes = _objects(field_type, _nodes_of(completion, group, shapes[dimensions[key]]))
            parts.append((key, _read(dimensions[key], nodes)))
        else:
            parts.append((key, _scalar(dimensions[key], completion.of(field_type, group))))

    def complete(raw: dict[str, Any]) -> dict[str, Any]:
        return {key: part(raw) for key, part in parts}

    return complete


def _scalar(at: str, complete: Complete) -> Complete:
    """A dimension's value; a dimension no node had is absent from the key, so null."""
    return lambda raw: complete(shape.scalar(raw.get(at)))


def _constant(value: str) -> Complete:
    return lambda _: value
