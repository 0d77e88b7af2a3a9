"""What every domain question does besides its own Cypher: check its arguments, run its one statement
within the request's budget, refuse it when its priced work is over the limit, and say which node it
could not find."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import strawberry
from strawberry.types.nodes import SelectedField

from hub.graphql import cost
from hub.graphql.context import Context
from hub.graphql.cypher import run
from hub.graphql.cypher.scope import Statement
from hub.graphql.domain.refs import NodeKind
from hub.graphql.errors import BadRequest, NotFound
from hub.graphql.pages import Pages

Row = dict[str, Any]


def pages(info: strawberry.Info[Context, None]) -> Pages:
    return Pages.of(info.context.settings)


def bounded(name: str, value: int, low: int, high: int) -> int:
    """The value, or a BadRequest naming the argument when it is outside [low, high]."""
    if not low <= value <= high:
        raise BadRequest(f"{name} must be between {low} and {high}, got {value}")
    return value


def selects(info: strawberry.Info[Context, None], *names: str) -> bool:
    """Whether the field's selection asks for any of `names` (its own fields, fragments included): a
    question need not compute a part nobody asked for."""
    pending: list[Any] = [selection for field in info.selected_fields for selection in field.selections]
    while pending:
        selection = pending.pop()
        if isinstance(selection, SelectedField):
            if selection.name in names:
                return True
        else:
            pending.extend(selection.selections)
    return False


def chosen(
    kinds: Iterable[NodeKind] | None, allowed: Iterable[str] | None = None, argument: str = "kinds"
) -> list[str] | None:
    """The labels of the chosen kinds (None for no choice); BadRequest for an empty or disallowed choice."""
    if kinds is None:
        return None
    labels = sorted({kind.value for kind in kinds})
    if not labels:
        raise BadRequest(f"{argument} must name at least one kind, or be left out")
    if allowed is not None:
        refused = [label for label in labels if label not in set(allowed)]
        if refused:
            raise BadRequest(f"{argument} may not include {', '.join(refused)} here")
    return labels


async def ask(info: strawberry.Info[Context, None], statement: Statement, **values: Any) -> Row | None:
    """The statement's one row (None when it has none), its priced work checked against HUB_MAX_WORK."""
    context = info.context
    settings = context.settings
    rows = await run.read(context, statement.given(**values, maxWork=settings.hub_max_work))
    if not rows:
        return None
    row = rows[0]
    cost.within(settings, row.get(cost.ESTIMATE))
    return row


def missing(*ids: object) -> NotFound:
    return NotFound(f"no node has id {' or '.join(map(repr, ids))}")
