"""The `Subscription` root type: `changes`, the change feed (hub.graphql.changes) streamed over a WebSocket
(graphql-transport-ws, hub.graphql.http), resumable from a cursor.

It replays what comes after the cursor a page at a time, then reads the audit trail again every
HUB_CHANGES_POLL_INTERVAL seconds; each read is one statement in a session of its own, with a time budget
of its own, so no session stays open between reads. Each change is sent once, in sequence order, scoped to
the subscriber as `changes` is.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncGenerator

import strawberry
from strawberry.types import Info

from hub.graphql.changes import Change, Feed, page
from hub.graphql.context import Context
from hub.graphql.pages import Pages


async def changes(
    info: Info[Context, None], after: str | None = None, kinds: list[str] | None = None
) -> AsyncGenerator[Change, None]:
    context = info.context
    feed = Feed(after, None if kinds is None else tuple(kinds)).checked()
    feed.position()
    size = Pages.of(context.settings).maximum
    while True:
        fresh = dataclasses.replace(context, started=time.monotonic(), round_trips=[])
        read = await page(fresh, feed, size)
        for item in read.changes:
            yield item
        feed = Feed(read.end_cursor, feed.kinds)
        if not read.has_next_page:
            await asyncio.sleep(context.settings.hub_changes_poll_interval)


@strawberry.type(description="What a WebSocket (graphql-transport-ws at /graphql) may subscribe to.")
class Subscription:
    changes = strawberry.subscription(
        resolver=changes,
        description=(
            "The change feed as it happens: the changes after `after` (from the start without it), then"
            " each new one once, in order, as `changes` shows them to you. Reconnect with the last cursor"
            " you received to miss nothing."
        ),
    )
