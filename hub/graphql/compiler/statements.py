"""Root fields -> statements. Each returns a single row whose `result` column is the whole answer.

Each statement reads for a viewer: private records are filtered after the index-backed match or seek of
the nodes, and private properties are masked in the projection.
"""

from __future__ import annotations

from hub.graphql import cost
from hub.graphql.compiler.plan import Aggregate, Connection, NodeLookup, SearchHits, Value
from hub.graphql.compiler.predicates import condition
from hub.graphql.compiler.projection import connection, node, value
from hub.graphql.cypher.access import ANY_KIND, kinds_with, read, shown, visible
from hub.graphql.cypher.fragments import pattern
from hub.graphql.cypher.scope import Scope, Statement
from hub.graphql.cypher.viewer import Viewer
from hub.model import ENTITY

FULLTEXT_INDEX = "entity_text"
"""The full-text index of every node's name and description, folding accents and case (graph_schema/V007)."""


def priced(scope: Scope, result: str, work: str | None) -> Statement:
    """`RETURN result`, or, when its `where` walks relationships, the result only when its priced work
    is within the limit, and the estimate beside it."""
    if work is None:
        return scope.statement(f"RETURN {result} AS result")
    return scope.statement(
        f"WITH {work} AS estimate "
        f"RETURN CASE WHEN estimate <= {cost.LIMIT} THEN {result} END AS result, estimate AS {cost.ESTIMATE}"
    )


def connection_statement(plan: Connection, viewer: Viewer) -> Statement:
    """A root collection: one page, with whatever page info and count was selected."""
    scope = Scope(viewer)
    work = cost.filtered(kinds_with(plan.label or ENTITY), plan.where)
    return priced(scope, connection(scope, None, plan), work)


def lookup_statement(plan: NodeLookup, viewer: Viewer) -> Statement:
    """Nodes by (label, slug), in the order asked (a label of None: any kind); a missing or hidden one comes
    back as `{node: null}`."""
    scope = Scope(viewer)
    ids = scope.param([list(pair) for pair in plan.ids])
    ref, found = scope.var("ref"), scope.var("n")
    kind = f"({ref}[0] IS NULL OR {ref}[0] IN labels({found}))"
    conditions = " AND ".join([kind, *visible(scope, found, ANY_KIND)])
    return scope.statement(
        f"RETURN COLLECT {{ UNWIND {ids} AS {ref} "
        f"OPTIONAL MATCH ({found}:{ENTITY} {{id: {ref}[1]}}) WHERE {conditions} "
        f"RETURN {{node: CASE WHEN {found} IS NULL THEN null "
        f"ELSE {node(scope, found, plan.node)} END}} }} AS result"
    )


def search_statement(plan: SearchHits, viewer: Viewer) -> Statement:
    """Full-text hits, best first, optionally of some kinds only; none for a query without words."""
    scope = Scope(viewer)
    if not plan.query:
        return scope.statement("RETURN [] AS result")
    hit, score = scope.var("n"), scope.var("score")
    conditions = (
        [f"any(label IN labels({hit}) WHERE label IN {scope.param(list(plan.kinds))})"] if plan.kinds else []
    )
    query = scope.param(plan.query)
    conditions += visible(scope, hit, plan.kinds or ANY_KIND)
    if plan.after is not None:
        after_score, after_id = (scope.param(value) for value in plan.after.values)
        conditions.append(f"({score} < {after_score} OR {score} = {after_score} AND {hit}.id > {after_id})")
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    return scope.statement(
        f"RETURN COLLECT {{ CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', {query}) "
        f"YIELD node AS {hit}, score AS {score}{where} "
        f"WITH {hit}, {score} ORDER BY {score} DESC, {hit}.id ASC LIMIT {scope.param(plan.first)} "
        f"RETURN {{score: {score}, id: {hit}.id, node: {node(scope, hit, plan.shape)}}} }} AS result"
    )


def _summary(var: str, functions: tuple[str, ...]) -> str:
    """A measure's summary of the values in `var` over a group, as a map; each null where there is no
    value (as min, max and avg already are)."""
    entries = [
        f"sum: CASE count({var}) WHEN 0 THEN null ELSE sum({var}) END"
        if name == "sum"
        else f"{name}: {name}({var})"
        for name in functions
    ]
    return "{" + ", ".join(entries) + "}"


def aggregate_statement(plan: Aggregate, viewer: Viewer) -> Statement:
    """The nodes of a type visible to the viewer, grouped by the chosen dimensions: how many, and each
    measure summarised. Every value is read as the viewer may see it (a hidden one is null: never grouped
    by nor summed); an end hidden from it groups as none; a node with several ends of a relationship
    dimension counts once under each of them."""
    scope = Scope(viewer)
    found = scope.var("n")
    conditions = [] if plan.where is None else [condition(scope, found, plan.where)]
    conditions += visible(scope, found, plan.kinds)
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    matches = [f"MATCH ({found}:{plan.label}){where}"]
    keys: list[tuple[str, str]] = []
    """(expression, variable) of each group key."""
    key_values: list[str] = []
    ordered: list[str] = []
    shapes = dict(plan.key_nodes)
    for key in plan.keys:
        var = scope.var("g")
        if key.relation is not None:
            end = scope.var("n")
            reached = shown(scope, end, key.relation.target_labels)
            matches.append(f"OPTIONAL MATCH {pattern(found, key.relation, '', end)} WHERE {reached}")
            keys.append((end, var))
            ordered.append(f"{var}.id")
            shape = shapes.get(key.name)
            shaped = (
                "null"
                if shape is None
                else f"CASE WHEN {var} IS NULL THEN null ELSE {node(scope, var, shape)} END"
            )
            key_values.append(f"{key.name}: {shaped}")
        else:
            assert key.property is not None
            read_value = value(
                scope,
                found,
                Value(key.name, key.name, key.property.property, default=key.property.default),
                plan.kinds,
            )
            keys.append((f"({read_value}).year" if key.year else read_value, var))
            ordered.append(var)
            key_values.append(f"{key.name}: {var}")
    count = scope.var("count")
    read_keys = [found, *(f"{expression} AS {var}" for expression, var in keys)]
    grouped = [var for _, var in keys] + [f"count({found}) AS {count}"]
    returned = [f"key: {{{', '.join(key_values)}}}", f"count: {count}"]
    for name, measured, functions in plan.measures:
        var, summary = scope.var("a"), scope.var("m")
        read_keys.append(f"{read(scope, found, plan.kinds, measured)} AS {var}")
        grouped.append(f"{_summary(var, functions)} AS {summary}")
        returned.append(f"{name}: {summary}")
    # Parallel relationships to one end would count a node twice under it.
    distinct = "DISTINCT " if any(key.relation and not key.relation.single for key in plan.keys) else ""
    order = f" ORDER BY {', '.join(ordered)}" if ordered else ""
    result = (
        f"COLLECT {{ {' '.join(matches)} WITH {distinct}{', '.join(read_keys)} "
        f"WITH {', '.join(grouped)}{order} RETURN {{{', '.join(returned)}}} }}"
    )
    relations = [key.relation for key in plan.keys if key.relation is not None]
    return priced(scope, result, cost.grouped(plan.kinds, plan.where, relations))
