"""The filter operators, declared once: name, what it means, the Cypher it becomes, the value types it takes.

The filter inputs (with these descriptions in the SDL), the compiler's predicates and its Cypher all read
this table.

The `…Insensitive` string operators ignore case (`toLower` on both sides, Unicode-aware), not accents:
Cypher has no accent folding short of a plugin, so 'orientatie' matching 'oriëntatie' is `search`'s work.
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
    insensitive: bool = False
    """Ignores case: the property and the value(s) are compared lower-cased."""


S = Scalar
ALL = frozenset(Scalar)
ORDERED = frozenset({S.INT, S.FLOAT, S.DATE, S.DATETIME})
TEXT = frozenset({S.STRING})
IGNORING_CASE = " ignoring case (not accents)."

OPERATORS: dict[str, Operator] = {
    operator.name: operator
    for operator in (
        Operator("eq", "=", "Equal to.", ALL),
        Operator("in", "IN", "Equal to one of.", ALL - {S.BOOLEAN}, Operand.LIST),
        Operator("contains", "CONTAINS", "Contains, case-sensitive.", TEXT),
        Operator("startsWith", "STARTS WITH", "Starts with, case-sensitive.", TEXT),
        Operator("endsWith", "ENDS WITH", "Ends with, case-sensitive.", TEXT),
        Operator("eqInsensitive", "=", "Equal to," + IGNORING_CASE, TEXT, insensitive=True),
        Operator(
            "inInsensitive", "IN", "Equal to one of," + IGNORING_CASE, TEXT, Operand.LIST, insensitive=True
        ),
        Operator("containsInsensitive", "CONTAINS", "Contains," + IGNORING_CASE, TEXT, insensitive=True),
        Operator(
            "startsWithInsensitive", "STARTS WITH", "Starts with," + IGNORING_CASE, TEXT, insensitive=True
        ),
        Operator("endsWithInsensitive", "ENDS WITH", "Ends with," + IGNORING_CASE, TEXT, insensitive=True),
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
