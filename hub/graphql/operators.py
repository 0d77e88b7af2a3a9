"""The filter operators, declared once: name, what it means, the Cypher it becomes, the value types it takes.

The filter inputs (with these descriptions in the SDL), the compiler's predicates and its Cypher all read
this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Scalar(Enum):
    """The value types of properties."""

    STRING = "String"
    INT = "Int"
    FLOAT = "Float"
    DATE = "Date"
    DATETIME = "DateTime"
    BOOLEAN = "Boolean"
    ENUM = "Enum"
    GLOBAL_ID = "ID"


class Operand(Enum):
    """What an operator is given: one value, a list of values, or a flag."""

    VALUE = "value"
    LIST = "list"
    FLAG = "flag"


@dataclass(frozen=True)
class Operator:
    name: str
    cypher: str
    """The comparison, between the property and the parameter: `=`, `IN`, `STARTS WITH`, …"""
    description: str
    scalars: frozenset[Scalar]
    operand: Operand = Operand.VALUE


S = Scalar
ALL = frozenset(Scalar)
ORDERED = frozenset({S.INT, S.FLOAT, S.DATE, S.DATETIME})

OPERATORS: dict[str, Operator] = {
    operator.name: operator
    for operator in (
        Operator("eq", "=", "Equal to.", ALL),
        Operator("in", "IN", "Equal to one of.", ALL - {S.BOOLEAN}, Operand.LIST),
        Operator("contains", "CONTAINS", "Contains, case-sensitive.", frozenset({S.STRING})),
        Operator("startsWith", "STARTS WITH", "Starts with, case-sensitive.", frozenset({S.STRING})),
        Operator("gt", ">", "Greater than.", ORDERED),
        Operator("gte", ">=", "Greater than or equal to.", ORDERED),
        Operator("lt", "<", "Less than.", ORDERED),
        Operator("lte", "<=", "Less than or equal to.", ORDERED),
        Operator(
            "isNull", "IS NULL", "true: has no value; false: has one.", ALL - {S.GLOBAL_ID}, Operand.FLAG
        ),
    )
}
"""Every operator, in the order the filter inputs list them."""


def operators_of(scalar: Scalar) -> tuple[Operator, ...]:
    """The operators a property of this type supports."""
    return tuple(operator for operator in OPERATORS.values() if scalar in operator.scalars)
