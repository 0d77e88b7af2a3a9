"""Root fields: each compiles its whole selection into one statement and makes one round trip.

A selection is planned once; the statement is then written for the caller's viewer (what it may read).
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types.field import StrawberryField

from hub.graphql.catalog import CATALOG
from hub.graphql.compiler import planner, shape
from hub.graphql.compiler.field import Compiled, Scoped, compiled_field
from hub.graphql.compiler.selection import Selection
from hub.graphql.compiler.statements import (
    aggregate_statement,
    connection_statement,
    lookup_statement,
    search_statement,
)
from hub.graphql.naming import plural
from hub.graphql.pages import Pages
from hub.graphql.types.aggregates import group_by_enum, group_type
from hub.graphql.types.enums import FundingGroupBy, NodeKind
from hub.graphql.types.fields import list_of, optional
from hub.graphql.types.inputs import WHERE, order_by
from hub.graphql.types.objects import ROOT_CONNECTIONS, Node
from hub.graphql.types.results import FundingGroup, SearchHit
from hub.model import FUNDING_FLOW, ORGANISATION

UNSET: Any = strawberry.UNSET
AGGREGATE = "Aggregate"
"""A root collection's aggregate field is its name and this (as in @neo4j/graphql): `schoolsAggregate`."""


def collection(type_name: str) -> StrawberryField:
    """`schools`, `companies`, …, `organisations`: a Relay connection with keyset cursors."""
    spec = CATALOG[type_name]

    def compile_(selection: Selection, pages: Pages) -> Compiled:
        plan = planner.root_connection(spec, selection, pages)
        return lambda viewer: Scoped(
            connection_statement(plan, viewer), shape.Shaping(plan, shape.connection)
        )

    return compiled_field(
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
        f"{type_name} nodes, a page at a time: first/after forwards, last/before backwards"
        " (HUB_DEFAULT_PAGE_SIZE when neither is given, at most HUB_MAX_PAGE_SIZE).",
    )


def aggregate(type_name: str) -> StrawberryField:
    """`schoolsAggregate`, …, `organisationsAggregate`: groups of a root collection's nodes."""
    spec = CATALOG[type_name]

    def compile_(selection: Selection, pages: Pages) -> Compiled:
        plan = planner.aggregate(spec, selection, pages)
        return lambda viewer: Scoped(aggregate_statement(plan, viewer), shape.Shaping(plan, shape.groups))

    return compiled_field(
        f"{plural(type_name)}{AGGREGATE}",
        list_of(group_type(type_name)),
        compile_,
        [
            ("where", optional(WHERE[type_name]), UNSET),
            ("groupBy", optional(list_of(group_by_enum(type_name))), UNSET),
        ],
        f"{type_name} nodes grouped by the given dimensions (none: one group of all), ordered by them: how"
        " many, and the min, max, sum and avg of each number (min and max of each date). A relationship"
        " dimension groups a node under each node it reaches (so a node with several counts once in each of"
        " their groups; one reaching none groups under null); a …_YEAR dimension groups by a date's year.",
    )


def _node(selection: Selection, pages: Pages) -> Compiled:
    plan = planner.lookup(selection, [selection.arguments["id"]], pages, many=False)
    return lambda viewer: Scoped(lookup_statement(plan, viewer), shape.Shaping(plan, shape.found))


def _nodes(selection: Selection, pages: Pages) -> Compiled:
    plan = planner.lookup(selection, selection.arguments["ids"], pages, many=True)
    return lambda viewer: Scoped(lookup_statement(plan, viewer), shape.Shaping(plan, shape.lookup))


def _search(selection: Selection, pages: Pages) -> Compiled:
    plan = planner.search(selection, pages)
    return lambda viewer: Scoped(search_statement(plan, viewer), shape.Shaping(plan, shape.search))


def _funding(selection: Selection, pages: Pages) -> Compiled:
    plan = planner.funding_aggregate(selection, pages)
    return lambda viewer: Scoped(aggregate_statement(plan, viewer), shape.Shaping(plan, shape.funding_groups))


def root_fields() -> dict[str, StrawberryField]:
    """Every generated root field by name."""
    collections = [name for name, spec in CATALOG.items() if not spec.abstract or name == ORGANISATION]
    fields = {plural(name): collection(name) for name in collections}
    fields |= {f"{plural(name)}{AGGREGATE}": aggregate(name) for name in collections}
    fields["node"] = compiled_field(
        "node",
        optional(Node),
        _node,
        [("id", strawberry.ID, UNSET)],
        "The node with this slug or global id, or null.",
    )
    fields["nodes"] = compiled_field(
        "nodes",
        list_of(optional(Node)),
        _nodes,
        [("ids", list_of(strawberry.ID), UNSET)],
        "The nodes with these slugs or global ids, in the same order; null where there is none (an id that is"
        " neither also gets an error naming it).",
    )
    fields["search"] = compiled_field(
        "search",
        list_of(SearchHit),
        _search,
        [
            ("query", str, UNSET),
            ("kinds", optional(list_of(NodeKind)), UNSET),
            ("first", optional(int), UNSET),
            ("after", optional(str), UNSET),
        ],
        "Full-text search over names and descriptions, best match first (then by id). The query is plain"
        " words, no operators: punctuation is ignored, and only the first 8 words count. Accents and case"
        " do not matter ('orientatie' finds 'Oriëntatie'). Each word finds the same word, words it begins"
        " ('techniek' finds 'techniekonderwijs'; words of 3 letters or more) and words a typo or two away"
        " ('Overijsel' finds 'Overijssel'; one edit for 4 to 7 letters, two for 8 to 32, none for numbers),"
        " ranked in that order. A hit needs one of the words; more of them, and better, rank higher. Each"
        " hit's cursor, passed as `after`, goes on after it.",
    )
    fields["fundingAggregate"] = compiled_field(
        "fundingAggregate",
        list_of(FundingGroup),
        _funding,
        [
            ("where", optional(WHERE[FUNDING_FLOW]), UNSET),
            ("groupBy", optional(list_of(FundingGroupBy)), UNSET),
        ],
        "Funding flows grouped by the given keys (none: one group of all), counted and summed: the"
        " FundingFlow instance of fundingFlowsAggregate, in the shape it has always had.",
    )
    return fields
