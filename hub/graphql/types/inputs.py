"""Filter and sort inputs: a typed `where` per node type, with AND/OR/NOT and some/none/all on relations."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from functools import cache
from typing import Any

import strawberry

from hub.graphql.catalog import CATALOG, EDGE_SPECS, Property, Relation, TypeSpec, edge_type_name
from hub.graphql.operators import Operand, Scalar, operators_of
from hub.graphql.types.enums import SortDirection, sort_field_enum, value_enum
from hub.graphql.types.fields import input_type, list_of, shell

SCALAR_TYPES: dict[Scalar, Any] = {
    Scalar.STRING: str,
    Scalar.INT: int,
    Scalar.FLOAT: float,
    Scalar.DATE: dt.date,
    Scalar.DATETIME: dt.datetime,
    Scalar.BOOLEAN: bool,
    Scalar.GLOBAL_ID: strawberry.ID,
}


@cache
def scalar_filter(scalar: Scalar, enum: type[Enum] | None = None) -> type:
    """`StringFilter`, `DateFilter`, `ProjectTypeFilter`, …: the operators of one value type."""
    value = SCALAR_TYPES[scalar] if enum is None else enum
    operand = {Operand.VALUE: value, Operand.LIST: list_of(value), Operand.FLAG: bool}
    operators = operators_of(scalar)
    return input_type(
        shell(f"{enum.__name__ if enum else scalar.value}Filter"),
        {operator.name: operand[operator.operand] for operator in operators},
        "Conditions on one value; all given must hold.",
        {operator.name: operator.description for operator in operators},
    )


def property_filter(prop: Property) -> type:
    return scalar_filter(prop.scalar, value_enum(prop.enum) if prop.enum else None)


def _properties_where(spec: TypeSpec, where: type) -> None:
    """Make `where` the filter of a relationship property set: its properties, AND/OR/NOT."""
    fields: dict[str, Any] = {key: property_filter(prop) for key, prop in spec.properties.items()}
    fields |= {"AND": list_of(where), "OR": list_of(where), "NOT": where}
    input_type(where, fields, "Conditions on a relationship's own properties; all given must hold.")


def _connection_filter(relation: Relation, node_where: type, edge_where: type) -> type:
    """`MemberOfConnectionFilter`: some/none/all of a relationship field's relationships and nodes match."""
    name = relation.edge_type
    match = input_type(
        shell(f"{name}ConnectionWhere"),
        {"node": node_where, "edge": edge_where},
        f"Conditions on a {relation.kind.type} relationship and the node at its other end; both must hold.",
    )
    fields: dict[str, Any] = {quantifier: match for quantifier in ("some", "none", "all")}
    descriptions = {}
    if relation.dated:
        fields["asOf"] = dt.date
        descriptions["asOf"] = "Only relationships valid on this day count (since <= day <= until)."
    return input_type(
        shell(f"{name}ConnectionFilter"),
        fields,
        f"Conditions on the {relation.kind.type} relationships of a node and the nodes they reach:"
        " some, none or all of them match.",
        descriptions,
    )


def _build_where() -> tuple[dict[str, type], dict[str, type]]:
    shells = {name: shell(f"{name}Where") for name in CATALOG}
    edge_shells = {name: shell(f"{name}Where") for name in EDGE_SPECS}
    for name, spec in EDGE_SPECS.items():
        _properties_where(spec, edge_shells[name])
    relation_filters = {name: shell(f"{name}RelationFilter") for name in CATALOG}
    connection_filters: dict[str, type] = {}
    for name, spec in CATALOG.items():
        where = shells[name]
        fields: dict[str, Any] = {key: property_filter(prop) for key, prop in spec.properties.items()}
        fields |= {key: relation_filters[relation.target] for key, relation in spec.relations.items()}
        for key, relation in spec.relations.items():
            if relation.edge_type not in connection_filters:
                connection_filters[relation.edge_type] = _connection_filter(
                    relation, shells[relation.target], edge_shells[edge_type_name(relation)]
                )
            fields[f"{key}Connection"] = connection_filters[relation.edge_type]
        if spec.abstract:
            fields |= {kind: shells[kind] for kind in spec.labels}
        fields |= {"AND": list_of(where), "OR": list_of(where), "NOT": where}
        description = f"Conditions on {name} nodes; all given must hold."
        if spec.abstract:
            description += (
                " A kind's name (`Project: {…}`) holds for nodes of that kind meeting its conditions."
            )
        input_type(where, fields, description)
    for name, relation_filter in relation_filters.items():
        input_type(
            relation_filter,
            {"some": shells[name], "none": shells[name], "all": shells[name]},
            f"Conditions on the {name} nodes a relationship reaches: some, none or all of them match.",
        )
    return shells, edge_shells


WHERE, EDGE_WHERE = _build_where()
"""The `where` input of every node type, and of every relationship property set, by type name."""


@cache
def order_by(spec_name: str) -> type:
    """`SchoolOrderBy`: one sort key."""
    cls = shell(f"{spec_name}OrderBy")
    cls.__annotations__ = {"field": sort_field_enum(spec_name), "direction": SortDirection}
    cls.direction = SortDirection.ASC  # type: ignore[attr-defined]
    return strawberry.input(cls, description="A sort key; lists are always tie-broken by id.")


@cache
def edge_order_by(relation: Relation) -> type:
    """`MemberOfOrderBy`: one sort key of a relationship field, a property of the node or of the
    relationship."""
    cls = shell(f"{relation.edge_type}OrderBy")
    cls.__annotations__ = {
        "field": sort_field_enum(relation.target) | None,
        "edge": sort_field_enum(edge_type_name(relation)) | None,
        "direction": SortDirection,
    }
    cls.field = strawberry.field(default=None, description="A property of the node.")  # type: ignore[attr-defined]
    cls.edge = strawberry.field(  # type: ignore[attr-defined]
        default=None, description="A property of the relationship."
    )
    cls.direction = SortDirection.ASC  # type: ignore[attr-defined]
    return strawberry.input(
        cls, description="A sort key: `field` or `edge`, not both; lists are always tie-broken by id."
    )
