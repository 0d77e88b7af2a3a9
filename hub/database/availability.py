"""Whether Neo4j answers: learnt from the statements that fail to reach it, and watched until it is back.

While it is away, requests are refused at once (`hub.database.gate`) instead of each one waiting to find
out; a watcher tries to reach it every `PROBE_EVERY` seconds and lets requests through again as soon as it
answers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field

from neo4j import AsyncDriver
from neo4j.exceptions import DriverError, Neo4jError

from hub.observe import metrics

PROBE_EVERY = 0.5
PROBE_TIMEOUT = 1.0
RETRY_AFTER = 2
"""Seconds a client is told to wait before it tries again."""

log = logging.getLogger("hub.database")


@dataclass
class Availability:
    driver: AsyncDriver
    database: str
    away: bool = False
    _watcher: asyncio.Task[None] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        metrics.DATABASE_AVAILABLE.set(0 if self.away else 1)

    def lost(self) -> None:
        """A statement could not reach Neo4j: refuse requests until the watcher reaches it again."""
        if not self.away:
            log.warning("Neo4j does not answer: refusing requests until it does")
        self.away = True
        metrics.DATABASE_AVAILABLE.set(0)
        if self._watcher is None or self._watcher.done():
            self._watcher = asyncio.get_running_loop().create_task(self._watch())

    async def answers(self) -> bool:
        """Whether Neo4j answers a trivial query within PROBE_TIMEOUT."""
        try:
            async with asyncio.timeout(PROBE_TIMEOUT):
                await self.driver.execute_query("RETURN 1", database_=self.database)
        except (TimeoutError, DriverError, Neo4jError, OSError):
            return False
        return True

    async def _watch(self) -> None:
        while not await self.answers():
            await asyncio.sleep(PROBE_EVERY)
        self.away = False
        metrics.DATABASE_AVAILABLE.set(1)
        log.warning("Neo4j answers again: serving requests")

    async def close(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watcher
