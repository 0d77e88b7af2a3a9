"""API keys: random secrets shown once, stored only as a hash on `(:__HubApiKey)` nodes."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from neo4j import READ_ACCESS, AsyncDriver, AsyncResult, Query, RoutingControl

from hub.auth.roles import Role
from hub.model import ORGANISATION

LABEL = "__HubApiKey"
PREFIX = "hub_"
MAX_KEY_LENGTH = 128
"""Longer presented keys are refused without hashing or a lookup."""


class ApiKeyError(Exception):
    """A key operation with bad input (an unknown organisation or key id); the message says which."""


@dataclass(frozen=True)
class ApiKey:
    """A stored key, without its secret."""

    id: str
    name: str
    role: Role
    org: str | None
    created_at: str
    revoked_at: str | None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


def new_secret() -> str:
    """A fresh key: the prefix and 256 random bits."""
    return PREFIX + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """What is stored and looked up: the SHA-256 of the key (enough for a 256-bit random secret)."""
    return hashlib.sha256(secret.encode()).hexdigest()


_FIELDS = (
    "k.id AS id, k.name AS name, k.role AS role, k.org AS org, "
    "toString(k.createdAt) AS createdAt, toString(k.revokedAt) AS revokedAt"
)


def _key(row: dict[str, Any]) -> ApiKey:
    return ApiKey(row["id"], row["name"], Role(row["role"]), row["org"], row["createdAt"], row["revokedAt"])


async def _rows(
    driver: AsyncDriver, database: str, statement: str, *, write: bool = False, **parameters: Any
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = await driver.execute_query(
        statement,
        parameters,
        database_=database,
        routing_=RoutingControl.WRITE if write else RoutingControl.READ,
        result_transformer_=AsyncResult.data,
    )
    return rows


async def create_key(
    driver: AsyncDriver, database: str, *, role: Role, org: str | None, name: str
) -> tuple[ApiKey, str]:
    """Store a new key and return it with its secret (which is not kept); the org must exist."""
    if role is Role.PARTNER and not org:
        raise ApiKeyError("a partner key needs an org")
    secret = new_secret()
    rows = await _rows(
        driver,
        database,
        f"OPTIONAL MATCH (o:{ORGANISATION} {{id: $org}}) WITH o WHERE $org IS NULL OR o IS NOT NULL "
        f"CREATE (k:{LABEL} {{id: $id, name: $name, role: $role, org: $org, hash: $hash, "
        "createdAt: datetime()}) "
        f"RETURN {_FIELDS}",
        write=True,
        id=secrets.token_hex(8),
        name=name,
        role=role.value,
        org=org,
        hash=digest(secret),
    )
    if not rows:
        raise ApiKeyError(f"no organisation with id {org!r}")
    return _key(rows[0]), secret


async def list_keys(driver: AsyncDriver, database: str) -> list[ApiKey]:
    """Every key, oldest first."""
    rows = await _rows(driver, database, f"MATCH (k:{LABEL}) RETURN {_FIELDS} ORDER BY k.createdAt, k.id")
    return [_key(row) for row in rows]


async def revoke_key(driver: AsyncDriver, database: str, key_id: str) -> ApiKey:
    """Mark a key revoked (keeping the first revocation time); ApiKeyError when there is no such key."""
    rows = await _rows(
        driver,
        database,
        f"MATCH (k:{LABEL} {{id: $id}}) SET k.revokedAt = coalesce(k.revokedAt, datetime()) RETURN {_FIELDS}",
        write=True,
        id=key_id,
    )
    if not rows:
        raise ApiKeyError(f"no API key with id {key_id!r}")
    return _key(rows[0])


async def find_key(driver: AsyncDriver, database: str, key_digest: str, timeout: float) -> ApiKey | None:
    """The key with this hash, revoked or not; None when there is none.

    One attempt, bounded by `timeout` seconds: a request fails fast rather than wait out the driver's retries.
    """
    query = Query(f"MATCH (k:{LABEL} {{hash: $hash}}) RETURN {_FIELDS}", timeout=timeout)
    async with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
        result = await session.run(query, hash=key_digest)
        rows = await result.data()
    return _key(rows[0]) if rows else None
