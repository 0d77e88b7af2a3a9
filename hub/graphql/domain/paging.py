"""Keyset paging of the lists domain questions return: an `after` cursor and a connection's `PageInfo`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from hub.graphql.ids import Cursor, SortValue, parse_cursor
from hub.graphql.types.objects import PageInfo

__all__ = ["PageInfo", "after_values", "page_info", "shown_page"]


def after_values(after: str | None, keys: tuple[str, ...]) -> list[SortValue] | None:
    """The sort values of the `after` cursor made for `keys` (None without one); BadRequest when it is not."""
    return None if after is None else list(parse_cursor(after, keys).values)


Key = Callable[[Any], tuple[SortValue, ...]]


def page_info(rows: Sequence[Any], size: int, key: Key, keys: tuple[str, ...]) -> dict[str, Any]:
    """The page of the first `size` of `rows` (asked for one more, to know whether there is a next page)."""
    return shown_page(rows[:size], len(rows) > size, key, keys)


def shown_page(shown: Sequence[Any], more: bool, key: Key, keys: tuple[str, ...]) -> dict[str, Any]:
    """The page of the rows `shown`, with `more` after them or not."""
    cursors = [str(Cursor(keys, key(shown[0]))), str(Cursor(keys, key(shown[-1])))] if shown else [None, None]
    return {"hasNextPage": more, "hasPreviousPage": False, "startCursor": cursors[0], "endCursor": cursors[1]}
