"""What the API exposes, derived once from the model registry and free of GraphQL machinery.

Every GraphQL type, input and enum is built from this catalog, and the compiler maps selected field
names through it to graph labels, property names and relationship types.
"""

from __future__ import annotations

import datetime as dt
import types
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, HttpUrl

from hub.graphql.operators import Scalar
from hub.model import ENTITY, NODE_KINDS, ORGANISATION, RelationshipKind
from hub.model.base import NodeRecord, Provenance
from hub.model.kinds import UPDATED_AT, UPDATED_BY, VERSION
from hub.model.registry import fields_of
from hub.model.relationships import Dated


@dataclass(frozen=True)
class Property:
    """A scalar field: its GraphQL name, the graph property behind it, and its value type."""

    name: str
    property: str
    scalar: Scalar
    required: bool
    enum: type[StrEnum] | None = None
    default: object = None
    """Shown where the graph has no value (a model default such as `synthetic: false`)."""
    many: bool = False
    """A list of values (only in `provenance`: never filtered or sorted)."""


@dataclass(frozen=True)
class Relation:
    """A relationship field of a type: which relationship, which way, and what it reaches."""

    name: str
    kind: RelationshipKind
    outgoing: bool
    target: str
    """The GraphQL type of the nodes reached: a kind, `Organisation` or `Entity`."""
    target_labels: tuple[str, ...]

    @property
    def single(self) -> bool:
        """At most one node is reached: the outgoing side of a `single` relationship."""
        return self.kind.single and self.outgoing

    @property
    def dated(self) -> bool:
        """Whether the relationship carries `since` / `until`, so `asOf` applies."""
        return issubclass(self.kind.properties, Dated)

    @property
    def edge_type(self) -> str:
        """The stem of its connection and edge type names, e.g. `MemberOf` / `MemberOfIncoming`."""
        return pascal_type(self.kind.type) + ("" if self.outgoing else "Incoming")


@dataclass(frozen=True)
class TypeSpec:
    """A GraphQL node type: a kind, or the `Organisation` / `Entity` interface over several."""

    name: str
    label: str
    """The label to match: the kind's own, `Organisation` or `Entity`."""
    labels: tuple[str, ...]
    """The kinds it covers."""
    properties: dict[str, Property]
    relations: dict[str, Relation]
    description: str | None = None

    @property
    def abstract(self) -> bool:
        return self.name in (ENTITY, ORGANISATION)

    def sort_fields(self) -> dict[str, Property]:
        return {name: prop for name, prop in self.properties.items() if prop.scalar is not Scalar.GLOBAL_ID}


def pascal_type(relationship_type: str) -> str:
    """`MEMBER_OF` -> `MemberOf`."""
    return "".join(part.capitalize() for part in relationship_type.split("_"))


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The bare type of a model annotation and whether it is optional."""
    optional = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            members = [arg for arg in get_args(annotation) if arg is not type(None)]
            optional = optional or len(members) < len(get_args(annotation))
            annotation = members[0]
        else:
            return annotation, optional


def _scalar(annotation: Any) -> Scalar:
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        return Scalar.ENUM
    for python_type, scalar in ((bool, Scalar.BOOLEAN), (int, Scalar.INT), (float, Scalar.FLOAT)):
        if annotation is python_type:
            return scalar
    if annotation is dt.date:
        return Scalar.DATE
    if annotation is dt.datetime:
        return Scalar.DATETIME
    if annotation in (str, HttpUrl):
        return Scalar.STRING
    raise TypeError(f"no GraphQL scalar for {annotation!r}")


FIRST = ("id", "slug", "name", "description")
LAST = ("source", "section", "synthetic")
QUOTES = "quotes"
"""Provenance's quoted spans: a list, read through the `provenance` field only, never filtered or sorted."""

STAMPS: dict[str, Property] = {
    VERSION: Property(VERSION, VERSION, Scalar.INT, required=True, default=0),
    UPDATED_AT: Property(UPDATED_AT, UPDATED_AT, Scalar.DATETIME, required=False),
    UPDATED_BY: Property(UPDATED_BY, UPDATED_BY, Scalar.STRING, required=False),
}
"""What every write stamps, readable on every node and relationship: the version a write's `expectedVersion`
names (0 until the first write through the API or a seed), when, and who (private: readers of everything
and the owners only)."""


def model_properties(model: type[BaseModel], skip: frozenset[str] = frozenset()) -> dict[str, Property]:
    """The properties of a record model by camelCase name: identity first, provenance last."""
    found: dict[str, Property] = {}
    for name, info in model.model_fields.items():
        if name in skip or name == QUOTES:
            continue
        alias = info.alias or name
        bare, optional = _unwrap(info.annotation)
        scalar = _scalar(bare)
        default = None if info.is_required() else info.get_default()
        if alias == "id":
            found["id"] = Property("id", "id", Scalar.GLOBAL_ID, required=True)
            found["slug"] = Property("slug", "id", Scalar.STRING, required=True)
            continue
        enum = bare if scalar is Scalar.ENUM else None
        shown_default = default.value if isinstance(default, Enum) else default
        found[alias] = Property(alias, alias, scalar, required=not optional, enum=enum, default=shown_default)
    rank = {
        name: index
        for index, name in enumerate((*FIRST, *(n for n in found if n not in FIRST + LAST), *LAST))
    }
    return dict(sorted(found.items(), key=lambda item: rank[item[0]])) | STAMPS


PROVENANCE_FIELD = "provenance"
"""The field of every node and relationship type that returns its provenance as one object."""


def _provenance() -> dict[str, Property]:
    """The values of `provenance`: the Provenance model's fields, its quotes a list (empty when none)."""
    found = {name: prop for name, prop in model_properties(Provenance).items() if name not in STAMPS}
    return found | {QUOTES: Property(QUOTES, QUOTES, Scalar.STRING, required=True, default=[], many=True)}


PROVENANCE: dict[str, Property] = _provenance()


def target_type(labels: frozenset[str]) -> str:
    """The type a relationship field returns: the one kind, `Organisation`, or `Entity`."""
    if len(labels) == 1:
        return next(iter(labels))
    if all(NODE_KINDS[label].organisation for label in labels):
        return ORGANISATION
    return ENTITY


def _relations(label: str) -> dict[str, Relation]:
    relations: dict[str, Relation] = {}
    for name, (kind, outgoing) in fields_of(label).items():
        reached = kind.targets if outgoing else kind.sources
        relations[name] = Relation(name, kind, outgoing, target_type(reached), tuple(sorted(reached)))
    return relations


def _kind_spec(label: str) -> TypeSpec:
    kind = NODE_KINDS[label]
    return TypeSpec(
        name=label,
        label=label,
        labels=(label,),
        properties=model_properties(kind.model, frozenset(kind.references)),
        relations=_relations(label),
        description=(kind.model.__doc__ or "").strip() or None,
    )


def _interface_spec(name: str, description: str, kinds: list[TypeSpec]) -> TypeSpec:
    """The fields every one of `kinds` has, with the same meaning."""
    shared_properties = dict(model_properties(NodeRecord))
    relations = {
        field: relation
        for field, relation in kinds[0].relations.items()
        if all(other.relations.get(field) == relation for other in kinds[1:])
    }
    return TypeSpec(
        name=name,
        label=name,
        labels=tuple(sorted(kind.name for kind in kinds)),
        properties=shared_properties,
        relations=relations,
        description=description,
    )


def _catalog() -> dict[str, TypeSpec]:
    kinds = {label: _kind_spec(label) for label in NODE_KINDS}
    organisations = [spec for label, spec in kinds.items() if NODE_KINDS[label].organisation]
    return {
        **kinds,
        ORGANISATION: _interface_spec(
            ORGANISATION, "A province, municipality, school, company, …", organisations
        ),
        ENTITY: _interface_spec(ENTITY, "Any node of the graph.", list(kinds.values())),
    }


CATALOG: dict[str, TypeSpec] = _catalog()
"""Every node type of the API by GraphQL name: the kinds, then `Organisation` and `Entity`."""

KINDS: tuple[str, ...] = tuple(NODE_KINDS)


def kind_of(labels: list[str]) -> str:
    """The kind among a node's labels."""
    for label in labels:
        if label in NODE_KINDS:
            return label
    raise ValueError(f"no kind among the labels {labels}")


def edge_properties(relation: Relation) -> dict[str, Property]:
    """The properties on the relationships of a field."""
    return model_properties(relation.kind.properties)


def edge_type_name(relation: Relation) -> str:
    """`RoleProperties`, …: the name of the type of a relationship field's properties."""
    return f"{relation.kind.properties.__name__}Properties"


def _edge_specs() -> dict[str, TypeSpec]:
    """A spec per relationship property set: its properties, no labels and no relations of its own."""
    specs: dict[str, TypeSpec] = {}
    for spec in CATALOG.values():
        for relation in spec.relations.values():
            name = edge_type_name(relation)
            if name not in specs:
                specs[name] = TypeSpec(
                    name, "", (), edge_properties(relation), {}, "The properties of a relationship."
                )
    return specs


EDGE_SPECS: dict[str, TypeSpec] = _edge_specs()
"""The properties of relationships, by type name (`RoleProperties`, …): filtered and sorted like nodes."""


def edge_spec(relation: Relation) -> TypeSpec:
    return EDGE_SPECS[edge_type_name(relation)]


def spec_named(name: str) -> TypeSpec:
    """The spec of a node type or of a relationship property set."""
    return CATALOG[name] if name in CATALOG else EDGE_SPECS[name]
