"""Audit entries: one `(:__HubAudit)` node per write, created in the write's own transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, LiteralString

import orjson
from neo4j.time import Date, DateTime

from hub.auth.principal import Principal
from hub.model.kinds import UPDATED_AT, UPDATED_BY

AUDIT: LiteralString = "__HubAudit"

RECORD: LiteralString = f"CREATE (:{AUDIT} $audit)"
"""The clause that records the entry passed as `$audit` (see `entry`)."""
RECORD_ALL: LiteralString = f"UNWIND $entries AS entry CREATE (audit:{AUDIT}) SET audit = entry"
"""The statement that records the entries passed as `$entries`."""
SEED = "seed"
"""The actor and role of the seed's own writes."""

Values = Mapping[str, Any]


@dataclass(frozen=True)
class Change:
    """What a write did: the operation on an entity of a kind, and its property values around it."""

    operation: str
    """create, update or delete."""
    kind: str
    """The node label or relationship type."""
    entity_id: str
    """The node's slug, or `start-[TYPE]->end` for a relationship."""
    before: Values | None
    after: Values | None


def relationship_id(start: str, type_: str, end: str) -> str:
    return f"{start}-[{type_}]->{end}"


def _default(value: object) -> str:
    if isinstance(value, Date | DateTime):
        return value.iso_format()
    raise TypeError(f"cannot record a {type(value).__name__}")


def as_json(values: Values | None) -> str | None:
    """Values as JSON text, keys sorted; dates as ISO text."""
    if values is None:
        return None
    return orjson.dumps(dict(values), default=_default, option=orjson.OPT_SORT_KEYS).decode()


def stamp(principal: Principal) -> dict[str, Any]:
    """What a write stamps on what it writes besides its version: when, and who."""
    return {UPDATED_AT: DateTime.from_native(dt.datetime.now(dt.UTC)), UPDATED_BY: principal.subject}


def entry(principal: Principal, change: Change, idempotency_key: str | None = None) -> dict[str, Any]:
    """The properties of the audit node of `change`, made by `principal` now."""
    return {
        "id": str(uuid.uuid4()),
        "at": DateTime.from_native(dt.datetime.now(dt.UTC)),
        "actor": principal.subject,
        "credentialId": principal.credential_id,
        "role": principal.role.value,
        "org": principal.org,
        **_what(change),
        "idempotencyKey": idempotency_key,
    }


def seed_entry(change: Change, at: DateTime) -> dict[str, Any]:
    """The properties of the audit node of a change `hub seed` made at `at`."""
    return {"id": str(uuid.uuid4()), "at": at, "actor": SEED, "role": SEED, **_what(change)}


def _what(change: Change) -> dict[str, Any]:
    return {
        "operation": change.operation,
        "kind": change.kind,
        "entityId": change.entity_id,
        "before": as_json(change.before),
        "after": as_json(change.after),
    }
