"""The hub's extension runner (hub.graphql.hooks) calls every kind of hook as Strawberry's own does."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import strawberry
from strawberry.extensions import SchemaExtension

from hub.graphql.error_log import Schema


@strawberry.type
class Query:
    @strawberry.field
    def hello(self) -> str:
        return "world"


def recording(calls: list[str]) -> type[SchemaExtension]:
    class Recording(SchemaExtension):
        def on_operation(self) -> Iterator[None]:
            calls.append("operation start")
            yield
            calls.append("operation end")

        async def on_execute(self) -> AsyncIterator[None]:
            calls.append("execute start")
            yield
            calls.append("execute end")

        def on_parse(self) -> None:  # type: ignore[override]
            calls.append("parse")

    return Recording


async def test_generator_async_and_plain_hooks_run_in_order_per_request() -> None:
    calls: list[str] = []
    schema = Schema(query=Query, extensions=[recording(calls)])
    for _ in range(2):
        result = await schema.execute("{ hello }")
        assert result.errors is None and result.data == {"hello": "world"}
    once = ["operation start", "parse", "execute start", "execute end", "operation end"]
    assert calls == once + once


async def test_each_request_gets_its_own_extension_instance() -> None:
    seen: list[int] = []

    class Instance(SchemaExtension):
        def on_validate(self) -> Iterator[None]:
            seen.append(id(self))
            yield

    schema = Schema(query=Query, extensions=[Instance])
    first = await schema.execute("{ hello }")
    second = await schema.execute("{ hello }")
    assert first.data == second.data == {"hello": "world"}
    assert len(seen) == 2
