"""`where` inputs -> predicates of the plan, mapped through the catalog."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any

from hub.graphql.catalog import CATALOG, Property, Relation, TypeSpec, edge_spec
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
)
from hub.graphql.ids import parse_global_id
from hub.graphql.operators import Scalar
from hub.model import NODE_KINDS

QUANTIFIERS = ("some", "none", "all")
CONNECTION = "Connection"
"""The suffix of a relationship's connection field, and of its filter on nodes and relationships."""


def plain(value: Any) -> Any:
    """A value as the graph stores it: enum members become their values."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def private_kinds(spec: TypeSpec, prop: str) -> tuple[str, ...]:
    """The kinds of `spec` when `prop` is private on one of them, else none: where a read is masked."""
    return spec.labels if any(prop in NODE_KINDS[label].private_properties for label in spec.labels) else ()


def _global_id(spec: TypeSpec, prop: Property, operator: str, value: Any) -> Predicate:
    ids = [parse_global_id(text) for text in (value if operator == "in" else [value])]
    options: list[Predicate] = [
        AllOf((HasLabel(gid.label), Compare(prop.property, "eq", gid.slug)))
        for gid in ids
        if gid.label in spec.labels
    ]
    return AnyOf(tuple(options)) if options else Constant(False)


def _property(spec: TypeSpec, prop: Property, conditions: Mapping[str, Any]) -> list[Predicate]:
    found: list[Predicate] = []
    kinds = private_kinds(spec, prop.property)
    for operator, value in conditions.items():
        if operator == "isNull":
            if value is not None:
                found.append(IsNull(prop.property, bool(value), kinds))
        elif value is None:
            continue
        elif prop.scalar is Scalar.GLOBAL_ID:
            found.append(_global_id(spec, prop, operator, value))
        else:
            found.append(Compare(prop.property, operator, plain(value), kinds))
    return found


def _connection(relation: Relation, value: Mapping[str, Any]) -> list[Predicate]:
    """`membersConnection: {some: {node: …, edge: …}, asOf: …}`: conditions on nodes and relationships."""
    found: list[Predicate] = []
    for quantifier in QUANTIFIERS:
        given = value.get(quantifier)
        if given is not None:
            condition = predicate(CATALOG[relation.target], given.get("node")) or Constant(True)
            edge = edge_predicate(relation, given.get("edge"))
            found.append(Related(relation, quantifier, condition, edge, value.get("asOf")))
    return found


def edge_predicate(relation: Relation, where: Mapping[str, Any] | None) -> Predicate | None:
    """The predicate a `where` input states about the relationships of `relation`."""
    return predicate(edge_spec(relation), where)


def predicate(spec: TypeSpec, where: Mapping[str, Any] | None) -> Predicate | None:
    """The predicate a `where` input states about a node of `spec`, or None when it states nothing."""
    if not where:
        return None
    parts: list[Predicate] = []
    kinds: list[Predicate] = []
    for name, value in where.items():
        if value is None:
            continue
        if spec.abstract and name in spec.labels:
            condition = predicate(CATALOG[name], value)
            kinds.append(HasLabel(name) if condition is None else AllOf((HasLabel(name), condition)))
        elif name in ("AND", "OR"):
            items = tuple(predicate(spec, item) or Constant(True) for item in value)
            parts.append(AllOf(items) if name == "AND" else AnyOf(items))
        elif name == "NOT":
            inner = predicate(spec, value)
            if inner is not None:
                parts.append(Not(inner))
        elif name in spec.properties:
            parts.extend(_property(spec, spec.properties[name], value))
        elif name in spec.relations:
            relation = spec.relations[name]
            target = CATALOG[relation.target]
            for quantifier in QUANTIFIERS:
                if value.get(quantifier) is not None:
                    condition = predicate(target, value[quantifier]) or Constant(True)
                    parts.append(Related(relation, quantifier, condition))
        else:
            parts.extend(_connection(spec.relations[name.removesuffix(CONNECTION)], value))
    if kinds:
        parts.append(kinds[0] if len(kinds) == 1 else AnyOf(tuple(kinds)))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else AllOf(tuple(parts))
