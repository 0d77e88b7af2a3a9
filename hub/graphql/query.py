"""Root fields: each compiles its whole selection into one statement and makes one round trip.

A selection is planned once; the statement is then written for the caller's viewer (what it may read).
"""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType
from typing import Any

import strawberry
from strawberry.types import Info
from strawberry.types.field import StrawberryField

from hub.graphql.catalog import CATALOG
from hub.graphql.compiler import planner, shape
from hub.graphql.compiler.cypher import (
    Statement,
    connection_statement,
    funding_aggregate_statement,
    lookup_statement,
    search_statement,
)
from hub.graphql.compiler.selection import Selection, root_selection
from hub.graphql.compiler.viewer import Viewer, viewer_of
from hub.graphql.context import Context
from hub.graphql.execute import run
from hub.graphql.naming import plural
from hub.graphql.types.enums import FundingGroupBy, NodeKind
from hub.graphql.types.fields import field, list_of, optional
from hub.graphql.types.inputs import WHERE, order_by
from hub.graphql.types.objects import ROOT_CONNECTIONS, Node
from hub.graphql.types.results import FundingGroup, SearchHit
from hub.model import ORGANISATION

UNSET: Any = strawberry.UNSET

Scoped = tuple[Statement, Callable[[Any], Any]]
"""A statement and how to shape its `result` into the field's value."""
Compiled = Callable[[Viewer], Scoped]
"""A planned root field: for a viewer, its statement and how to shape the result."""

COMPILE = "hub.compile"
"""The metadata key under which a compiled root field keeps its `Selection -> Compiled` function."""


def root_field(
    name: str,
    annotation: Any,
    compile_: Callable[[Selection], Compiled],
    arguments: list[tuple[str, Any, Any]],
    description: str,
) -> StrawberryField:
    """A root field answered by one statement, compiled from the field's whole selection."""

    async def resolve(root: Any, info: Info[Context, None], **_arguments: Any) -> Any:
        return await answer(info.context, compile_, root_selection(info))

    built = field(name, annotation, description=description, arguments=arguments, resolver=resolve)
    built.metadata = MappingProxyType({**built.metadata, COMPILE: compile_})
    return built


async def answer(context: Context, compile_: Callable[[Selection], Compiled], selection: Selection) -> Any:
    """Compile `selection` for the caller, run its one statement, shape the result into the value."""
    return await run_scoped(context, compile_(selection)(viewer_of(context)))


async def run_scoped(context: Context, scoped: Scoped) -> Any:
    """Run a compiled statement and shape its result into the field's value."""
    statement, shape_result = scoped
    rows = await run(context, statement.text, statement.parameters)
    return shape_result(rows[0]["result"])


def collection(type_name: str) -> StrawberryField:
    """`schools`, `companies`, …, `organisations`: a Relay connection with keyset cursors."""
    spec = CATALOG[type_name]

    def compile_(selection: Selection) -> Compiled:
        plan = planner.root_connection(spec, selection)
        return lambda viewer: (
            connection_statement(plan, viewer),
            lambda result: shape.connection(plan, result),
        )

    return root_field(
        plural(type_name),
        ROOT_CONNECTIONS[type_name],
        compile_,
        [
            ("where", optional(WHERE[type_name]), UNSET),
            ("orderBy", optional(list_of(order_by(type_name))), UNSET),
            ("first", optional(int), UNSET),
            ("after", optional(str), UNSET),
            ("last", optional(int), UNSET),
            ("before", optional(str), UNSET),
        ],
        f"{type_name} nodes, a page at a time: first/after forwards, last/before backwards (at most 100).",
    )


def _node(selection: Selection) -> Compiled:
    plan = planner.lookup(selection, [selection.arguments["id"]], many=False)
    return lambda viewer: (lookup_statement(plan, viewer), lambda result: shape.lookup(plan, result)[0])


def _nodes(selection: Selection) -> Compiled:
    plan = planner.lookup(selection, selection.arguments["ids"], many=True)
    return lambda viewer: (lookup_statement(plan, viewer), lambda result: shape.lookup(plan, result))


def _search(selection: Selection) -> Compiled:
    plan = planner.search(selection)
    return lambda viewer: (search_statement(plan, viewer), lambda result: shape.search(plan, result))


def _funding(selection: Selection) -> Compiled:
    plan = planner.funding_aggregate(selection)
    return lambda viewer: (
        funding_aggregate_statement(plan, viewer),
        lambda result: shape.funding_groups(plan, result),
    )


def root_fields() -> dict[str, StrawberryField]:
    """Every generated root field by name."""
    fields = {
        plural(name): collection(name)
        for name, spec in CATALOG.items()
        if not spec.abstract or name == ORGANISATION
    }
    fields["node"] = root_field(
        "node",
        optional(Node),
        _node,
        [("id", strawberry.ID, UNSET)],
        "The node with this global id, or null.",
    )
    fields["nodes"] = root_field(
        "nodes",
        list_of(optional(Node)),
        _nodes,
        [("ids", list_of(strawberry.ID), UNSET)],
        "The nodes with these global ids, in the same order; null where there is none.",
    )
    fields["search"] = root_field(
        "search",
        list_of(SearchHit),
        _search,
        [
            ("query", str, UNSET),
            ("kinds", optional(list_of(NodeKind)), UNSET),
            ("first", int, planner.DEFAULT_PAGE),
        ],
        "Full-text search over names and descriptions, best match first; the query is plain words.",
    )
    fields["fundingAggregate"] = root_field(
        "fundingAggregate",
        list_of(FundingGroup),
        _funding,
        [
            ("where", optional(WHERE["FundingFlow"]), UNSET),
            ("groupBy", optional(list_of(FundingGroupBy)), UNSET),
        ],
        "Funding flows grouped by the given keys (none: one group of all), counted and summed.",
    )
    return fields
