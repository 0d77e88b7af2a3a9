"""Authentication at the edge: a request's principal attached, or the answer refusing the request."""

from __future__ import annotations

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send

from hub.auth.authenticate import authenticator
from hub.auth.errors import AuthError
from hub.auth.principal import ANONYMOUS, attach
from hub.config import Settings
from hub.database.availability import RETRY_AFTER
from hub.limits.rate import Limit, address, too_many
from hub.limits.responses import error_response
from hub.observe import facts

POLICY_VIOLATION = 1008
CREDENTIAL_HEADERS = frozenset({"authorization", "x-api-key"})


PENDING = "credentials_pending"
"""Marks a WebSocket upgraded without credentials on a hub that needs them: they must come in its first
message (hub.graphql.http), before anything else is served on it."""


def credentials_pending(connection: HTTPConnection) -> bool:
    """Whether the connection still owes the credentials this hub needs."""
    return bool(getattr(connection.state, PENDING, False))


def closed(code: str) -> ASGIApp:
    """The answer closing a WebSocket whose credentials are refused."""

    async def close(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "websocket.close", "code": POLICY_VIOLATION, "reason": code})

    return close


class Authentication:
    """Refusals: JSON with a code (401, 400, 503, and 429 past the failed authentications a client address
    may make), or a closed WebSocket. Uses `app.state.driver`."""

    def __init__(self, settings: Settings) -> None:
        self.authenticator = authenticator(settings)
        """Made now: an unusable JWKS fails at start-up, not on the first request."""
        self.failures = Limit.of("auth-failures", settings.hub_auth_failures_per_minute)
        """Failed authentications per client address: past them, its credentials are refused unread."""

    async def refusal(self, connection: HTTPConnection) -> ASGIApp | None:
        """None when the request (HTTP or WebSocket) may go on, its principal attached; else the answer."""
        websocket = connection.scope["type"] == "websocket"
        counts = connection.app.state.counts
        if self.failures and not CREDENTIAL_HEADERS.isdisjoint(connection.headers.keys()):
            wait = await self.failures.wait(counts, address(connection))
            if wait > 0:
                return too_many(wait, "too many failed authentications from this address")
        try:
            principal = await self.authenticator.authenticate(connection.headers, connection.app.state.driver)
        except AuthError as error:
            if websocket and error.code == "AUTH_REQUIRED":
                attach(connection, ANONYMOUS)
                setattr(connection.state, PENDING, True)
                return None
            if self.failures and error.status == 401:
                await self.failures.hit(counts, address(connection))
            if websocket:
                return closed(error.code)
            headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else {}
            if error.status == 503:
                connection.app.state.availability.lost()
                headers["Retry-After"] = str(RETRY_AFTER)
            return error_response(error.status, error.code, error.message, headers)
        attach(connection, principal)
        facts.role(principal.role.value)
        return None
