"""Serialising scalars and enums as graphql-core does, with shortcuts for values already JSON-ready (and
for the driver's dates, read as the native dates graphql-core is given)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLFloat,
    GraphQLID,
    GraphQLInt,
    GraphQLLeafType,
    GraphQLString,
    Undefined,
)
from neo4j.time import Date, DateTime

Serialise = Callable[[Any], Any]

MAX_INT = 2**31 - 1
MIN_INT = -(2**31)


class Unusual(Exception):
    """A value the fast path does not complete itself; graphql-core completes the field instead."""


def _checked(leaf: GraphQLLeafType) -> Serialise:
    """The type's own serialiser, refusing what graphql-core would turn into an error."""

    def serialise(value: Any) -> Any:
        result = leaf.serialize(value)
        if result is None or result is Undefined:
            raise Unusual(leaf.name)
        return result

    return serialise


def _enum(leaf: GraphQLEnumType) -> Serialise:
    """Enum names by stored value, remembered as they are met (bounded by the enum's size)."""
    names: dict[Any, Any] = {}
    slow = _checked(leaf)

    def serialise(value: Any) -> Any:
        try:
            return names[value]
        except KeyError:
            name = names[value] = slow(value)
            return name

    return serialise


def unchanged(leaf: Any) -> type | None:
    """The Python type whose values `leaf` serialises as they are (str for String and ID, bool for
    Boolean), or None."""
    if leaf is GraphQLString or leaf is GraphQLID:
        return str
    return bool if leaf is GraphQLBoolean else None


def serialiser(leaf: GraphQLLeafType) -> Serialise:
    """How to serialise one value of `leaf` (never None: nulls are handled by the caller)."""
    slow = _checked(leaf)
    if isinstance(leaf, GraphQLEnumType):
        return _enum(leaf)
    if leaf is GraphQLString or leaf is GraphQLID:
        return lambda value: value if type(value) is str else slow(value)
    if leaf is GraphQLInt:
        return lambda value: value if type(value) is int and MIN_INT <= value <= MAX_INT else slow(value)
    if leaf is GraphQLFloat:
        return lambda value: value if type(value) is float and math.isfinite(value) else slow(value)
    if leaf is GraphQLBoolean:
        return lambda value: value if type(value) is bool else slow(value)
    if leaf.name == "Date":
        return _temporal(dt.date, Date, slow)
    if leaf.name == "DateTime":
        return _temporal(dt.datetime, DateTime, slow)
    return slow


def _temporal(native: type[dt.date], driver: type[Date | DateTime], slow: Serialise) -> Serialise:
    """A date or datetime as ISO text, from Python's value or the driver's own."""

    def serialise(value: Any) -> Any:
        if type(value) is native:
            return value.isoformat()
        return value.to_native().isoformat() if type(value) is driver else slow(value)

    return serialise
