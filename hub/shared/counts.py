"""Rate-limit counts, in sliding windows (the `limits` library): in Redis for every worker and replica when
HUB_REDIS_URL is set, else in this process. While Redis is away they count in this process, and Redis is
tried again every RETRY seconds."""

from __future__ import annotations

import logging
import math
import time

from limits import RateLimitItem
from limits.aio.storage import MemoryStorage, RedisStorage
from limits.aio.strategies import SlidingWindowCounterRateLimiter
from limits.errors import StorageError
from redis.asyncio import Redis

from hub.observe import metrics

RETRY = 5.0
"""Seconds limits count in the process after Redis failed to answer, before Redis is asked again."""
KEY_PREFIX = "hub:limits"

logger = logging.getLogger("hub.shared")


class Counts:
    """Where each caller's requests are counted; one per app (its lifespan opens it)."""

    def __init__(self, redis: Redis | None) -> None:
        self.local = SlidingWindowCounterRateLimiter(MemoryStorage())
        self.shared = (
            SlidingWindowCounterRateLimiter(
                RedisStorage(
                    "async+redis://",
                    wrap_exceptions=True,
                    implementation="redispy",
                    key_prefix=KEY_PREFIX,
                    connection_pool=redis.connection_pool,  # type: ignore[arg-type]
                )
            )
            if redis is not None
            else None
        )
        self.retry_at: float | None = None
        """While Redis is away: when to ask it again."""
        if self.shared is not None:
            metrics.REDIS_AVAILABLE.set(1)

    async def hit(self, item: RateLimitItem, caller: str) -> float:
        """Count one request of the caller: 0 when within the limit, else the seconds until it is."""
        return await self._counted(item, caller, spend=True)

    async def wait(self, item: RateLimitItem, caller: str) -> float:
        """The seconds until the caller may make one more request, none counted: 0 when it may now."""
        return await self._counted(item, caller, spend=False)

    async def _counted(self, item: RateLimitItem, caller: str, *, spend: bool) -> float:
        if self.shared is None or (self.retry_at is not None and time.monotonic() < self.retry_at):
            return await _ask(self.local, item, caller, spend)
        try:
            wait = await _ask(self.shared, item, caller, spend)
        except StorageError as error:
            self._away(error)
            return await _ask(self.local, item, caller, spend)
        if self.retry_at is not None:
            self.retry_at = None
            metrics.REDIS_AVAILABLE.set(1)
            logger.warning("Redis answers again: rate limits count for every process")
        return wait

    def _away(self, error: StorageError) -> None:
        if self.retry_at is None:
            metrics.REDIS_AVAILABLE.set(0)
            logger.warning(
                "Redis did not answer (%s): rate limits count in this process; Redis asked again in %g s",
                type(error.storage_error).__name__,
                RETRY,
            )
        self.retry_at = time.monotonic() + RETRY


async def _ask(
    limiter: SlidingWindowCounterRateLimiter, item: RateLimitItem, caller: str, spend: bool
) -> float:
    allowed = await (limiter.hit(item, caller) if spend else limiter.test(item, caller))
    if allowed:
        return 0.0
    reset = (await limiter.get_window_stats(item, caller)).reset_time
    return max(1.0, math.ceil(reset - time.time()))
