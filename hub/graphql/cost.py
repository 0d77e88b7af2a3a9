"""The cost model, declared once: what an answer may hold, and what a domain question may make Neo4j read.

Both are refused with QUERY_TOO_COSTLY, with the estimate and the limit, before the work is done:

- **Response cost** (HUB_MAX_COST), measured on the document at validation (hub/limits/measure.py): every
  object field counts once per object its list can hold. A list holds what its page argument asks
  (`first`, `last`, `limit`; the page policy's default when absent), or what its field declares under
  `SIZE` in its metadata, from the arguments of the root field it is under.
- **Database work** (HUB_MAX_WORK), priced inside each domain question's statement before its expensive
  part runs, from the graph's own statistics: the count store's label and relationship-type counts and
  the degrees of the nodes the question starts from or walks next, all read in constant time. A compiled
  root field whose `where` walks relationships is priced the same way: every node of its kinds, times the
  related nodes its filters read on average; an aggregate adds the rows its relationship dimensions make
  (`grouped`). The statement returns its `estimate`; over the limit it reads nothing more.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from graphql import GraphQLField

from hub.config import Settings
from hub.graphql.catalog import Relation
from hub.graphql.compiler.plan import AllOf, AnyOf, Not, Predicate, Related
from hub.graphql.errors import QueryTooCostly
from hub.graphql.pages import Pages
from hub.graphql.types.fields import definition_of

SIZE = "hub.size"
"""Metadata key of a list field whose length follows from its root field's arguments."""
Size = Callable[[Mapping[str, Any], Pages], int]
"""How many items a list holds, given the arguments of the root field it is under."""

ESTIMATE = "estimate"
"""The column in which a domain statement returns the work it priced."""
LIMIT = "$maxWork"
"""The parameter holding HUB_MAX_WORK in a domain statement."""


def size_of(field: GraphQLField) -> Size | None:
    """The size a list field declares, if it does."""
    definition = definition_of(field)
    return None if definition is None else definition.metadata.get(SIZE)


def sized(size: Size) -> dict[str, Size]:
    """Field metadata declaring a list's size: `strawberry.field(metadata=sized(...))`."""
    return {SIZE: size}


def page_of(argument: str, *, times: int = 1, least: int = 0) -> Size:
    """A list holding `times` items per item its root field's `argument` asks for."""

    def size(arguments: Mapping[str, Any], pages: Pages) -> int:
        given = arguments.get(argument)
        return times * pages.size(argument, given if isinstance(given, int) else None, least=least)

    return size


def number_of(argument: str, *, plus: int = 0, otherwise: int) -> Size:
    """A list holding as many items as the root field's `argument` says (plus `plus`), or `otherwise`
    items when the document does not say."""

    def size(arguments: Mapping[str, Any], pages: Pages) -> int:
        given = arguments.get(argument)
        return (given if isinstance(given, int) else otherwise) + plus

    return size


def at_most(count: int) -> Size:
    """A list holding at most `count` items, whatever is asked."""
    return lambda arguments, pages: count


def degree(var: str, types: Iterable[str] = ()) -> str:
    """The number of relationships of node `var` (of `types`, or any): read from the node, not counted."""
    typed = "|".join(types)
    return f"COUNT {{ ({var})-{f'[:{typed}]' if typed else ''}-() }}"


def degrees(nodes: str, types: Iterable[str] = ()) -> str:
    """The summed degrees of the nodes in the list `nodes`."""
    return f"reduce(total = 0, x IN {nodes} | total + {degree('x', types)})"


def counted(labels: Iterable[str]) -> str:
    """How many nodes carry each of `labels`, summed (the count store)."""
    return " + ".join(f"COUNT {{ (:{label}) }}" for label in labels) or "0"


def related(types: Iterable[str]) -> str:
    """How many relationships of `types` there are, summed (the count store)."""
    return " + ".join(f"COUNT {{ ()-[:{type_}]->() }}" for type_ in types) or "0"


def fanout(relation: Relation) -> str:
    """How many nodes a relationship field reaches from one node, on average (the count store)."""
    ends = relation.kind.sources if relation.outgoing else relation.kind.targets
    return f"(1.0 * {related([relation.kind.type])} / ({counted(sorted(ends))} + 1))"


def filter_reads(predicate: Predicate) -> str | None:
    """The related nodes a filter reads per node it judges, or None when it walks no relationship."""
    match predicate:
        case Related(relation, _, inner):
            return f"{fanout(relation)} * (1 + {filter_reads(inner) or 0})"
        case AllOf(items) | AnyOf(items):
            parts = [part for part in (filter_reads(item) for item in items) if part is not None]
            return " + ".join(parts) if parts else None
        case Not(item):
            return filter_reads(item)
    return None


def filtered(labels: Iterable[str], where: Predicate | None) -> str | None:
    """The work of judging every node of `labels` by `where`, or None when it walks no relationship."""
    reads = None if where is None else filter_reads(where)
    return None if reads is None else f"({counted(labels)}) * (1 + {reads})"


def grouped(labels: Iterable[str], where: Predicate | None, relations: Iterable[Relation]) -> str | None:
    """The work of an aggregate over the nodes of `labels`: judging them by `where`, and walking each
    relationship grouped by, which multiplies the rows by the nodes it reaches (a node reaching none
    still makes one row); None when it walks no relationship."""
    walks = [f"(1 + {fanout(relation)})" for relation in relations]
    judged = filtered(labels, where)
    if not walks:
        return judged
    rows = f"({counted(labels)}) * {' * '.join(walks)}"
    return rows if judged is None else f"{judged} + {rows}"


AVERAGE_DEGREE = "(2.0 * COUNT { ()-->() } / CASE COUNT { () } WHEN 0 THEN 1 ELSE COUNT { () } END)"
"""Relationships per node over the whole graph (the count store)."""


def approximately(estimate: float) -> int:
    """An estimate rounded up to two significant figures: precise enough to act on, and no exact count of
    what the graph holds (degrees count relationships the caller may not see)."""
    whole = max(0, math.ceil(estimate))
    unit: int = 10 ** max(0, len(str(whole)) - 2)
    return -(-whole // unit) * unit


def within(settings: Settings, estimate: float | None) -> None:
    """Refuse a domain question whose priced work is over HUB_MAX_WORK (nothing beyond the pricing ran)."""
    limit = settings.hub_max_work
    if estimate is not None and estimate > limit:
        about = approximately(estimate)
        raise QueryTooCostly(
            f"this question would read about {about:,} rows, over the limit of {limit:,}: ask for less"
            " (fewer hops, a smaller limit, fewer kinds, a narrower region)",
            estimate=about,
            limit=limit,
            measure="database work",
        )
