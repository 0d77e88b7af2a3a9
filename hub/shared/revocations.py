"""Key revocations told to every process at once. `hub keys revoke` publishes the key's id on a Redis
channel; each process listens, and forgets its cached keys at each revocation. While a process cannot
listen it uses no cached key (each request looks its key up), and it forgets them all when it listens again,
so that a revocation it did not hear cannot be missed."""

from __future__ import annotations

import asyncio
import logging

from redis.asyncio import Redis
from redis.exceptions import RedisError

from hub.auth.authenticate import Authenticator
from hub.config import Settings
from hub.shared.client import connect

CHANNEL = "hub:keys:revoked"
LISTEN = 1.0
"""Seconds a listener waits for a message before it waits again (and so notices a lost connection)."""
RETRY = 1.0
"""Seconds between attempts to listen again after the connection was lost."""

logger = logging.getLogger("hub.shared")


async def listen(redis: Redis, authenticator: Authenticator) -> None:
    """Until cancelled: forget the cached keys at each revocation; use none while not subscribed."""
    while True:
        try:
            async with redis.pubsub() as subscription:
                await subscription.subscribe(CHANNEL)
                while True:
                    message = await subscription.get_message(timeout=LISTEN)
                    if message is None:
                        continue
                    authenticator.keys.clear()
                    if message["type"] == "subscribe" and not authenticator.keys_trusted:
                        authenticator.keys_trusted = True
                        logger.info("listening for key revocations on Redis: cached keys in use")
        except (RedisError, OSError) as error:
            if authenticator.keys_trusted:
                logger.warning(
                    "Redis did not answer (%s): each request's key is looked up until it does",
                    type(error).__name__,
                )
            authenticator.keys_trusted = False
            authenticator.keys.clear()
            await asyncio.sleep(RETRY)


async def announce(settings: Settings, key_id: str) -> int | None:
    """Tell every listening process that the key is revoked: how many heard; None without HUB_REDIS_URL.
    Raises RedisError or OSError when Redis does not answer."""
    redis = connect(settings)
    if redis is None:
        return None
    async with redis:
        heard: int = await redis.publish(CHANNEL, key_id)
    return heard
