"""Predicates of the plan -> Cypher boolean expressions; values become parameters.

A filter on a property private to the viewer compares the masked value (null where the viewer may not see
it), so it matches exactly as if the viewer saw the response: hidden values never decide a match. Nodes
reached by a relationship filter are only those visible to the viewer.
"""

from __future__ import annotations

from hub.graphql.compiler.plan import (
    AllOf,
    AnyOf,
    Compare,
    Constant,
    HasLabel,
    IsNull,
    Not,
    Predicate,
    Related,
    Sort,
    SortKey,
)
from hub.graphql.cypher.access import read, read_edge, visible
from hub.graphql.cypher.fragments import pattern, valid_on
from hub.graphql.cypher.scope import Scope
from hub.graphql.ids import Cursor
from hub.graphql.operators import OPERATORS, Operand


def condition(scope: Scope, var: str, predicate: Predicate, *, edge: bool = False) -> str:
    """The expression that holds for node `var` (relationship `var`, for an `edge`) when `predicate` does."""
    match predicate:
        case Compare(prop, operator, value, kinds):
            shown = read_edge(scope, var, prop) if edge else read(scope, var, kinds, prop)
            return comparison(scope, shown, operator, value)
        case IsNull(prop, null, kinds):
            shown = read_edge(scope, var, prop) if edge else read(scope, var, kinds, prop)
            return f"{shown} IS {'' if null else 'NOT '}NULL"
        case HasLabel(label):
            return f"{var}:{label}"
        case Constant(value):
            return "true" if value else "false"
        case AllOf(items):
            return _join(scope, var, items, "AND", "true", edge)
        case AnyOf(items):
            return _join(scope, var, items, "OR", "false", edge)
        case Not(item):
            return f"NOT ({condition(scope, var, item, edge=edge)})"
        case Related():
            return _related(scope, var, predicate)
    raise TypeError(predicate)


def _related(scope: Scope, var: str, predicate: Related) -> str:
    """Some, none or all of the (visible) nodes reached, through relationships valid on its date if given."""
    relation, target = predicate.relation, scope.var("m")
    rel = scope.var("r") if predicate.edge is not None or predicate.as_of is not None else ""
    given = visible(scope, target, relation.target_labels)
    if predicate.as_of is not None and relation.dated:
        given.append(valid_on(rel, scope.param(predicate.as_of)))
    found = f"MATCH {pattern(var, relation, rel, target)} WHERE {''.join(f'{item} AND ' for item in given)}"
    holds = condition(scope, target, predicate.condition)
    if predicate.edge is not None:
        holds = f"{holds} AND {condition(scope, rel, predicate.edge, edge=True)}"
    if predicate.quantifier == "all":
        return f"NOT EXISTS {{ {found}NOT coalesce({holds}, false) }}"
    exists = f"EXISTS {{ {found}{holds} }}"
    return exists if predicate.quantifier == "some" else f"NOT {exists}"


def comparison(scope: Scope, subject: str, name: str, value: object) -> str:
    """`subject <operator> $value`; an operator that ignores case lower-cases both sides."""
    operator = OPERATORS[name]
    param = scope.param(value)
    if operator.insensitive:
        subject = f"toLower({subject})"
        if operator.operand is Operand.LIST:
            item = scope.var("v")
            param = f"[{item} IN {param} | toLower({item})]"
        else:
            param = f"toLower({param})"
    return f"{subject} {operator.cypher} {param}"


def _join(scope: Scope, var: str, items: tuple[Predicate, ...], operator: str, empty: str, edge: bool) -> str:
    if not items:
        return empty
    if len(items) == 1:
        return condition(scope, var, items[0], edge=edge)
    return "(" + f" {operator} ".join(condition(scope, var, item, edge=edge) for item in items) + ")"


def sort_value(scope: Scope, var: str, rel: str | None, key: SortKey) -> str:
    """A sort key's value for node `var` reached by relationship `rel`, as the viewer may see it."""
    if key.edge:
        assert rel is not None, "a relationship sort key needs the relationship walked"
        return read_edge(scope, rel, key.property)
    return read(scope, var, key.kinds, key.property)


def beyond(scope: Scope, var: str, sort: Sort, cursor: Cursor, rel: str | None = None) -> str:
    """Node `var` (reached by `rel`) comes after the cursor in `sort` order (nulls sort last ascending,
    first descending)."""
    alternatives: list[str] = []
    equal: list[str] = []
    for key, value in zip(sort.keys, cursor.values, strict=True):
        prop = sort_value(scope, var, rel, key)
        if value is None:
            later = f"{prop} IS NOT NULL" if key.descending else None
            same = f"{prop} IS NULL"
        else:
            param = scope.param(value)
            later = f"{prop} < {param}" if key.descending else f"({prop} > {param} OR {prop} IS NULL)"
            same = f"{prop} = {param}"
        if later is not None:
            alternatives.append(" AND ".join([*equal, later]))
        equal.append(same)
    if not alternatives:
        return "false"
    return "(" + " OR ".join(f"({alternative})" for alternative in alternatives) + ")"
