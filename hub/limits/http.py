"""The HTTP edge of the app: `guard` wraps an endpoint, `middleware` goes on the app."""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp

from hub.config import Settings
from hub.limits.guard import Guard
from hub.observe.access import AccessLog
from hub.persisted.registry import Registry


def guard(
    endpoint: ASGIApp, settings: Settings, registry: Registry | None = None, *, allow_list: bool = True
) -> ASGIApp:
    """The endpoint behind the request checks (hub.limits.guard), the allow-list's among them unless it
    runs no GraphQL (`allow_list=False`). Use as `Route("/graphql", guard(graphql, settings), ...)`."""
    return Guard(endpoint, settings, registry, allow_list=allow_list)


def middleware(settings: Settings) -> list[Middleware]:
    """App-wide, outermost first: a request id on every request and its log lines, its access line and
    metrics (hub.observe.access); CORS for the origins in
    HUB_CORS_ORIGINS (none: no cross-origin browser access)."""
    return [
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
