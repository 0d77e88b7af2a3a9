"""Per-credential rate limit: an in-memory token bucket per key, token or (for anonymous) client address."""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable

from starlette.requests import HTTPConnection
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from hub.auth.principal import Principal, principal_of
from hub.auth.roles import Capability
from hub.config import Settings
from hub.limits.responses import error_response


class TokenBuckets:
    """`burst` requests at once, refilled at `per_minute`; least recently seen callers forgotten first."""

    def __init__(
        self,
        per_minute: int,
        burst: int,
        *,
        max_callers: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = per_minute / 60
        self.burst = burst
        self.max_callers = max_callers
        self.clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, caller: str) -> float:
        """Spend one token: 0 when allowed, else the seconds until one is available."""
        now = self.clock()
        tokens = self._tokens(self._buckets.pop(caller, None), now)
        wait = self._wait(tokens)
        self._buckets[caller] = (tokens - 1 if wait == 0 else tokens, now)
        while len(self._buckets) > self.max_callers:
            self._buckets.popitem(last=False)
        return wait

    def wait(self, caller: str) -> float:
        """The seconds until the caller has a token, none spent."""
        return self._wait(self._tokens(self._buckets.get(caller), self.clock()))

    def _tokens(self, bucket: tuple[float, float] | None, now: float) -> float:
        if bucket is None:
            return float(self.burst)
        tokens, since = bucket
        return min(float(self.burst), tokens + (now - since) * self.rate)

    def _wait(self, tokens: float) -> float:
        return 0.0 if tokens >= 1 else (1 - tokens) / self.rate


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


class RateLimit:
    """429 with Retry-After past the limit; runs after AuthMiddleware. Off at HUB_RATE_LIMIT_PER_MINUTE=0."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.buckets = TokenBuckets(settings.hub_rate_limit_per_minute, settings.hub_rate_limit_burst)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.buckets.rate > 0:
            connection = HTTPConnection(scope)
            principal = principal_of(connection)
            if not principal.can(Capability.FREE_QUERIES):
                wait = self.buckets.take(caller(connection, principal))
                if wait > 0:
                    await too_many(wait, "too many requests")(scope, receive, send)
                    return
        await self.app(scope, receive, send)
