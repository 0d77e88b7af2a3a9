"""`auditLog`: the audit trail for admins, newest first, filtered, a keyset page at a time.

Audit entries are no records of the model: only readers of the audit trail (admins) see any of them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson
import strawberry
from neo4j.time import DateTime
from strawberry.scalars import JSON
from strawberry.types import Info

from hub.audit.entry import AUDIT
from hub.auth.roles import Capability
from hub.graphql.context import Context
from hub.graphql.cypher import run
from hub.graphql.cypher.scope import Statement
from hub.graphql.errors import Forbidden
from hub.graphql.ids import Cursor, parse_cursor
from hub.graphql.pages import Pages

CURSOR_KEYS = ("at:DESC", "id:DESC")


@strawberry.type(description="One write: who made it, when, and the values before and after.")
class AuditEntry:
    id: str
    at: dt.datetime
    actor: str = strawberry.field(description="The subject: `key:<id>`, a token's subject, …")
    credential_id: str | None
    role: str
    org: str | None
    operation: str = strawberry.field(description="create, update or delete.")
    kind: str = strawberry.field(description="The node label or relationship type.")
    entity_id: str = strawberry.field(description="The node's slug, or `start-[TYPE]->end`.")
    before: JSON | None
    after: JSON | None
    idempotency_key: str | None


@strawberry.type(description="A page of the audit trail, newest first.")
class AuditLogPage:
    entries: list[AuditEntry]
    end_cursor: str | None
    has_next_page: bool


@strawberry.input(description="Conditions on audit entries; all given must hold.")
class AuditLogWhere:
    actor: str | None = None
    kind: str | None = None
    entity_id: str | None = None
    since: dt.datetime | None = strawberry.field(default=None, name="from", description="At or after.")
    until: dt.datetime | None = strawberry.field(default=None, name="to", description="At or before.")


def _conditions(where: AuditLogWhere | None, cursor: Cursor | None) -> tuple[list[str], dict[str, Any]]:
    found: list[str] = []
    parameters: dict[str, Any] = {}
    if where is not None:
        for name, value, test in (
            ("actor", where.actor, "a.actor = $actor"),
            ("kind", where.kind, "a.kind = $kind"),
            ("entityId", where.entity_id, "a.entityId = $entityId"),
            ("since", where.since, "a.at >= $since"),
            ("until", where.until, "a.at <= $until"),
        ):
            if value is not None:
                found.append(test)
                parameters[name] = DateTime.from_native(value) if isinstance(value, dt.datetime) else value
    if cursor is not None:
        found.append("(a.at < $afterAt OR (a.at = $afterAt AND a.id < $afterId))")
        at, entry_id = cursor.values
        parameters |= {
            "afterAt": DateTime.from_native(dt.datetime.fromisoformat(str(at))),
            "afterId": entry_id,
        }
    return found, parameters


def _entry(raw: dict[str, Any]) -> AuditEntry:
    return AuditEntry(
        id=raw["id"],
        at=raw["at"].to_native(),
        actor=raw["actor"],
        credential_id=raw.get("credentialId"),
        role=raw["role"],
        org=raw.get("org"),
        operation=raw["operation"],
        kind=raw["kind"],
        entity_id=raw["entityId"],
        before=orjson.loads(raw["before"]) if raw.get("before") else None,
        after=orjson.loads(raw["after"]) if raw.get("after") else None,
        idempotency_key=raw.get("idempotencyKey"),
    )


async def audit_log(
    info: Info[Context, None], where: AuditLogWhere | None, first: int | None, after: str | None
) -> AuditLogPage:
    if not info.context.principal.can(Capability.READ_AUDIT):
        raise Forbidden("only admins may read the audit log")
    size = Pages.of(info.context.settings).size("first", first)
    cursor = parse_cursor(after, CURSOR_KEYS) if after else None
    conditions, parameters = _conditions(where, cursor)
    filtered = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    statement = Statement(
        f"MATCH (a:{AUDIT}){filtered} RETURN a {{.*}} AS entry ORDER BY a.at DESC, a.id DESC LIMIT $limit",
        {**parameters, "limit": size + 1},
    )
    rows = await run.read(info.context, statement)
    entries = [_entry(row["entry"]) for row in rows[:size]]
    last = entries[-1] if entries else None
    return AuditLogPage(
        entries=entries,
        end_cursor=str(Cursor(CURSOR_KEYS, (last.at.isoformat(), last.id))) if last else None,
        has_next_page=len(rows) > size,
    )


async def _resolve(
    info: Info[Context, None],
    where: AuditLogWhere | None = None,
    first: int | None = None,
    after: str | None = None,
) -> AuditLogPage:
    return await audit_log(info, where, first, after)


@strawberry.type
class AuditQuery:
    audit_log = strawberry.field(
        resolver=_resolve, description="The audit trail of writes, newest first (admins only)."
    )
