"""Per-credential rate limits: requests per key, token or (for anonymous) client address, counted in
hub.shared.counts (in Redis for every process when HUB_REDIS_URL is set)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from limits import RateLimitItem, RateLimitItemPerMinute, RateLimitItemPerSecond
from starlette.requests import HTTPConnection
from starlette.responses import Response

from hub.auth.principal import Principal, principal_of
from hub.auth.roles import Capability
from hub.limits.responses import error_response
from hub.shared.counts import Counts


@dataclass(frozen=True)
class Limit:
    """`per_minute` a minute and, of them, at most `per_second` in any one second; no limit at 0 a minute."""

    items: tuple[RateLimitItem, ...]

    @classmethod
    def of(cls, name: str, per_minute: int, per_second: int | None = None) -> Limit:
        """The limit counted under `name` (callers' counts are kept apart per name)."""
        if per_minute == 0:
            return cls(())
        minute = RateLimitItemPerMinute(per_minute, namespace=name)
        if per_second is None or per_second >= per_minute:
            return cls((minute,))
        return cls((RateLimitItemPerSecond(per_second, namespace=name), minute))

    def __bool__(self) -> bool:
        return bool(self.items)

    async def hit(self, counts: Counts, caller: str) -> float:
        """Count one for the caller: 0 when within the limit, else the seconds until it is."""
        for item in self.items:
            if wait := await counts.hit(item, caller):
                return wait
        return 0.0

    async def wait(self, counts: Counts, caller: str) -> float:
        """The seconds until the caller is within the limit again, nothing counted (0: it is now)."""
        for item in self.items:
            if wait := await counts.wait(item, caller):
                return wait
        return 0.0


def address(connection: HTTPConnection) -> str:
    """The client's address: the peer's, or what a trusted proxy says it is (hub.edge.server)."""
    return f"ip:{connection.client.host if connection.client else 'unknown'}"


def caller(connection: HTTPConnection, principal: Principal) -> str:
    """Whose bucket: the credential, or the client address for anonymous requests."""
    if principal.credential_id is not None:
        return principal.credential_id
    return address(connection)


def too_many(wait: float, message: str) -> Response:
    """429 RATE_LIMITED, saying when to retry."""
    retry = str(math.ceil(wait))
    return error_response(429, "RATE_LIMITED", f"{message}; retry in {retry} s", {"Retry-After": retry})


async def refusal(limit: Limit, connection: HTTPConnection) -> Response | None:
    """Count the request against its caller's limit (after authentication: the principal decides whose it
    is): 429 with Retry-After past it, None within it, or for callers with FREE_QUERIES."""
    principal = principal_of(connection)
    if principal.can(Capability.FREE_QUERIES):
        return None
    wait = await limit.hit(connection.app.state.counts, caller(connection, principal))
    return too_many(wait, "too many requests") if wait > 0 else None
