"""Node shapes, relationship lists and connections -> nested Cypher map expressions.

Everything nested is an expression (map literals, CASE, COLLECT / COUNT / EXISTS subqueries), so a
whole selection is one statement and every level returns exactly the fields asked for. Private
properties are read masked and private records are left out, as the scope's viewer requires.
"""

from __future__ import annotations

from hub.graphql.compiler.plan import (
    Branch,
    Connection,
    Field,
    Group,
    Member,
    NodeShape,
    RelatedNodes,
    Sort,
    Traversal,
    Value,
)
from hub.graphql.compiler.predicates import beyond, condition, sort_value
from hub.graphql.cypher.access import kinds_with, read, read_edge, visible
from hub.graphql.cypher.fragments import KIND_KEY, kind, labels, pattern, valid_on
from hub.graphql.cypher.scope import Scope
from hub.model import ENTITY


def value(scope: Scope, var: str, item: Value, kinds: tuple[str, ...] = ()) -> str:
    """A property of node (of one of `kinds`) or relationship `var`, masked where private."""
    shown = read(scope, var, kinds, item.property)
    return shown if item.default is None else f"coalesce({shown}, {scope.param(item.default)})"


def values_map(scope: Scope, rel: str, items: tuple[Field, ...]) -> str:
    """The selected properties of relationship `rel` (its provenance a nested map), as the viewer may see
    them."""
    entries = []
    for item in items:
        if isinstance(item, Group):
            entries.append(f"{item.key}: {values_map(scope, rel, item.values)}")
            continue
        shown = read_edge(scope, rel, item.property)
        default = "" if item.default is None else f", {scope.param(item.default)}"
        entries.append(f"{item.key}: {f'coalesce({shown}{default})' if default else shown}")
    return "{" + ", ".join(entries) + "}"


def member(scope: Scope, var: str, item: Member, kinds: tuple[str, ...]) -> str:
    if isinstance(item, Value):
        return value(scope, var, item, kinds)
    if isinstance(item, Group):
        return "{" + ", ".join(f"{v.key}: {value(scope, var, v, kinds)}" for v in item.values) + "}"
    if isinstance(item, RelatedNodes):
        return related(scope, var, item)
    return connection(scope, var, item)


def branch(scope: Scope, var: str, item: Branch) -> str:
    entries = [
        f"{KIND_KEY}: {kind(scope, var, item.labels)}",
        *(f"{m.key}: {member(scope, var, m, item.labels)}" for m in item.members),
    ]
    return "{" + ", ".join(entries) + "}"


def node(scope: Scope, var: str, shape: NodeShape) -> str:
    """The map of what `shape` reads from node `var`; a CASE over its kinds when they differ."""
    if not shape.branches:
        return "null"
    if len(shape.branches) == 1:
        return branch(scope, var, shape.branches[0])
    cases = " ".join(f"WHEN {var}:{labels(b.labels)} THEN {branch(scope, var, b)}" for b in shape.branches)
    return f"CASE {cases} END"


def order(scope: Scope, var: str, sort: Sort, rel: str | None = None) -> str:
    return ", ".join(
        f"{sort_value(scope, var, rel, key)} {'DESC' if key.descending else 'ASC'}" for key in sort.keys
    )


def sort_values(scope: Scope, var: str, sort: Sort, rel: str | None = None) -> str:
    return "[" + ", ".join(sort_value(scope, var, rel, key) for key in sort.keys) + "]"


def walk(scope: Scope, source: str, item: Traversal, rel: str, target: str) -> tuple[str, list[str]]:
    """The MATCH pattern of a traversal and its conditions (the viewer's visibility last)."""
    conditions = [] if item.where is None else [condition(scope, target, item.where)]
    if item.edge is not None:
        conditions.append(condition(scope, rel, item.edge, edge=True))
    if item.as_of is not None and item.relation.dated:
        conditions.append(valid_on(rel, scope.param(item.as_of)))
    conditions += visible(scope, target, item.relation.target_labels)
    return pattern(source, item.relation, rel, target), conditions


def _where(conditions: list[str]) -> str:
    return f" WHERE {' AND '.join(conditions)}" if conditions else ""


def rows(scope: Scope, item: Connection, match: str, base: list[str], rel: str, target: str) -> str:
    """The page's rows, one more than asked for: `[{node, sort[, properties]}]`."""
    page = item.page
    walked = rel if item.traversal is not None else None
    conditions = list(base)
    if page.after is not None:
        conditions.append(beyond(scope, target, item.sort, page.after, walked))
    if page.before is not None:
        conditions.append(beyond(scope, target, item.sort.reversed(), page.before, walked))
    sort = item.sort.reversed() if page.backward else item.sort
    row = [
        f"node: {node(scope, target, item.node)}",
        f"sort: {sort_values(scope, target, item.sort, walked)}",
    ]
    if item.properties:
        row.append(f"properties: {values_map(scope, rel, item.properties)}")
    keep = f"{rel}, {target}" if walked else target
    return (
        f"COLLECT {{ MATCH {match}{_where(conditions)} WITH {keep} "
        f"ORDER BY {order(scope, target, sort, walked)} "
        f"LIMIT {scope.param(page.size + 1)} RETURN {{{', '.join(row)}}} }}"
    )


def related(scope: Scope, source: str, item: RelatedNodes) -> str:
    """A relationship list: `COLLECT { MATCH … ORDER BY … LIMIT … RETURN {…} }`, or its first node."""
    rel, target = scope.var("r"), scope.var("n")
    match, conditions = walk(scope, source, item.traversal, rel, target)
    limit = "" if item.limit is None else f" LIMIT {scope.param(item.limit)}"
    keep = f"{rel}, {target}" if item.sort.by_edge else target
    collected = (
        f"COLLECT {{ MATCH {match}{_where(conditions)} "
        f"WITH {keep} ORDER BY {order(scope, target, item.sort, rel)}{limit} "
        f"RETURN {node(scope, target, item.node)} }}"
    )
    return f"{collected}[0]" if item.single else collected


def connection(scope: Scope, source: str | None, item: Connection) -> str:
    """A page of a connection: `{rows: [{node, sort[, properties]}], previous?, next?, total?}`.

    Rows are fetched one beyond the page size, so the response knows whether another page follows;
    `previous` / `next` say whether anything lies before `after` / beyond `before`.
    """
    rel, target = scope.var("r"), scope.var("n")
    if item.traversal is not None and source is not None:
        match, base = walk(scope, source, item.traversal, rel, target)
    else:
        label = item.label or ENTITY
        match = f"({target}:{label})"
        base = [] if item.where is None else [condition(scope, target, item.where)]
        base += visible(scope, target, kinds_with(label))
    page = item.page
    fields: list[str] = []
    if item.shape.edges or item.shape.page_info:
        fields.append(f"rows: {rows(scope, item, match, base, rel, target)}")
    if item.shape.wants_total:
        fields.append(f"total: COUNT {{ MATCH {match}{_where(base)} }}")
    # Whether anything lies on the far side of the cursor the page starts from.
    beside = (
        ("previous", "hasPreviousPage", page.after, item.sort)
        if not page.backward
        else ("next", "hasNextPage", page.before, item.sort.reversed())
    )
    name, wanted, cursor, towards = beside
    if cursor is not None and item.shape.wants(wanted):
        walked = rel if item.traversal is not None else None
        at_or_before = f"NOT {beyond(scope, target, towards, cursor, walked)}"
        fields.append(f"{name}: EXISTS {{ MATCH {match}{_where([*base, at_or_before])} }}")
    return "{" + ", ".join(fields) + "}"
