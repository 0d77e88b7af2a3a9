"""Answering operations in-process, through the plain schema (graphql-core) or the fast path, as
the HTTP endpoint would: execute, then encode the response with orjson."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import orjson
import strawberry
from neo4j import AsyncDriver
from starlette.requests import Request
from strawberry.http import process_result
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from hub.config import Settings
from hub.graphql.context import Context, RoundTrip
from hub.graphql.schema import schema

QUERIES = Path(__file__).resolve().parent.parent / "queries"
FAST = schema
"""The schema as served: the fast path is its executor."""
PLAIN = copy.copy(schema)
PLAIN.execution_context_class = StrawberryGraphQLCoreExecutionContext
"""The same schema executed by graphql-core alone."""


def operations() -> dict[str, tuple[str, dict[str, Any] | None]]:
    """Every operation in queries/ with its variables, by file name."""
    found = {}
    for path in sorted(QUERIES.glob("*.graphql")):
        variables = path.with_suffix(".variables.json")
        found[path.stem] = (
            path.read_text(),
            json.loads(variables.read_text()) if variables.exists() else None,
        )
    return found


class Hub:
    """Runs requests against one driver with the hub's context."""

    def __init__(self, driver: AsyncDriver, settings: Settings) -> None:
        self.driver = driver
        self.settings = settings
        self.last_round_trips: list[RoundTrip] = []

    async def answer(self, query: str, variables: dict[str, Any] | None, *, fast: bool = True) -> bytes:
        request = Request({"type": "http", "method": "POST", "headers": [], "app": None})
        context = Context(driver=self.driver, settings=self.settings, request=request)
        target: strawberry.Schema = FAST if fast else PLAIN
        result = await target.execute(query, variables, context_value=context)
        self.last_round_trips = context.round_trips
        if result.errors:
            raise RuntimeError(f"{result.errors[0].message}")
        return orjson.dumps(process_result(result))
