"""Input types generated from the record models: `SchoolCreateInput`, `SchoolUpdateInput`, `RoleInput`, …

Inputs only carry values; the record models themselves validate them (hub/model), so every rule of the
model (patterns, ranges, dates in order) holds for writes exactly as for seeds.
"""

from __future__ import annotations

import dataclasses
import keyword
from dataclasses import dataclass
from functools import cache
from typing import Any

import strawberry
from pydantic import BaseModel

from hub.graphql.catalog import Property, model_properties
from hub.graphql.ids import node_reference
from hub.graphql.types.enums import value_enum
from hub.graphql.types.fields import optional
from hub.graphql.types.inputs import SCALAR_TYPES
from hub.model import NODE_KINDS, RELATIONSHIP_KINDS, NodeKind
from hub.model.base import EdgeRecord
from hub.model.kinds import STAMPED

SLUG = "slug"
"""The input name of a record's `id`: the slug (`id` in the API is the global id)."""
SYNTHETIC = "synthetic"


def naming(*kinds: str) -> str:
    """The description of an argument or input field naming a node of one of `kinds`."""
    listed = sorted(kinds)
    either = listed[0] if len(listed) == 1 else f"{', '.join(listed[:-1])} or {listed[-1]}"
    return f"A {either}: its slug or global id."


@dataclass(frozen=True)
class InputField:
    """One input field and the record field it fills."""

    name: str
    alias: str
    annotation: Any
    required: bool
    reference: bool = False
    description: str | None = None

    @property
    def python_name(self) -> str:
        return f"{self.name}_" if keyword.iskeyword(self.name) else self.name


def _value_type(prop: Property) -> Any:
    return value_enum(prop.enum) if prop.enum else SCALAR_TYPES[prop.scalar]


def record_fields(model: type[BaseModel], references: frozenset[str] = frozenset()) -> tuple[InputField, ...]:
    """The input fields of a record model: its properties, `slug` for its id, ids for its references.

    `synthetic` is left out: only the generator makes synthetic records, so writes name a `source`; so are
    the stamps every write sets itself (version, updatedAt, updatedBy).
    """
    found = [
        InputField(
            name, "id" if name == SLUG else name, _value_type(prop), prop.required and prop.default is None
        )
        for name, prop in model_properties(model, references).items()
        if name not in ("id", SYNTHETIC, *STAMPED)
    ]
    for name, info in model.model_fields.items():
        if name not in references:
            continue
        found.append(
            InputField(info.alias or name, info.alias or name, strawberry.ID, info.is_required(), True)
        )
    return tuple(found)


def _input(name: str, fields: tuple[InputField, ...], partial: bool, description: str) -> type:
    cls = type(name, (), {"__module__": __name__, "__annotations__": {}})
    for item in fields:
        required = item.required and not partial
        cls.__annotations__[item.python_name] = item.annotation if required else optional(item.annotation)
        default = dataclasses.MISSING if required else strawberry.UNSET
        described = strawberry.field(name=item.name, default=default, description=item.description)
        setattr(cls, item.python_name, described)
    return strawberry.input(cls, description=description)


def node_fields(kind: NodeKind) -> tuple[InputField, ...]:
    """The input fields of a node kind, each reference described with the kinds it may name."""
    return tuple(
        dataclasses.replace(
            item, description=naming(*RELATIONSHIP_KINDS[kind.references[item.alias]].targets)
        )
        if item.reference
        else item
        for item in record_fields(kind.model, frozenset(kind.references))
    )


@cache
def create_input(label: str) -> type:
    """`SchoolCreateInput`: every field of the record; required where the model requires it."""
    return _input(f"{label}CreateInput", node_fields(NODE_KINDS[label]), False, f"A new {label}.")


@cache
def update_input(label: str) -> type:
    """`SchoolUpdateInput`: the fields to change; null clears an optional one, the slug cannot change."""
    fields = tuple(item for item in node_fields(NODE_KINDS[label]) if item.name != SLUG)
    return _input(f"{label}UpdateInput", fields, True, f"Changes to a {label}: only the fields given.")


@cache
def properties_input(model: type[EdgeRecord]) -> type:
    """`RoleInput`, …: the properties of a relationship (all optional; the model checks them together)."""
    return _input(f"{model.__name__}Input", record_fields(model), True, "The properties of a relationship.")


@dataclass(frozen=True)
class Given:
    """What an input gave: record values by alias (None: cleared) and the label each reference given as a
    global id named (a slug names none)."""

    values: dict[str, Any]
    labels: dict[str, str]


def given(value: object | None, fields: tuple[InputField, ...]) -> Given:
    """The fields set on an input object; references, slugs or global ids, become slugs (with the kind a
    global id names)."""
    values: dict[str, Any] = {}
    labels: dict[str, str] = {}
    if value is None:
        return Given(values, labels)
    for item in fields:
        raw = getattr(value, item.python_name, strawberry.UNSET)
        if raw is strawberry.UNSET:
            continue
        if item.reference and raw is not None:
            label, raw = node_reference(str(raw), item.alias)
            if label is not None:
                labels[item.alias] = label
        values[item.alias] = raw
    return Given(values, labels)
