"""What a node type can be grouped by and summarised over, derived once from the catalog.

A type's aggregate groups its nodes by **dimensions**: an enum, string, boolean or whole-number (year)
property; the year of a date (`startDateYear`); or the node at the end of a relationship field (`locatedIn`).
Each group counts its nodes and summarises every **measure**: a number property (min, max, sum, avg) or a
date (min, max), each with how many nodes have a value. Identity (id, slug) and the write stamps are
bookkeeping, neither dimension nor measure.
"""

from __future__ import annotations

from dataclasses import dataclass

from hub.graphql.catalog import STAMPS, Property, Relation, TypeSpec
from hub.graphql.operators import Scalar

IDENTITY = frozenset({"id", "slug"})
GROUPED = frozenset({Scalar.ENUM, Scalar.STRING, Scalar.BOOLEAN, Scalar.INT})
"""Property types grouped by their value (every whole-number property of the model is a year)."""
DATED = frozenset({Scalar.DATE, Scalar.DATETIME})
"""Property types grouped by their year (`<name>Year`) and summarised by min and max."""
NUMBERS = frozenset({Scalar.INT, Scalar.FLOAT})
YEAR = "Year"

FUNCTIONS: dict[Scalar, tuple[str, ...]] = {
    **dict.fromkeys(NUMBERS, ("min", "max", "sum", "avg", "count")),
    **dict.fromkeys(DATED, ("min", "max", "count")),
}
"""What each measure answers, by its type: `count` is how many nodes of the group have a value."""


@dataclass(frozen=True)
class Dimension:
    """One `groupBy` dimension: a property's value, a date property's year, or a relationship's end."""

    name: str
    property: Property | None = None
    relation: Relation | None = None
    year: bool = False


def _data(spec: TypeSpec) -> dict[str, Property]:
    return {
        name: prop for name, prop in spec.properties.items() if name not in IDENTITY and name not in STAMPS
    }


def dimensions(spec: TypeSpec) -> dict[str, Dimension]:
    """Every dimension of a type by name: properties, years of dates, then relationship fields."""
    found: dict[str, Dimension] = {}
    for name, prop in _data(spec).items():
        if prop.scalar in GROUPED:
            found[name] = Dimension(name, property=prop)
        elif prop.scalar in DATED:
            found[f"{name}{YEAR}"] = Dimension(f"{name}{YEAR}", property=prop, year=True)
    for name, relation in spec.relations.items():
        if name in found:
            raise ValueError(f"{spec.name}.{name} is both a relationship and a dimension")
        found[name] = Dimension(name, relation=relation)
    return found


GROUP_FIELDS = frozenset({"key", "count"})
"""The fields every group has beside its measures."""


def measures(spec: TypeSpec) -> dict[str, Property]:
    """Every measure of a type by name: its number and date properties."""
    found = {name: prop for name, prop in _data(spec).items() if prop.scalar in FUNCTIONS}
    if GROUP_FIELDS & found.keys():
        raise ValueError(f"{spec.name}: a measure may not be named {' or '.join(sorted(GROUP_FIELDS))}")
    return found
