"""The `Mutation` root type: create, update and delete per node kind and relationship type; the shortcuts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry
from strawberry.types import Info
from strawberry.types.field import StrawberryField

from hub.graphql.catalog import pascal_type
from hub.graphql.context import Context
from hub.graphql.mutations import conveniences, nodes, relationships
from hub.graphql.mutations.conveniences import JOINING, PARTICIPATES_IN
from hub.graphql.mutations.inputs import (
    create_input,
    given,
    naming,
    node_fields,
    properties_input,
    record_fields,
    update_input,
)
from hub.graphql.mutations.payloads import DeletePayload, RelationshipPayload, node_payload
from hub.graphql.mutations.relationships import Ends
from hub.graphql.types.enums import value_enum
from hub.graphql.types.fields import field, object_class, optional
from hub.model import FUNDING_FLOW, NODE_KINDS, RELATIONSHIP_KINDS, RelationshipKind
from hub.model.values import FundingStatus

UNSET: Any = strawberry.UNSET
KEY = ("idempotencyKey", optional(str), None)
"""A create retried with the same key (from the same caller) returns the first result and writes nothing."""
VERSION = ("expectedVersion", int, UNSET)
"""The version last read (seeded nodes: 0); a stale one is refused with CONFLICT."""

FLOW_ENDS = {
    name: RELATIONSHIP_KINDS[type_].targets for name, type_ in NODE_KINDS[FUNDING_FLOW].references.items()
}
"""The kinds each end of `recordFundingFlow` may name: as `createFundingFlow`'s references."""


def _node_fields(label: str) -> dict[str, StrawberryField]:
    inputs = node_fields(NODE_KINDS[label])
    payload = node_payload(label)

    async def create(root: Any, info: Info[Context, None], input: Any, idempotencyKey: str | None) -> Any:
        return await nodes.create(info, label, given(input, inputs), idempotencyKey)

    async def update(root: Any, info: Info[Context, None], id: str, expectedVersion: int, input: Any) -> Any:
        return await nodes.update(info, label, id, expectedVersion, given(input, inputs))

    async def delete(root: Any, info: Info[Context, None], id: str, expectedVersion: int) -> DeletePayload:
        return await nodes.delete(info, label, id, expectedVersion)

    node_id = ("id", strawberry.ID, UNSET)
    described = {"id": naming(label)}
    return {
        f"create{label}": field(
            f"create{label}",
            payload,
            arguments=[("input", create_input(label), UNSET), KEY],
            resolver=create,
            description=f"Create a {label}; its references must name existing nodes of allowed kinds.",
        ),
        f"update{label}": field(
            f"update{label}",
            payload,
            arguments=[node_id, VERSION, ("input", update_input(label), UNSET)],
            resolver=update,
            description=f"Change some fields of a {label}; null clears an optional field.",
            argument_descriptions=described,
        ),
        f"delete{label}": field(
            f"delete{label}",
            DeletePayload,
            arguments=[node_id, VERSION],
            resolver=delete,
            description=f"Delete a {label} and its relationships; refused while a record needs it.",
            argument_descriptions=described,
        ),
    }


def _relationship_fields(kind: RelationshipKind) -> dict[str, StrawberryField]:
    name = pascal_type(kind.type)
    inputs = record_fields(kind.properties)
    properties = optional(properties_input(kind.properties))

    async def create(
        root: Any, info: Info[Context, None], idempotencyKey: str | None, properties: Any = None, **ends: str
    ) -> RelationshipPayload:
        values = given(properties, inputs).values
        return await relationships.create(
            info, kind, Ends.given(ends["from"], ends["to"]), values, idempotencyKey
        )

    async def update(
        root: Any, info: Info[Context, None], expectedVersion: int, properties: Any, **ends: str
    ) -> RelationshipPayload:
        values = given(properties, inputs).values
        return await relationships.update(
            info, kind, Ends.given(ends["from"], ends["to"]), expectedVersion, values
        )

    async def delete(
        root: Any, info: Info[Context, None], expectedVersion: int, **ends: str
    ) -> RelationshipPayload:
        return await relationships.delete(info, kind, Ends.given(ends["from"], ends["to"]), expectedVersion)

    joined = [("from", strawberry.ID, UNSET), ("to", strawberry.ID, UNSET)]
    described = {"from": naming(*kind.sources), "to": naming(*kind.targets)}
    arrow = f"-[:{kind.type}]->"
    return {
        f"create{name}": field(
            f"create{name}",
            RelationshipPayload,
            arguments=[*joined, ("properties", properties, None), KEY],
            resolver=create,
            description=f"Create a {arrow} between existing nodes of allowed kinds.",
            argument_descriptions=described,
        ),
        f"update{name}": field(
            f"update{name}",
            RelationshipPayload,
            arguments=[*joined, VERSION, ("properties", properties_input(kind.properties), UNSET)],
            resolver=update,
            description=f"Change some properties of a {arrow}.",
            argument_descriptions=described,
        ),
        f"delete{name}": field(
            f"delete{name}",
            RelationshipPayload,
            arguments=[*joined, VERSION],
            resolver=delete,
            description=f"Delete a {arrow}; returns it as it was.",
            argument_descriptions=described,
        ),
    }


async def _join(
    root: Any,
    info: Info[Context, None],
    org: str,
    project: str,
    source: str,
    role: str | None,
    since: dt.date | None,
    section: str | None,
    idempotencyKey: str | None,
) -> RelationshipPayload:
    return await conveniences.join_project(info, org, project, role, since, source, section, idempotencyKey)


async def _leave(
    root: Any, info: Info[Context, None], org: str, project: str, until: dt.date, expectedVersion: int | None
) -> RelationshipPayload:
    return await conveniences.leave_project(info, org, project, until, expectedVersion)


async def _record_flow(
    root: Any,
    info: Info[Context, None],
    funder: str,
    recipient: str,
    status: FundingStatus,
    source: str,
    idempotencyKey: str | None,
    project: str | None,
    **optional: Any,
) -> Any:
    ends = {"funder": funder, "recipient": recipient, "project": project}
    return await conveniences.record_funding_flow(info, ends, status, source, idempotencyKey, **optional)


def _conveniences() -> dict[str, StrawberryField]:
    org_project = [("org", strawberry.ID, UNSET), ("project", strawberry.ID, UNSET)]
    participation = {"org": naming(*JOINING), "project": naming(*PARTICIPATES_IN.targets)}
    flow_optional = [
        ("project", optional(strawberry.ID), None),
        ("amount", optional(float), None),
        ("currency", optional(str), None),
        ("year", optional(int), None),
        ("date", optional(dt.date), None),
        ("instrument", optional(str), None),
        ("purpose", optional(str), None),
        ("name", optional(str), None),
        ("section", optional(str), None),
    ]
    return {
        "joinProject": field(
            "joinProject",
            RelationshipPayload,
            arguments=[
                *org_project,
                ("source", str, UNSET),
                ("role", optional(str), None),
                ("since", optional(dt.date), None),
                ("section", optional(str), None),
                KEY,
            ],
            resolver=_join,
            description="An organisation joins a project or campaign (PARTICIPATES_IN): role, since.",
            argument_descriptions=participation,
        ),
        "leaveProject": field(
            "leaveProject",
            RelationshipPayload,
            arguments=[*org_project, ("until", dt.date, UNSET), ("expectedVersion", optional(int), None)],
            resolver=_leave,
            description="An organisation leaves a project: its participation gets `until`, kept for history.",
            argument_descriptions=participation,
        ),
        "recordFundingFlow": field(
            "recordFundingFlow",
            node_payload("FundingFlow"),
            arguments=[
                ("funder", strawberry.ID, UNSET),
                ("recipient", strawberry.ID, UNSET),
                ("status", value_enum(FundingStatus), UNSET),
                ("source", str, UNSET),
                *flow_optional,
                KEY,
            ],
            resolver=_record_flow,
            description="Record money from a funder to a recipient (optionally for a project); amount >= 0.",
            argument_descriptions={name: naming(*kinds) for name, kinds in FLOW_ENDS.items()},
        ),
    }


def _mutation() -> type:
    fields: dict[str, StrawberryField] = {}
    for label in NODE_KINDS:
        fields |= _node_fields(label)
    for kind in RELATIONSHIP_KINDS.values():
        fields |= _relationship_fields(kind)
    fields |= _conveniences()
    return strawberry.type(object_class("Mutation", (), fields), description="The root of every write.")


Mutation = _mutation()
