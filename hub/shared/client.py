"""The Redis client of a process: short timeouts and no retries, so that Redis away costs a request
milliseconds; what uses it then falls back to the process's own state (hub.shared.counts, .revocations)."""

from __future__ import annotations

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from hub.config import Settings

HEALTH_CHECK = 10
"""Seconds an idle connection (a subscription's) may go unchecked, so that a silent loss is noticed."""


def connect(settings: Settings) -> Redis | None:
    """A client for HUB_REDIS_URL (it connects on first use), or None when unset."""
    if settings.hub_redis_url is None:
        return None
    return Redis.from_url(
        settings.hub_redis_url,
        socket_timeout=settings.hub_redis_timeout,
        socket_connect_timeout=settings.hub_redis_timeout,
        retry=Retry(NoBackoff(), 0),
        health_check_interval=HEALTH_CHECK,
    )
