"""Aggregate types generated from the catalog: per type its `…AggregateGroupBy` enum, `…AggregateKey` and
`…AggregateGroup`, and one summary type per measured value type (`FloatAggregate`, `DateAggregate`, …)."""

from __future__ import annotations

from enum import Enum
from functools import cache
from typing import Any

from strawberry.types.field import StrawberryField

from hub.graphql.aggregates import FUNCTIONS, Dimension, dimensions, measures
from hub.graphql.catalog import CATALOG, Property
from hub.graphql.naming import constant
from hub.graphql.operators import Scalar
from hub.graphql.types.enums import generated_enum, value_enum
from hub.graphql.types.fields import field, optional, output_type
from hub.graphql.types.inputs import SCALAR_TYPES
from hub.graphql.types.objects import NODE_TYPES

DESCRIPTIONS = {
    "min": "The least value in the group; null where none has one.",
    "max": "The greatest value in the group; null where none has one.",
    "sum": "The sum of the values in the group; null where none has one.",
    "avg": "The mean of the values in the group; null where none has one.",
    "count": "How many nodes of the group have a value.",
}


@cache
def summary_type(scalar: Scalar) -> type:
    """`IntAggregate`, `FloatAggregate`, `DateAggregate`, …: what a measure of this type answers."""
    value = SCALAR_TYPES[scalar]
    types: dict[str, Any] = {"min": value, "max": value, "sum": float, "avg": float, "count": int}
    return output_type(
        f"{scalar.value}Aggregate",
        {
            name: field(
                name,
                types[name] if name == "count" else optional(types[name]),
                description=DESCRIPTIONS[name],
            )
            for name in FUNCTIONS[scalar]
        },
        f"A {scalar.value} property summarised over a group (sums are Float: they may exceed Int).",
    )


def group_by_enum(type_name: str) -> type[Enum]:
    """`SchoolAggregateGroupBy`: the dimensions of a type; values are the key's field names."""
    return generated_enum(
        f"{type_name}AggregateGroupBy",
        {constant(name): name for name in dimensions(CATALOG[type_name])},
        f"What {type_name} nodes can be grouped by: a property, the year of a date (…_YEAR), or the node at"
        " the end of a relationship field.",
    )


def _key_field(dimension: Dimension) -> StrawberryField:
    if dimension.relation is not None:
        return field(dimension.name, optional(NODE_TYPES[dimension.relation.target]))
    prop: Property | None = dimension.property
    assert prop is not None
    if dimension.year:
        return field(dimension.name, optional(int), description=f"The year of {prop.name}.")
    bare = value_enum(prop.enum) if prop.enum else SCALAR_TYPES[prop.scalar]
    return field(dimension.name, optional(bare))


def group_type(type_name: str) -> type:
    """`SchoolAggregateGroup`: a group's key, its count and a summary per measure."""
    spec = CATALOG[type_name]
    key = output_type(
        f"{type_name}AggregateKey",
        {name: _key_field(dimension) for name, dimension in dimensions(spec).items()},
        f"The values a group of {type_name} nodes shares; null for each dimension not grouped by.",
    )
    fields = {
        "key": field("key", key),
        "count": field("count", int, description="How many nodes are in the group."),
    }
    fields |= {
        name: field(name, summary_type(prop.scalar), description=f"{name} over the group.")
        for name, prop in measures(spec).items()
    }
    return output_type(f"{type_name}AggregateGroup", fields, f"One group of {type_name} nodes.")
