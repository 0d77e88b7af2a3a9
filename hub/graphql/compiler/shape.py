"""The statement's result -> the response: response keys, kinds, global ids, cursors, native dates.

One pass over the result, directed by the plan; nested resolvers then only read by response key. (The
fast path completes the result from the plan itself: hub.graphql.fastpath.direct.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from neo4j.time import Date, DateTime

from hub.graphql.compiler.plan import (
    Aggregate,
    Connection,
    Field,
    Group,
    NodeLookup,
    NodeShape,
    RelatedNodes,
    SearchHits,
    Value,
)
from hub.graphql.cypher.fragments import KIND_KEY
from hub.graphql.errors import BadRequest
from hub.graphql.ids import Cursor, global_id

Shaped = dict[str, Any]


@dataclass(frozen=True)
class Shaping:
    """How a statement's result becomes the field's value: `shape(plan, result)`. The plan stays in
    sight, so an executor may complete the result from it directly (hub.graphql.fastpath.direct)."""

    plan: Any
    shape: Callable[[Any, Any], Any]

    def __call__(self, result: Any) -> Any:
        return self.shape(self.plan, result)


def scalar(raw: Any) -> Any:
    if type(raw) is Date or type(raw) is DateTime:
        return raw.to_native()
    if type(raw) is list:
        return [scalar(item) for item in raw]
    return raw


def node(shape: NodeShape, raw: dict[str, Any] | None) -> Shaped | None:
    if raw is None:
        return None
    kind = raw[KIND_KEY]
    branch = shape.by_kind[kind]
    shaped: Shaped = {KIND_KEY: kind}
    for member in branch.members:
        value = raw[member.key]
        if isinstance(member, Group):
            shaped[member.alias] = values(member.values, value)
        elif isinstance(member, Value):
            if member.global_id:
                shaped[member.alias] = global_id(kind, value)
            else:
                shaped[member.alias] = scalar(value)
        elif isinstance(member, RelatedNodes):
            shaped[member.alias] = (
                node(member.node, value) if member.single else [node(member.node, item) for item in value]
            )
        else:
            shaped[member.alias] = connection(member, value)
    return shaped


def values(items: tuple[Field, ...], raw: dict[str, Any]) -> Shaped:
    return {
        item.alias: values(item.values, raw[item.key]) if isinstance(item, Group) else scalar(raw[item.key])
        for item in items
    }


def connection(plan: Connection, raw: dict[str, Any]) -> Shaped:
    """`{rows, previous?, next?, total?}` -> edges, pageInfo and totalCount under their aliases; a cursor is
    encoded only where one is selected."""
    page = plan.page
    rows = raw.get("rows", [])
    more = len(rows) > page.size
    rows = rows[: page.size]
    if page.backward:
        rows.reverse()
    keys, wanted = plan.sort.cursor_keys, plan.shape.wants

    def cursor(row: dict[str, Any]) -> str:
        return str(Cursor(keys, tuple(scalar(row["sort"]))))

    selected = any(edges.cursor for edges in plan.shape.edges)
    cursors = [cursor(row) if selected else None for row in rows]
    info = {
        "hasNextPage": more if not page.backward else bool(raw.get("next", False)),
        "hasPreviousPage": more if page.backward else bool(raw.get("previous", False)),
        "startCursor": cursor(rows[0]) if rows and wanted("startCursor") else None,
        "endCursor": cursor(rows[-1]) if rows and wanted("endCursor") else None,
    }
    shaped: Shaped = {alias: raw.get("total") for alias in plan.shape.total}
    for alias, fields in plan.shape.page_info:
        shaped[alias] = {field_alias: info[name] for field_alias, name in fields}
    for edges in plan.shape.edges:
        shaped[edges.alias] = [
            {
                **dict.fromkeys(edges.cursor, cursor),
                **{alias: node(plan.node, row["node"]) for alias in edges.node},
                **{alias: values(props, row["properties"]) for alias, props in edges.properties},
            }
            for row, cursor in zip(rows, cursors, strict=True)
        ]
    return shaped


def lookup(plan: NodeLookup, raw: list[dict[str, Any]]) -> list[Shaped | BadRequest | None]:
    """The nodes in the order asked; in place of a malformed id, the error graphql-core reports at its
    position (its value null)."""
    shaped: list[Shaped | BadRequest | None] = [node(plan.node, row["node"]) for row in raw]
    for position, why in plan.malformed:
        shaped[position] = BadRequest(why)
    return shaped


def found(plan: NodeLookup, raw: list[dict[str, Any]]) -> Shaped | BadRequest | None:
    """`node(id:)`: the one node asked for."""
    return lookup(plan, raw)[0]


def search(plan: SearchHits, raw: list[dict[str, Any]]) -> list[Shaped]:
    return [
        {
            **dict.fromkeys(plan.score, hit["score"]),
            **(
                dict.fromkeys(plan.cursor, str(Cursor(SearchHits.CURSOR_KEYS, (hit["score"], hit["id"]))))
                if plan.cursor
                else {}
            ),
            **{alias: node(plan.shape, hit["node"]) for alias in plan.node},
        }
        for hit in raw
    ]


def _key(plan: Aggregate, group: dict[str, Any]) -> Shaped:
    shapes, key = dict(plan.key_nodes), group["key"]
    return {
        alias: node(shapes[dimension], key[dimension]) if dimension in shapes else scalar(key.get(dimension))
        for alias, dimension in plan.key_fields
    }


def groups(plan: Aggregate, raw: list[dict[str, Any]]) -> list[Shaped]:
    """Each group's key, count and selected measures under their aliases."""
    shaped: list[Shaped] = []
    for group in raw:
        fields: Shaped = {}
        for item in plan.groups:
            if item.name == "key":
                fields[item.alias] = _key(plan, group)
            elif item.functions:
                summary = group[item.name]
                fields[item.alias] = {alias: scalar(summary[name]) for alias, name in item.functions}
            else:
                fields[item.alias] = group[item.name]
        shaped.append(fields)
    return shaped


def funding_groups(plan: Aggregate, raw: list[dict[str, Any]]) -> list[Shaped]:
    """`fundingAggregate`'s groups: the sum of the known amounts (0 for none) and how many are unknown."""
    amount = plan.measures[0][0]
    shaped: list[Shaped] = []
    for group in raw:
        summary = group[amount]
        fields = {
            "key": _key(plan, group),
            "count": group["count"],
            "totalAmount": summary["sum"] or 0.0,
            "unknownAmountCount": group["count"] - summary["count"],
        }
        shaped.append({item.alias: fields[item.name] for item in plan.groups})
    return shaped
