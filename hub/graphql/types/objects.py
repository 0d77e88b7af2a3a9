"""Output types: the Node, Entity and Organisation interfaces, one object type per kind, and connections.

Relationship fields come in two shapes: a plain list (`memberOf`) of the nodes reached, and a Relay
connection (`memberOfConnection`) whose edges carry the cursor and the relationship's `properties`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry
from strawberry.types import Info
from strawberry.types.field import StrawberryField

from hub.graphql.catalog import (
    CATALOG,
    PROVENANCE,
    PROVENANCE_FIELD,
    Property,
    Relation,
    TypeSpec,
    edge_spec,
    edge_type_name,
)
from hub.graphql.cypher.fragments import KIND_KEY
from hub.graphql.types.enums import value_enum
from hub.graphql.types.fields import (
    Arguments,
    field,
    list_of,
    object_class,
    optional,
    output_type,
)
from hub.graphql.types.inputs import EDGE_WHERE, SCALAR_TYPES, WHERE, edge_order_by
from hub.model import ENTITY, ORGANISATION

UNSET: Any = strawberry.UNSET

PageInfo = output_type(
    "PageInfo",
    {
        "hasNextPage": field("hasNextPage", bool),
        "hasPreviousPage": field("hasPreviousPage", bool),
        "startCursor": field("startCursor", optional(str)),
        "endCursor": field("endCursor", optional(str)),
    },
    "Where a page of a connection sits in the whole list.",
)

Node = strawberry.interface(
    object_class(
        "Node", (), {"id": field("id", strawberry.ID, description="The global id: opaque, stable.")}
    ),
    description="An object with a global id, fetchable with `node(id:)` and `nodes(ids:)`.",
)


def value_type(prop: Property) -> Any:
    """The GraphQL type of a property's value, nullable unless the model guarantees one."""
    bare = value_enum(prop.enum) if prop.enum else SCALAR_TYPES[prop.scalar]
    bare = list_of(bare) if prop.many else bare
    return bare if prop.required or prop.default is not None else optional(bare)


Provenance = output_type(
    "Provenance",
    {name: field(name, value_type(prop)) for name, prop in PROVENANCE.items()},
    "Where a record comes from: the source document (its slug), its section and the spans of its text the"
    " record rests on, verbatim; or the synthetic generator.",
)


def property_fields(properties: dict[str, Property]) -> dict[str, StrawberryField]:
    """The fields of the properties, and `provenance`."""
    fields = {name: field(name, value_type(prop)) for name, prop in properties.items()}
    return fields | {
        PROVENANCE_FIELD: field(PROVENANCE_FIELD, Provenance, description="Where it comes from.")
    }


def list_arguments(relation: Relation) -> Arguments:
    """`where` (on the nodes), `edgeWhere` (on the relationships), `orderBy`, `first` and, on dated
    relationships, `asOf`."""
    arguments: list[tuple[str, Any, Any]] = [
        ("where", optional(WHERE[relation.target]), UNSET),
        ("edgeWhere", optional(EDGE_WHERE[edge_type_name(relation)]), UNSET),
        ("orderBy", optional(list_of(edge_order_by(relation))), UNSET),
        ("first", optional(int), UNSET),
    ]
    if relation.dated:
        arguments.append(("asOf", optional(dt.date), UNSET))
    return arguments


def connection_arguments(relation: Relation) -> Arguments:
    """The list arguments plus `after`, `last` and `before`."""
    arguments = list(list_arguments(relation))
    at = 4
    arguments[at:at] = [
        ("after", optional(str), UNSET),
        ("last", optional(int), UNSET),
        ("before", optional(str), UNSET),
    ]
    return arguments


def connection_type(name: str, edge: type) -> type:
    return output_type(
        name,
        {
            "edges": field("edges", list_of(edge)),
            "pageInfo": field("pageInfo", PageInfo),
            "totalCount": field("totalCount", int, description="How many match, over all pages."),
        },
        "A page of a list, with cursors to move on from.",
    )


def _describe(relation: Relation) -> str:
    arrow = f"-[:{relation.kind.type}]->" if relation.outgoing else f"<-[:{relation.kind.type}]-"
    return f"The nodes reached by {arrow}."


def _is_type_of(label: str) -> classmethod[Any, Any, bool]:
    """Recognises the result maps of one kind (the compiler marks each with its kind)."""

    def is_type_of(cls: type, obj: Any, info: Info) -> bool:
        return isinstance(obj, dict) and obj.get(KIND_KEY) == label

    return classmethod(is_type_of)


class _Builder:
    """Builds the node types and the connection types they use; node types refer to each other, so
    empty classes are made first and filled afterwards."""

    def __init__(self) -> None:
        self.classes: dict[str, type] = {}
        self.connections: dict[str, type] = {}
        self.properties_types: dict[str, type] = {}

    def node_types(self) -> dict[str, type]:
        self.classes[ENTITY] = type(ENTITY, (Node,), {"__module__": __name__})
        self.classes[ORGANISATION] = type(ORGANISATION, (self.classes[ENTITY],), {"__module__": __name__})
        organisations = CATALOG[ORGANISATION].labels
        for name, spec in CATALOG.items():
            if not spec.abstract:
                base = self.classes[ORGANISATION if name in organisations else ENTITY]
                self.classes[name] = type(
                    name, (base,), {"__module__": __name__, "is_type_of": _is_type_of(name)}
                )
        for name, spec in CATALOG.items():
            self._fill(self.classes[name], spec)
        built = {
            name: strawberry.interface(self.classes[name], description=CATALOG[name].description)
            for name in (ENTITY, ORGANISATION)
        }
        for name, spec in CATALOG.items():
            if not spec.abstract:
                built[name] = strawberry.type(self.classes[name], description=spec.description)
        return built

    def _fill(self, cls: type, spec: TypeSpec) -> None:
        fields = property_fields(spec.properties)
        for name, relation in spec.relations.items():
            target = self.classes[relation.target]
            description = _describe(relation)
            if relation.single:
                fields[name] = field(name, optional(target), description=description)
                continue
            fields[name] = field(
                name, list_of(target), description=description, arguments=list_arguments(relation)
            )
            fields[f"{name}Connection"] = field(
                f"{name}Connection",
                self.relation_connection(relation),
                description=description,
                arguments=connection_arguments(relation),
            )
        cls.__annotations__ = {}
        for key, built in fields.items():
            cls.__annotations__[key] = built.type_annotation.annotation if built.type_annotation else Any
            setattr(cls, key, built)

    def properties_type(self, relation: Relation) -> type:
        """`RoleProperties`, …: the properties of a relationship."""
        name = edge_type_name(relation)
        if name not in self.properties_types:
            fields = property_fields(edge_spec(relation).properties)
            self.properties_types[name] = output_type(name, fields, "The properties of a relationship.")
        return self.properties_types[name]

    def relation_connection(self, relation: Relation) -> type:
        """`MemberOfConnection`: a page of the nodes a relationship field reaches, with its edges."""
        name = relation.edge_type
        if name not in self.connections:
            edge = output_type(
                f"{name}Edge",
                {
                    "cursor": field("cursor", str),
                    "node": field("node", self.classes[relation.target]),
                    "properties": field("properties", self.properties_type(relation)),
                },
                f"A {relation.kind.type} relationship and the node at its other end.",
            )
            self.connections[name] = connection_type(f"{name}Connection", edge)
        return self.connections[name]


def _root_connections(nodes: dict[str, type]) -> dict[str, type]:
    """`SchoolConnection` for each kind and `OrganisationConnection`: the root collections."""
    connections: dict[str, type] = {}
    for name, node in nodes.items():
        if name != ENTITY:
            edge = output_type(
                f"{name}Edge",
                {"cursor": field("cursor", str), "node": field("node", node)},
                f"A {name} and its cursor.",
            )
            connections[name] = connection_type(f"{name}Connection", edge)
    return connections


NODE_TYPES: dict[str, type] = _Builder().node_types()
"""The object type of each kind and the `Entity` / `Organisation` interfaces, by name."""
ROOT_CONNECTIONS: dict[str, type] = _root_connections(NODE_TYPES)
"""The connection type of each root collection, by node type name."""
