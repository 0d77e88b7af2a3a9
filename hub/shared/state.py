"""An app's share of the common state, opened and closed by its lifespan: the counts its rate limits use,
and (with Redis) the task that listens for key revocations."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from hub.auth.authenticate import authenticator
from hub.config import Settings
from hub.shared.client import connect
from hub.shared.counts import Counts
from hub.shared.revocations import listen


@asynccontextmanager
async def shared_state(settings: Settings) -> AsyncIterator[Counts]:
    """The counts for this app's rate limits; with HUB_REDIS_URL, revocations heard meanwhile."""
    redis = connect(settings)
    if redis is None:
        yield Counts(None)
        return
    listening = asyncio.create_task(listen(redis, authenticator(settings)))
    try:
        yield Counts(redis)
    finally:
        listening.cancel()
        await asyncio.gather(listening, return_exceptions=True)
        await redis.aclose()
