"""The uvicorn server `hub serve` runs: the proxies it trusts, how long and how many clients it keeps
(its worker processes: hub.edge.workers)."""

from __future__ import annotations

from functools import partial
from typing import Any

import uvicorn
from starlette.types import ASGIApp

from hub import logs
from hub.config import Settings
from hub.edge.protocol import EdgeProtocol


def server_options(settings: Settings) -> dict[str, Any]:
    """uvicorn's options. X-Forwarded-For and -Proto are read only from HUB_TRUSTED_PROXIES (none by
    default): anyone else's are ignored, so a client cannot pick the address its rate limit counts against.
    A request head must arrive within HUB_HEADER_TIMEOUT seconds (the body within HUB_BODY_TIMEOUT,
    hub.limits.body), an idle connection is closed after HUB_KEEP_ALIVE_TIMEOUT, and past HUB_MAX_CONNECTIONS
    open connections (per worker) a new one is answered 503 TOO_MANY_CONNECTIONS (hub.edge.protocol)."""
    trusted = list(settings.hub_trusted_proxies)
    protocol = partial(
        EdgeProtocol, head_timeout=settings.hub_header_timeout, max_connections=settings.hub_max_connections
    )
    return {
        "host": settings.hub_host,
        "port": settings.hub_port,
        "http": protocol,  # httptools' parser (hub.edge.protocol)
        "loop": "uvloop",
        "ws": "wsproto",  # subscriptions (hub.graphql.subscriptions)
        "proxy_headers": bool(trusted),
        "forwarded_allow_ips": trusted or None,
        "timeout_keep_alive": settings.hub_keep_alive_timeout,
        "log_config": logs.config(settings),
        "access_log": False,  # hub.observe.access writes the access lines
        "timeout_graceful_shutdown": settings.hub_shutdown_grace,
    }


def server_config(settings: Settings, app: ASGIApp) -> uvicorn.Config:
    """One process serving `app`."""
    return uvicorn.Config(app, **server_options(settings))
