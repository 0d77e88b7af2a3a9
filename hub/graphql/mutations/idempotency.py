"""Idempotent creates: a client key, scoped to its caller, remembers which entity its first create made."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from typing import Any, LiteralString

import orjson

from hub.auth.principal import Principal
from hub.graphql.cypher.run import Transaction
from hub.graphql.errors import Conflict

IDEMPOTENCY: LiteralString = "__HubIdempotency"

_CLAIM: LiteralString = (
    f"MERGE (k:{IDEMPOTENCY} {{key: $key}}) "
    "ON CREATE SET k.fingerprint = $fingerprint, k.entityId = $entityId, k.operation = $operation, "
    "k.at = datetime(), k.claim = $claim "
    "RETURN k.fingerprint AS fingerprint, k.entityId AS entityId, k.claim = $claim AS fresh"
)
"""MERGE on the unique key: a concurrent create with the same key waits here until the first commits."""


def fingerprint(arguments: Mapping[str, Any]) -> str:
    """A digest of a request's arguments, to tell a retry from another request reusing a key."""
    text = orjson.dumps(dict(arguments), default=str, option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(text).hexdigest()


async def claim(
    tx: Transaction,
    principal: Principal,
    key: str,
    operation: str,
    entity_id: str,
    arguments: Mapping[str, Any],
) -> str | None:
    """None when the key is new (it is now taken, with the write); else the entity its first use made.

    CONFLICT when the key was used before for different arguments.
    """
    rows = await tx.run(
        _CLAIM,
        {
            "key": f"{principal.subject}|{key}",
            "fingerprint": fingerprint({"operation": operation, **arguments}),
            "entityId": entity_id,
            "operation": operation,
            "claim": str(uuid.uuid4()),
        },
    )
    row = rows[0]
    if row["fresh"]:
        return None
    if row["fingerprint"] != fingerprint({"operation": operation, **arguments}):
        raise Conflict(f"idempotencyKey {key!r} was already used for a different request")
    entity: str = row["entityId"]
    return entity
