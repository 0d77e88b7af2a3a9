"""From a request's headers to a principal: an API key, a JWT, or anonymous."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import cache

from neo4j import AsyncDriver
from neo4j.exceptions import DriverError, Neo4jError
from starlette.datastructures import Headers

from hub.auth import keys
from hub.auth.cache import TtlCache
from hub.auth.errors import AuthError
from hub.auth.principal import ANONYMOUS, Principal
from hub.auth.tokens import TokenVerifier
from hub.config import Settings
from hub.observe import metrics

LOOKUP_TIMEOUT = 1.5
"""Seconds an API key may take to look up; longer, and the request is answered DATABASE_UNAVAILABLE."""


@dataclass(frozen=True)
class Credential:
    secret: str
    api_key: bool
    """An API key rather than a JWT."""


def credential(headers: Headers) -> Credential | None:
    """`X-API-Key: <key>` or `Authorization: Bearer <key or JWT>` (keys start `hub_`); None if absent."""
    api_key = headers.get("x-api-key")
    authorization = headers.get("authorization")
    if api_key is not None and authorization is not None:
        raise AuthError(400, "AMBIGUOUS_CREDENTIALS", "send either Authorization or X-API-Key, not both")
    if api_key is not None:
        return Credential(api_key.strip(), api_key=True)
    if authorization is None:
        return None
    scheme, _, value = authorization.strip().partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not value:
        raise AuthError(401, "INVALID_CREDENTIALS", "the Authorization header must be 'Bearer <token>'")
    return Credential(value, api_key=value.startswith(keys.PREFIX))


class Authenticator:
    """Holds what outlives a request: the token keys and the cache of key hash → stored key.

    Without Redis, a revoked key stays usable for at most HUB_API_KEY_CACHE_TTL seconds in each process
    that has it cached. With Redis, cached keys are used only while the process hears of revocations
    (hub.shared.revocations), and forgotten at each one.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.tokens = TokenVerifier(settings) if settings.jwt_enabled else None
        self.keys: TtlCache[str, keys.ApiKey] = TtlCache(settings.hub_api_key_cache_ttl)
        self.unknown: TtlCache[str, None] = TtlCache(settings.hub_api_key_cache_ttl)
        """Hashes no key has: a cache of their own, so that a flood of them cannot evict the known keys."""
        self.keys_trusted = settings.hub_redis_url is None
        """Whether cached keys may be used; with Redis, only while revocations are heard."""

    async def authenticate(self, headers: Headers, driver: AsyncDriver) -> Principal:
        """The principal of credentials sent as headers (a request's, or a WebSocket's first message's)."""
        presented = credential(headers)
        if presented is None:
            if not self.settings.hub_allow_anonymous:
                raise AuthError(401, "AUTH_REQUIRED", "this hub needs an API key or a bearer token")
            return ANONYMOUS
        if presented.api_key:
            return await self.api_key(presented.secret, driver)
        if self.tokens is None:
            raise AuthError(401, "INVALID_TOKEN", "this hub accepts API keys but no other bearer tokens")
        return self.tokens.principal(presented.secret)

    async def api_key(self, secret: str, driver: AsyncDriver) -> Principal:
        well_formed = secret.startswith(keys.PREFIX) and len(secret) <= keys.MAX_KEY_LENGTH
        key = await self.stored(keys.digest(secret), driver) if well_formed else None
        if key is None:
            raise AuthError(401, "INVALID_API_KEY", "unknown API key")
        if key.revoked:
            raise AuthError(401, "API_KEY_REVOKED", "this API key has been revoked")
        return Principal(subject=f"key:{key.id}", role=key.role, org=key.org, credential_id=key.id)

    async def stored(self, digest: str, driver: AsyncDriver) -> keys.ApiKey | None:
        hit, key = self.keys.get(digest) if self.keys_trusted else (False, None)
        hit = hit or self.unknown.get(digest)[0]
        metrics.looked_up("api_key", hit)
        if hit:
            return key
        try:
            async with asyncio.timeout(LOOKUP_TIMEOUT):
                key = await keys.find_key(driver, self.settings.neo4j_database, digest, LOOKUP_TIMEOUT)
        except (DriverError, Neo4jError, OSError, TimeoutError):
            raise AuthError(
                503, "DATABASE_UNAVAILABLE", "the database is not available at the moment; retry shortly"
            ) from None
        if key is None:
            self.unknown.put(digest, None)
        else:
            self.keys.put(digest, key)
        return key


@cache
def authenticator(settings: Settings) -> Authenticator:
    """One authenticator per settings (so per app); raises SettingsError when the JWKS is unusable."""
    return Authenticator(settings)
