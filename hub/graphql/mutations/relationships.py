"""Create, update and delete relationships of every type, between existing nodes of allowed kinds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

import strawberry
from pydantic import ValidationError
from strawberry.scalars import JSON
from strawberry.types import Info

from hub.audit.entry import Change, entry, relationship_id, stamp
from hub.graphql.context import Context
from hub.graphql.cypher.run import Transaction, write
from hub.graphql.errors import Conflict, NotFound, invalid
from hub.graphql.ids import GlobalId, NodeReference, node_reference
from hub.graphql.mutations.graph import (
    LOCK,
    REQUIRED_REFERENCES,
    Named,
    audited,
    check_named,
    check_version,
    native,
)
from hub.graphql.mutations.idempotency import claim
from hub.graphql.mutations.payloads import RelationshipPayload
from hub.graphql.mutations.permissions import check_relationship
from hub.model import RelationshipKind
from hub.model.base import EdgeRecord
from hub.model.kinds import STAMPED, UPDATED_AT, UPDATED_BY, VERSION
from hub.seeding.values import properties

DOCUMENT = "Document"


@dataclass(frozen=True)
class Ends:
    """The two nodes a relationship joins, each named by a slug or a global id; the arguments naming them."""

    start: NodeReference
    end: NodeReference
    arguments: tuple[str, str] = ("from", "to")
    starts: frozenset[str] | None = None
    """The kinds allowed at the start, where fewer than the relationship allows (`joinProject`)."""

    @classmethod
    def given(
        cls,
        start: str,
        end: str,
        arguments: tuple[str, str] = ("from", "to"),
        starts: frozenset[str] | None = None,
    ) -> Ends:
        """The ends the arguments name; BAD_USER_INPUT for one that is neither a slug nor a node id."""
        return cls(node_reference(start, arguments[0]), node_reference(end, arguments[1]), arguments, starts)

    def entity_id(self, kind: RelationshipKind) -> str:
        return relationship_id(self.start.slug, kind.type, self.end.slug)

    async def found(self, tx: Transaction, kind: RelationshipKind, *also: Named) -> tuple[GlobalId, GlobalId]:
        """Both ends with their kinds: each exists as the kind its global id names (NOT_FOUND), of a kind the
        relationship allows there (BAD_USER_INPUT); checked with the other nodes the write names."""
        kinds = await check_named(
            tx,
            [
                Named(self.arguments[0], self.start.slug, self.starts or kind.sources, self.start.label),
                Named(self.arguments[1], self.end.slug, kind.targets, self.end.label),
                *also,
            ],
        )
        return GlobalId(kinds[self.start.slug], self.start.slug), GlobalId(
            kinds[self.end.slug], self.end.slug
        )

    def change(self, operation: str, kind: RelationshipKind, before: Any, after: Any) -> Change:
        """What a write of the relationship of `kind` between these ends did."""
        ends = (self.start.slug, self.end.slug)
        return Change(operation, kind.type, self.entity_id(kind), before, after, ends)


def _record(kind: RelationshipKind, values: dict[str, Any]) -> EdgeRecord:
    try:
        return kind.properties.model_validate(values)
    except ValidationError as error:
        raise invalid(error, f"{kind.type} properties") from None


def _payload(
    kind: RelationshipKind, ends: tuple[GlobalId, GlobalId], props: dict[str, Any]
) -> RelationshipPayload:
    shown = {
        k: (value.isoformat() if isinstance(value, dt.date) else value)
        for k, value in ((k, native(v)) for k, v in props.items())
        if k not in (LOCK, *STAMPED)
    }
    return RelationshipPayload(
        type=kind.type,
        start=strawberry.ID(str(ends[0])),
        end=strawberry.ID(str(ends[1])),
        properties=cast(JSON, shown),
        version=int(props.get(VERSION) or 0),
    )


def _audited(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if v is not None and k not in (LOCK, UPDATED_AT, UPDATED_BY)}


_MATCH = "MATCH (a:Entity {id: $start})-[r:%s]->(b:Entity {id: $end})"


async def _lock(tx: Transaction, kind: RelationshipKind, ends: Ends) -> dict[str, Any]:
    """The relationship's properties, write-locked; NOT_FOUND when there is none."""
    rows = await tx.run(
        f"{_MATCH % kind.type} SET r.{LOCK} = true RETURN properties(r) AS props",
        {"start": ends.start.slug, "end": ends.end.slug},
    )
    if not rows:
        raise NotFound(f"there is no {kind.type} from {ends.start.slug!r} to {ends.end.slug!r}")
    props: dict[str, Any] = rows[0]["props"]
    return props


async def create(
    info: Info[Context, Any], kind: RelationshipKind, ends: Ends, values: dict[str, Any], key: str | None
) -> RelationshipPayload:
    """A new relationship: both ends exist with allowed kinds, it is new, and a single one stays single."""
    context = info.context
    check_relationship(context.principal, "create", kind.type, ends.start.slug)
    written = _record(kind, values)

    async def work(tx: Transaction) -> RelationshipPayload:
        parameters: dict[str, Any] = {"start": ends.start.slug, "end": ends.end.slug}
        source = [] if written.source is None else [Named("source", written.source, frozenset({DOCUMENT}))]
        joined = await ends.found(tx, kind, *source)
        if key is not None:
            arguments = {"from": ends.start.slug, "to": ends.end.slug, **values}
            if await claim(tx, context.principal, key, f"create{kind.type}", ends.entity_id(kind), arguments):
                rows = await tx.run(f"{_MATCH % kind.type} RETURN properties(r) AS props", parameters)
                if not rows:
                    raise Conflict(f"the relationship created with idempotencyKey {key!r} was deleted since")
                return _payload(kind, joined, rows[0]["props"])
        rows = await tx.run(
            f"MATCH (a:Entity {{id: $start}}) SET a.{LOCK} = true "
            f"RETURN COUNT {{ (a)-[:{kind.type}]->(:Entity {{id: $end}}) }} AS same, "
            f"COUNT {{ (a)-[:{kind.type}]->() }} AS any",
            parameters,
        )
        if rows[0]["same"]:
            raise Conflict(f"{ends.entity_id(kind)} exists already; update it instead")
        if kind.single and rows[0]["any"]:
            raise Conflict(f"{ends.start.slug!r} may have one {kind.type} only and has one; change that one")
        props = {**properties(written), **stamp(context.principal), VERSION: 1}
        rows = await tx.run(
            f"MATCH (a:Entity {{id: $start}}) MATCH (b:Entity {{id: $end}}) "
            f"CREATE (a)-[r:{kind.type} $props]->(b) REMOVE a.{LOCK} RETURN properties(r) AS props",
            parameters | {"props": props},
        )
        await audited(tx, entry(context.principal, ends.change("create", kind, None, _audited(props)), key))
        return _payload(kind, joined, rows[0]["props"])

    return await write(context, work)


async def update(
    info: Info[Context, Any], kind: RelationshipKind, ends: Ends, expected: int | None, values: dict[str, Any]
) -> RelationshipPayload:
    """Changed properties, validated together with the unchanged ones (e.g. `until` not before `since`)."""
    context = info.context
    check_relationship(context.principal, "update", kind.type, ends.start.slug)

    async def work(tx: Transaction) -> RelationshipPayload:
        joined = await ends.found(tx, kind)
        current = await _lock(tx, kind, ends)
        version = int(current.get(VERSION) or 0)
        check_version(version, expected, ends.entity_id(kind))
        known = {info.alias or name for name, info in kind.properties.model_fields.items()}
        base = {k: native(v) for k, v in current.items() if k in known}
        written = _record(kind, {**base, **values})
        if written.source is not None and "source" in values:
            await check_named(tx, [Named("source", written.source, frozenset({DOCUMENT}))])
        props = {**properties(written), **stamp(context.principal), VERSION: version + 1}
        rows = await tx.run(
            f"{_MATCH % kind.type} SET r += $props REMOVE r.{LOCK} RETURN properties(r) AS props",
            {"start": ends.start.slug, "end": ends.end.slug, "props": props},
        )
        change = ends.change("update", kind, _audited(current), _audited(props))
        await audited(tx, entry(context.principal, change))
        return _payload(kind, joined, rows[0]["props"])

    return await write(context, work)


async def delete(
    info: Info[Context, Any], kind: RelationshipKind, ends: Ends, expected: int
) -> RelationshipPayload:
    """Refused for a relationship a record needs (a flow's FROM / TO): change that record instead."""
    context = info.context
    check_relationship(context.principal, "delete", kind.type, ends.start.slug)
    needed = REQUIRED_REFERENCES.get(kind.type)

    async def work(tx: Transaction) -> RelationshipPayload:
        joined = await ends.found(tx, kind)
        if needed is not None and joined[0].label == needed[0]:
            raise Conflict(f"a {needed[0]} needs its {needed[1]}; change it with update{needed[0]}")
        current = await _lock(tx, kind, ends)
        version = int(current.get(VERSION) or 0)
        check_version(version, expected, ends.entity_id(kind))
        await tx.run(f"{_MATCH % kind.type} DELETE r", {"start": ends.start.slug, "end": ends.end.slug})
        await audited(tx, entry(context.principal, ends.change("delete", kind, _audited(current), None)))
        return _payload(kind, joined, current)

    return await write(context, work)
