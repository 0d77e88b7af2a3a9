"""Opaque identifiers: Relay global ids (`Label:slug`) and keyset cursors, both url-safe base64."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple, get_args

import orjson

from hub.graphql.errors import BadRequest
from hub.model import NODE_KINDS
from hub.model.values import Slug

SLUG = re.compile(get_args(Slug)[1].pattern)


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(text: str) -> bytes:
    """The bytes of url-safe base64 text; empty when it is not base64."""
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return b""


@dataclass(frozen=True)
class GlobalId:
    label: str
    slug: str

    def __str__(self) -> str:
        return global_id(self.label, self.slug)


@lru_cache(maxsize=1 << 16)
def global_id(label: str, slug: str) -> str:
    """The global id of the node `label`/`slug` (remembered: large answers repeat the same nodes)."""
    return _encode(f"{label}:{slug}".encode())


def parse_global_id(text: str) -> GlobalId:
    """The label and slug of a global id; BadRequest when it is not one of ours."""
    try:
        label, _, slug = _decode(text).decode().partition(":")
    except UnicodeDecodeError:
        label, slug = "", ""
    if label not in NODE_KINDS or not slug:
        raise BadRequest(f"{text!r} is not a node id")
    return GlobalId(label, slug)


class NodeReference(NamedTuple):
    """A node named by an argument: its slug, and its kind when a global id gave it (a slug: None)."""

    label: str | None
    slug: str


def node_reference(text: str, argument: str | None = None) -> NodeReference:
    """The node an argument naming a node gives: a slug or a global id; BAD_USER_INPUT (naming `argument`)
    when it is neither. (A global id starts with a capital letter, which no slug has.)"""
    if SLUG.fullmatch(text):
        return NodeReference(None, text)
    try:
        gid = parse_global_id(text)
    except BadRequest:
        where = f"{argument}: " if argument else ""
        raise BadRequest(f"{where}{text!r} is neither a slug nor a node id") from None
    return NodeReference(gid.label, gid.slug)


SortValue = str | int | float | bool | dt.date | dt.datetime | None


@dataclass(frozen=True)
class Cursor:
    """A position in a sorted list: the sort keys it was made for and the row's values for them."""

    keys: tuple[str, ...]
    """`property:ASC|DESC` for each sort key, the id last."""
    values: tuple[SortValue, ...]

    def __str__(self) -> str:
        return cursor_text(self.keys, self.values)


def cursor_text(keys: tuple[str, ...], values: Iterable[SortValue]) -> str:
    """The text of the cursor made for the sort `keys` at a row with these sort values."""
    return _encode(orjson.dumps([keys, [_tagged(value) for value in values]]))


def _tagged(value: SortValue) -> Any:
    """A sort value as JSON: dates and times tagged with what they are."""
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    return value


def _value(raw: Any) -> SortValue:
    if isinstance(raw, dict) and set(raw) == {"date"}:
        return dt.date.fromisoformat(raw["date"])
    if isinstance(raw, dict) and set(raw) == {"datetime"}:
        return dt.datetime.fromisoformat(raw["datetime"])
    if raw is None or isinstance(raw, str | int | float | bool):
        return raw
    raise ValueError(raw)


def parse_cursor(text: str, keys: tuple[str, ...]) -> Cursor:
    """Decode a cursor made for the sort `keys`; BadRequest when it is malformed or for another sort."""
    try:
        raw_keys, raw_values = orjson.loads(_decode(text))
        cursor = Cursor(tuple(raw_keys), tuple(_value(v) for v in raw_values))
    except (orjson.JSONDecodeError, ValueError, TypeError):
        raise BadRequest(f"{text!r} is not a valid cursor") from None
    if cursor.keys != keys or len(cursor.values) != len(keys):
        raise BadRequest("the cursor was made for another orderBy; start again without after/before")
    return cursor
