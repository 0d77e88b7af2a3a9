"""`changes`: every create, update and delete of nodes and relationships, oldest first, as the viewer may
see it, read from the audit trail a page at a time.

Entries are ordered by their sequence number (hub.audit.entry), which follows commit order across every
hub process, so a cursor is a position that never moves: what comes after it now comes after it later.
A change is judged by the read rule (hub.graphql.cypher.access) on the facts recorded with it, as the
record was when written (a deleted record too): a side (before, after) the viewer may not see is null,
and a change with neither side visible is absent. Private properties are absent from a side the viewer
does not own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Any, cast

import orjson
import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from hub.audit.entry import AUDIT
from hub.graphql import cost
from hub.graphql.context import Context
from hub.graphql.cypher import access, run
from hub.graphql.cypher.scope import Scope, Statement
from hub.graphql.cypher.viewer import Viewer
from hub.graphql.errors import BadRequest
from hub.graphql.ids import Cursor, global_id, parse_cursor
from hub.graphql.pages import Pages
from hub.model import NODE_KINDS, RELATIONSHIP_KINDS

CURSOR_KEYS = ("sequence:ASC",)
ENTRY = "a"


@strawberry.enum(description="What a write did to a record.")
class ChangeOperation(Enum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


@strawberry.type(description="One write to a node or relationship, as you may see it.")
class Change:
    cursor: str = strawberry.field(description="Pass as `after` to go on after this change.")
    operation: ChangeOperation
    kind: str = strawberry.field(description="The node kind (`School`) or relationship type (`LEADS`).")
    id: strawberry.ID | None = strawberry.field(description="The node's global id; null for a relationship.")
    slug: str | None = strawberry.field(description="The node's slug; null for a relationship.")
    start: strawberry.ID | None = strawberry.field(
        name="from", description="A relationship's start node (global id); null for a node."
    )
    end: strawberry.ID | None = strawberry.field(
        name="to", description="A relationship's end node (global id); null for a node."
    )
    at: dt.datetime = strawberry.field(description="When it was written (the writer's clock).")
    before: JSON | None = strawberry.field(
        description="The values before (null for a create, or where you may not see the record then)."
    )
    after: JSON | None = strawberry.field(
        description="The values after (null for a delete, or where you may not see the record then)."
    )


@strawberry.type(description="A page of the change feed, oldest first.")
class ChangesPage:
    changes: list[Change] = strawberry.field(metadata=cost.sized(cost.page_of("first")))
    end_cursor: str | None = strawberry.field(
        description="Where to go on from: the last change's cursor, or `after` when there was none."
    )
    has_next_page: bool


@dataclass(frozen=True)
class Feed:
    """What a reader of the feed asks: after which position, which kinds."""

    after: str | None
    kinds: tuple[str, ...] | None

    def position(self) -> int:
        """The sequence number `after` names (0: from the start); BAD_USER_INPUT for a malformed one."""
        if self.after is None:
            return 0
        (sequence,) = parse_cursor(self.after, CURSOR_KEYS).values
        if not isinstance(sequence, int) or isinstance(sequence, bool):
            raise BadRequest(f"{self.after!r} is not a valid cursor")
        return sequence

    def checked(self) -> Feed:
        """The feed, its kinds known ones (BAD_USER_INPUT naming the others)."""
        unknown = sorted(set(self.kinds or ()) - NODE_KINDS.keys() - RELATIONSHIP_KINDS.keys())
        if unknown:
            raise BadRequest(f"kinds: {', '.join(unknown)} is no node kind or relationship type")
        return self


def statement(viewer: Viewer, after: int, kinds: tuple[str, ...] | None, limit: int) -> Statement:
    """The entries after `after` the viewer may see, oldest first, at most `limit`."""
    scope = Scope(viewer)
    conditions = [f"{ENTRY}.sequence > {scope.named('after', after)}"]
    if kinds is not None:
        conditions.append(f"{ENTRY}.kind IN {scope.named('kinds', list(kinds))}")
    sees = {side: access.shown_recorded(scope, ENTRY, side) for side in ("before", "after")}
    owns = {side: access.owned_recorded(scope, ENTRY, side) for side in ("before", "after")}
    return scope.statement(
        f"MATCH ({ENTRY}:{AUDIT}) WHERE {' AND '.join(conditions)} "
        f"WITH {ENTRY}, {sees['before']} AS seesBefore, {sees['after']} AS seesAfter "
        "WHERE seesBefore OR seesAfter "
        f"WITH {ENTRY}, seesBefore, seesAfter ORDER BY {ENTRY}.sequence LIMIT {scope.named('limit', limit)} "
        f"RETURN {ENTRY} {{.sequence, .at, .operation, .kind, .entityId, .start, .startKind, .end, .endKind,"
        f" before: CASE WHEN seesBefore THEN {ENTRY}.before END,"
        f" after: CASE WHEN seesAfter THEN {ENTRY}.after END,"
        f" beforeOwned: {owns['before']}, afterOwned: {owns['after']}}} AS change"
    )


def _values(viewer: Viewer, kind: str, text: str | None, owned: bool) -> JSON | None:
    return None if text is None else cast(JSON, access.readable(viewer, kind, orjson.loads(text), owned))


def _end(kind: str | None, slug: str | None) -> strawberry.ID | None:
    return strawberry.ID(global_id(kind, slug)) if kind and slug else None


def change(viewer: Viewer, raw: dict[str, Any]) -> Change:
    """A change from a row of the statement, its values as the viewer may read them."""
    kind, slug = raw["kind"], raw["entityId"]
    node = kind in NODE_KINDS
    return Change(
        cursor=str(Cursor(CURSOR_KEYS, (raw["sequence"],))),
        operation=ChangeOperation(raw["operation"]),
        kind=kind,
        id=strawberry.ID(global_id(kind, slug)) if node else None,
        slug=slug if node else None,
        start=_end(raw.get("startKind"), raw.get("start")),
        end=_end(raw.get("endKind"), raw.get("end")),
        at=raw["at"].to_native(),
        before=_values(viewer, kind, raw["before"], raw["beforeOwned"]),
        after=_values(viewer, kind, raw["after"], raw["afterOwned"]),
    )


async def page(context: Context, feed: Feed, size: int) -> ChangesPage:
    """One page of the feed after `feed.after`: one round trip."""
    viewer = Viewer.of(context.principal)
    rows = await run.read(context, statement(viewer, feed.position(), feed.kinds, size + 1))
    changes = [change(viewer, row["change"]) for row in rows[:size]]
    return ChangesPage(
        changes=changes,
        end_cursor=changes[-1].cursor if changes else feed.after,
        has_next_page=len(rows) > size,
    )


async def _resolve(
    info: Info[Context, None],
    after: str | None = None,
    kinds: list[str] | None = None,
    first: int | None = None,
) -> ChangesPage:
    feed = Feed(after, None if kinds is None else tuple(kinds)).checked()
    return await page(info.context, feed, Pages.of(info.context.settings).size("first", first))


@strawberry.type
class ChangesQuery:
    changes = strawberry.field(
        resolver=_resolve,
        description=(
            "Every create, update and delete of nodes and relationships, oldest first, as you may see them"
            " (a record private to you is absent; a side of a change you may not see is null), a page at a"
            " time: pass `endCursor` as `after` to go on. `kinds`: node kinds and relationship types."
        ),
    )
