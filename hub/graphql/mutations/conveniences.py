"""Domain shortcuts: an organisation joins or leaves a project; a funding flow is recorded."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import Any

from strawberry.types import Info

from hub.graphql.context import Context
from hub.graphql.ids import node_reference
from hub.graphql.mutations import nodes, relationships
from hub.graphql.mutations.inputs import Given
from hub.graphql.mutations.payloads import RelationshipPayload
from hub.graphql.mutations.relationships import Ends
from hub.model import FUNDING_FLOW, RELATIONSHIP_KINDS
from hub.model.registry import ORGANISATIONS
from hub.model.values import FundingStatus

PARTICIPATES_IN = RELATIONSHIP_KINDS["PARTICIPATES_IN"]
JOINING = PARTICIPATES_IN.sources & ORGANISATIONS
"""The kinds that join and leave projects: organisations."""


def _participation(org: str, project: str) -> Ends:
    return Ends.given(org, project, ("org", "project"), JOINING)


def _set(**values: Any) -> dict[str, Any]:
    return {name: value for name, value in values.items() if value is not None}


async def join_project(
    info: Info[Context, Any],
    org: str,
    project: str,
    role: str | None,
    since: dt.date | None,
    source: str,
    section: str | None,
    key: str | None,
) -> RelationshipPayload:
    """`joinProject`: a PARTICIPATES_IN from the organisation to the project or campaign."""
    ends = _participation(org, project)
    values = _set(role=role, since=since, source=source, section=section)
    return await relationships.create(info, PARTICIPATES_IN, ends, values, key)


async def leave_project(
    info: Info[Context, Any], org: str, project: str, until: dt.date, expected: int | None
) -> RelationshipPayload:
    """`leaveProject`: the participation ends on `until` (not before its `since`); it stays for history."""
    ends = _participation(org, project)
    return await relationships.update(info, PARTICIPATES_IN, ends, expected, {"until": until})


def flow_slug(info: Info[Context, Any], key: str | None) -> str:
    """A new flow's id: derived from the idempotency key (so a retry names the same flow), else random."""
    seed = f"{info.context.principal.subject}|{key}" if key is not None else str(uuid.uuid4())
    return f"flow-{hashlib.sha256(seed.encode()).hexdigest()[:16]}"


async def record_funding_flow(
    info: Info[Context, Any],
    ends: dict[str, str | None],
    status: FundingStatus,
    source: str,
    key: str | None,
    **optional: Any,
) -> Any:
    """`recordFundingFlow`: a FundingFlow with its FROM / TO (/ FOR) relationships; id and name made up."""
    named = {field: node_reference(text, field) for field, text in ends.items() if text is not None}
    slugs = {field: ref.slug for field, ref in named.items()}
    name = optional.pop("name", None) or f"Funding from {slugs['funder']} to {slugs['recipient']}"
    values = {"id": flow_slug(info, key), "name": name, "status": status, "source": source, **slugs}
    labels = {field: ref.label for field, ref in named.items() if ref.label is not None}
    given = Given(values | _set(**optional), labels)
    return await nodes.create(info, FUNDING_FLOW, given, key)
