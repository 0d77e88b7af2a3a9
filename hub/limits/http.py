"""The HTTP-level limits, assembled: `guard` wraps the GraphQL endpoint, `middleware` goes on the app."""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp

from hub.auth.middleware import AuthMiddleware
from hub.config import Settings
from hub.database.gate import DatabaseGate
from hub.limits.batching import NoBatching
from hub.limits.body import BodyLimit
from hub.limits.csrf import JsonPostsOnly
from hub.limits.rate import RateLimit
from hub.observe.access import AccessLog
from hub.persisted.middleware import PersistedOperations
from hub.persisted.registry import Registry
from hub.request_id import RequestId


def guard(
    endpoint: ASGIApp, settings: Settings, registry: Registry | None = None, *, allow_list: bool = True
) -> ASGIApp:
    """The endpoint behind, outermost first: JSON-only POSTs (415), body size and time (413, 408), no
    batches (400), the database away (503), authentication (401, and 429 past the failures a client
    address may make), rate limit (429), persisted operations (400/403 in production: allow-list only; not
    for an endpoint that runs no GraphQL, `allow_list=False`).
    Use as `Route("/graphql", guard(graphql, settings), ...)`.
    """
    app: ASGIApp = PersistedOperations(endpoint, settings, registry) if allow_list else endpoint
    app = RateLimit(app, settings)
    app = AuthMiddleware(app, settings)
    app = DatabaseGate(app)
    app = NoBatching(app)
    app = BodyLimit(app, settings.hub_max_body_bytes, settings.hub_body_timeout)
    return JsonPostsOnly(app)


def middleware(settings: Settings) -> list[Middleware]:
    """App-wide, outermost first: a request id on every request and its log lines; its access line and
    metrics (hub.observe.access); CORS for the origins in
    HUB_CORS_ORIGINS (none: no cross-origin browser access)."""
    return [
        Middleware(RequestId),
        Middleware(AccessLog),
        Middleware(
            CORSMiddleware,
            allow_origins=list(settings.hub_cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=[
                "Authorization",
                "X-API-Key",
                "X-Hub-Explain",
                "X-Request-Id",
                "Content-Type",
                "Accept",
            ],
            expose_headers=["X-Request-Id", "Retry-After"],
            max_age=600,
        ),
    ]
