"""The seed's ledger: per record of the seed files, the values the seed wrote last.

One `(:__HubSeed {key, values})` node per record, keyed `node:<id>` or `rel:<start>|<TYPE>|<end>`, its
values as JSON with dates tagged, so they compare equal with what the graph holds.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, LiteralString

import orjson
from neo4j.time import Date, DateTime

from hub.seeding.merge import Values

LEDGER: LiteralString = "__HubSeed"

READ: LiteralString = (
    f"UNWIND $keys AS key MATCH (s:{LEDGER} {{key: key}}) RETURN s.key AS key, s.values AS values"
)
WRITE: LiteralString = f"UNWIND $rows AS row MERGE (s:{LEDGER} {{key: row.key}}) SET s.values = row.values"


def node_key(slug: str) -> str:
    return f"node:{slug}"


def relationship_key(start: str, type_: str, end: str) -> str:
    return f"rel:{start}|{type_}|{end}"


def _tagged(value: object) -> Any:
    if isinstance(value, DateTime):
        return {"$datetime": value.iso_format()}
    if isinstance(value, Date):
        return {"$date": value.iso_format()}
    raise TypeError(f"cannot keep a {type(value).__name__} in the ledger")


def _untagged(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"$date"}:
        return Date.from_native(dt.date.fromisoformat(value["$date"]))
    if isinstance(value, dict) and set(value) == {"$datetime"}:
        return DateTime.from_native(dt.datetime.fromisoformat(value["$datetime"]))
    return value


def encode(values: Values) -> str:
    return orjson.dumps(values, default=_tagged, option=orjson.OPT_SORT_KEYS).decode()


def decode(text: str) -> Values:
    return {key: _untagged(value) for key, value in orjson.loads(text).items()}
