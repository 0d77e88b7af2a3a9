"""The compiled-field protocol: a root field answered by one statement, compiled from its whole selection.

A compiled field keeps its `Compile` in its Strawberry metadata. Whoever executes it (the field's own
resolver under plain graphql-core, or the fast path's executor) plans the selection once, writes the
statement for the viewer, runs it and shapes its one result into the field's value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from graphql import GraphQLField
from strawberry.types import Info
from strawberry.types.field import StrawberryField

from hub.graphql import cost
from hub.graphql.compiler.selection import Selection, root_selection
from hub.graphql.context import Context
from hub.graphql.cypher import run
from hub.graphql.cypher.scope import Statement
from hub.graphql.cypher.viewer import Viewer, viewer_of
from hub.graphql.pages import Pages
from hub.graphql.types.fields import Arguments, definition_of, field

COMPILE = "hub.compile"
"""The metadata key under which a compiled root field keeps its `Compile`."""


@dataclass(frozen=True)
class Scoped:
    """A statement written for one viewer, and how to shape its `result` into the field's value."""

    statement: Statement
    shape: Callable[[Any], Any]


Compiled = Callable[[Viewer], Scoped]
"""A planned root field: for a viewer, its statement and how to shape the result."""
Compile = Callable[[Selection, Pages], Compiled]
"""Plans a root field's selection, with the page-size policy."""


def compiler_of(graphql: GraphQLField) -> Compile | None:
    """The root field's `Compile`, when it is a compiled field."""
    definition = definition_of(graphql)
    return None if definition is None else definition.metadata.get(COMPILE)


async def answer(context: Context, scoped: Scoped) -> Any:
    """Run a written statement and shape its one result into the field's value; a statement that priced
    its work over HUB_MAX_WORK read nothing, and is refused."""
    settings = context.settings
    rows = await run.read(context, scoped.statement.given(maxWork=settings.hub_max_work))
    cost.within(settings, rows[0].get(cost.ESTIMATE))
    return scoped.shape(rows[0]["result"])


def compiled_field(
    name: str, annotation: Any, compile_: Compile, arguments: Arguments, description: str
) -> StrawberryField:
    """A root field answered by one statement, compiled from the field's whole selection."""

    async def resolve(root: Any, info: Info[Context, None], **_arguments: Any) -> Any:
        context = info.context
        compiled = compile_(root_selection(info), Pages.of(context.settings))
        return await answer(context, compiled(viewer_of(context)))

    built = field(name, annotation, description=description, arguments=arguments, resolver=resolve)
    built.metadata = MappingProxyType({**built.metadata, COMPILE: compile_})
    return built
