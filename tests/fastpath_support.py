"""Shared by the fast path tests: a seeded graph on its own event loop, and running both paths.

Holds no tests itself. The tests are synchronous so that Hypothesis can drive them; each module runs
its coroutines on one event loop of its own, with a driver opened on that loop.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import orjson
from neo4j import AsyncDriver
from starlette.requests import Request
from strawberry.http import process_result
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from hub.config import Settings
from hub.database import migrations
from hub.database.driver import open_driver
from hub.graphql.context import Context
from hub.graphql.fastpath import FastExecutor
from hub.graphql.schema import schema
from hub.seeding.run import seed_graph
from hub.seeding.validation import read_network
from tests.conftest import wipe

T = TypeVar("T")
FAST = schema
"""The schema as served: the fast path is its executor."""
PLAIN = copy.copy(schema)
PLAIN.execution_context_class = StrawberryGraphQLCoreExecutionContext
"""The same schema executed by graphql-core alone (Strawberry's own executor)."""
SYNTHETIC_ORGANISATIONS = 60


@dataclass
class Graph:
    """A seeded database and the loop its driver lives on."""

    loop: asyncio.AbstractEventLoop
    driver: AsyncDriver
    settings: Settings
    fast_answers: int = 0

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(coroutine)

    def context(self) -> Context:
        request = Request({"type": "http", "method": "POST", "headers": [], "app": None})
        return Context(driver=self.driver, settings=self.settings, request=request)

    async def both(self, query: str, variables: dict[str, Any] | None = None) -> tuple[bytes, bytes, bool]:
        """The JSON body of graphql-core's answer and of the fast path's, and whether it was fast."""
        before = self.fast_answers
        slow = await PLAIN.execute(query, variables, context_value=self.context())
        fast = await FAST.execute(query, variables, context_value=self.context())
        return (
            orjson.dumps(process_result(slow)),
            orjson.dumps(process_result(fast)),
            self.fast_answers > before,
        )


def seeded_graph(settings: Settings, repo_root: Any) -> Iterator[Graph]:
    """The source network and a small synthetic layer, seeded once for a module."""
    loop = asyncio.new_event_loop()
    driver = open_driver(settings)
    graph = Graph(loop, driver, settings)

    async def seed() -> None:
        await wipe(driver)
        await migrations.apply(driver, settings.neo4j_database, settings.hub_schema_dir)
        network = read_network(repo_root / "seeds" / "source")
        await seed_graph(
            driver, settings.neo4j_database, network, organisations=SYNTHETIC_ORGANISATIONS, random_seed=7
        )

    original = FastExecutor.execute_operation

    def counting(executor: FastExecutor, serially: bool | None = None) -> Any:
        graph.fast_answers += executor.fast
        return original(executor, serially)

    FastExecutor.execute_operation = counting  # type: ignore[method-assign]
    try:
        graph.run(seed())
        yield graph
    finally:
        FastExecutor.execute_operation = original  # type: ignore[method-assign]
        graph.run(driver.close())
        loop.close()
