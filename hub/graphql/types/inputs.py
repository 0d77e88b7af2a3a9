"""Filter and sort inputs: a typed `where` per node type, with AND/OR/NOT and some/none/all on relations."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from functools import cache
from typing import Any

import strawberry

from hub.graphql.catalog import CATALOG, Property
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


def _build_where() -> dict[str, type]:
    shells = {name: shell(f"{name}Where") for name in CATALOG}
    relation_filters = {name: shell(f"{name}RelationFilter") for name in CATALOG}
    for name, spec in CATALOG.items():
        where = shells[name]
        fields: dict[str, Any] = {key: property_filter(prop) for key, prop in spec.properties.items()}
        fields |= {key: relation_filters[relation.target] for key, relation in spec.relations.items()}
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
    return shells


WHERE: dict[str, type] = _build_where()
"""The `where` input of every node type, by type name."""


@cache
def order_by(spec_name: str) -> type:
    """`SchoolOrderBy`: one sort key."""
    cls = shell(f"{spec_name}OrderBy")
    cls.__annotations__ = {"field": sort_field_enum(spec_name), "direction": SortDirection}
    cls.direction = SortDirection.ASC  # type: ignore[attr-defined]
    return strawberry.input(cls, description="A sort key; lists are always tie-broken by id.")
