"""Audit entries: one `(:__HubAudit)` node per write, created in the write's own transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, LiteralString

import orjson
from neo4j.time import Date, DateTime

from hub.audit.privacy import facts, joined, parameters
from hub.auth.principal import Principal
from hub.model import ENTITY, NODE_KINDS
from hub.model.kinds import UPDATED_AT, UPDATED_BY

AUDIT: LiteralString = "__HubAudit"
SEQUENCE: LiteralString = "__HubSequence"
"""The counter node numbering the audit trail (graph_schema/V009)."""

RECORD_ALL = (
    f"MERGE (seq:{SEQUENCE} {{name: '{AUDIT}'}}) SET seq.value = CASE WHEN seq.value IS NULL"
    f" THEN coalesce(head(COLLECT {{ MATCH (old:{AUDIT}) WHERE old.sequence IS NOT NULL"
    " RETURN old.sequence ORDER BY old.sequence DESC LIMIT 1 }), 0) ELSE seq.value END + size($entries) "
    "WITH seq.value - size($entries) AS last UNWIND range(0, size($entries) - 1) AS i "
    f"CREATE (audit:{AUDIT}) SET audit = $entries[i], audit.sequence = last + 1 + i WITH audit "
    f"OPTIONAL MATCH (n:{ENTITY} {{id: audit.entityId}}) WHERE audit.start IS NULL "
    f"OPTIONAL MATCH (a:{ENTITY} {{id: audit.start}}) OPTIONAL MATCH (b:{ENTITY} {{id: audit.end}}) "
    f"WITH audit, a, b, {facts('n')} AS fn, {facts('a')} AS fa, {facts('b')} AS fb "
    f"WITH audit, a, b, CASE WHEN audit.start IS NULL THEN fn ELSE {joined('fa', 'fb')} END AS live "
    "SET audit.afterPrivate = CASE WHEN audit.after IS NOT NULL THEN live.private END, "
    "audit.afterOwners = CASE WHEN audit.after IS NOT NULL AND size(live.owners) > 0 THEN live.owners END, "
    "audit.beforePrivate = CASE WHEN audit.before IS NOT NULL"
    " THEN coalesce(audit.beforePrivate, live.private) END, "
    "audit.beforeOwners = CASE WHEN audit.before IS NOT NULL"
    " AND size(coalesce(audit.beforeOwners, live.owners)) > 0"
    " THEN coalesce(audit.beforeOwners, live.owners) END, "
    "audit.startKind = head([l IN labels(a) WHERE l IN $nodeKinds]), "
    "audit.endKind = head([l IN labels(b) WHERE l IN $nodeKinds])"
)
"""The statement recording the entries passed as `$entries` (see `entry`), in the writing transaction.

Each entry takes the next number of the audit trail's one counter: its write lock serializes writers
until they commit, so sequence order is commit order on every replica, and a reader that sees an entry
sees every entry before it. A missing counter starts again after the highest number taken.

Each entry also records what the read rule needs of each side it has (before, after): whether the record
was private as a whole and who owned it (hub.audit.privacy), read from the graph as the write left it, or
given by the write for a side the graph no longer shows (a node's before an update or delete); and the
kinds of a relationship's ends. No owners are recorded as none (null), not as an empty list, which neither
the offline import nor a reader needs.
"""
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
    ends: tuple[str, str] | None = None
    """A relationship's start and end slugs; None for a node."""


def record_parameters(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """The parameters of `RECORD_ALL` for `entries`."""
    return {"entries": entries, "nodeKinds": list(NODE_KINDS), **parameters()}


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


def entry(
    principal: Principal,
    change: Change,
    idempotency_key: str | None = None,
    before: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The properties of the audit node of `change`, made by `principal` now; `before`: the read rule's
    facts of a node before the write (`{private, owners}`, hub.audit.privacy), which the graph no longer
    shows once it is written."""
    return {
        "id": str(uuid.uuid4()),
        "at": DateTime.from_native(dt.datetime.now(dt.UTC)),
        "actor": principal.subject,
        "credentialId": principal.credential_id,
        "role": principal.role.value,
        "org": principal.org,
        **_what(change),
        "idempotencyKey": idempotency_key,
        **({"beforePrivate": before["private"], "beforeOwners": before["owners"]} if before else {}),
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
        **(dict(zip(("start", "end"), change.ends, strict=True)) if change.ends else {}),
    }
