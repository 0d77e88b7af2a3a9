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
)
from hub.graphql.cypher.access import read, visible
from hub.graphql.cypher.fragments import pattern
from hub.graphql.cypher.scope import Scope
from hub.graphql.ids import Cursor
from hub.graphql.operators import OPERATORS, Operand


def condition(scope: Scope, var: str, predicate: Predicate) -> str:
    """The expression that holds for node `var` when `predicate` does."""
    match predicate:
        case Compare(prop, operator, value, kinds):
            return comparison(scope, read(scope, var, kinds, prop), operator, value)
        case IsNull(prop, null, kinds):
            return f"{read(scope, var, kinds, prop)} IS {'' if null else 'NOT '}NULL"
        case HasLabel(label):
            return f"{var}:{label}"
        case Constant(value):
            return "true" if value else "false"
        case AllOf(items):
            return _join(scope, var, items, "AND", "true")
        case AnyOf(items):
            return _join(scope, var, items, "OR", "false")
        case Not(item):
            return f"NOT ({condition(scope, var, item)})"
        case Related(relation, quantifier, inner):
            target = scope.var("m")
            shown = "".join(f"{item} AND " for item in visible(scope, target, relation.target_labels))
            found = f"MATCH {pattern(var, relation, '', target)} WHERE {shown}"
            if quantifier == "all":
                return f"NOT EXISTS {{ {found}NOT coalesce({condition(scope, target, inner)}, false) }}"
            exists = f"EXISTS {{ {found}{condition(scope, target, inner)} }}"
            return exists if quantifier == "some" else f"NOT {exists}"
    raise TypeError(predicate)


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


def _join(scope: Scope, var: str, items: tuple[Predicate, ...], operator: str, empty: str) -> str:
    if not items:
        return empty
    if len(items) == 1:
        return condition(scope, var, items[0])
    return "(" + f" {operator} ".join(condition(scope, var, item) for item in items) + ")"


def beyond(scope: Scope, var: str, sort: Sort, cursor: Cursor) -> str:
    """Node `var` comes after the cursor in `sort` order (nulls sort last ascending, first descending)."""
    alternatives: list[str] = []
    equal: list[str] = []
    for key, value in zip(sort.keys, cursor.values, strict=True):
        prop = read(scope, var, key.kinds, key.property)
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
