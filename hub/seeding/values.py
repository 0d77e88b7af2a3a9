"""Conversion of record values to Neo4j property values."""

from __future__ import annotations

import datetime as dt
from enum import Enum

from neo4j.time import Date, DateTime
from pydantic import AnyUrl

from hub.model.base import EdgeRecord, NodeRecord

Property = str | int | float | bool | Date | DateTime | list[str] | None


def to_neo4j(value: object) -> Property:
    """A record value as a Neo4j property: dates become Neo4j dates, enums and URLs text."""
    match value:
        case dt.datetime():
            return DateTime.from_native(value)
        case dt.date():
            return Date.from_native(value)
        case Enum():
            return to_neo4j(value.value)
        case AnyUrl():
            return str(value)
        case str() | int() | float() | None:
            return value
        case list() if all(isinstance(item, str) for item in value):
            return list(value)
    raise TypeError(f"no Neo4j property type for {type(value).__name__}")


def properties(record: NodeRecord | EdgeRecord, exclude: frozenset[str] = frozenset()) -> dict[str, Property]:
    """The graph properties of a record under their camelCase names; absent values are None.

    None removes a property under `SET x += props`, so a re-seeded record loses values deleted from its file.
    """
    values = record.model_dump(by_alias=True, exclude=set(exclude))
    return {name: to_neo4j(value) for name, value in values.items()}
