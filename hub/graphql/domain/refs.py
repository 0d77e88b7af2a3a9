"""What the domain questions return about the nodes and relationships they name: entity references, graph
edges' ends, node ids given as slugs or global ids, and values made fit for the JSON scalar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import Enum
from typing import TYPE_CHECKING, Any

import strawberry
from neo4j.time import Date, DateTime

from hub.graphql.cypher.fragments import KIND_KEY
from hub.graphql.ids import global_id, node_reference
from hub.model import RELATIONSHIP_KINDS

if TYPE_CHECKING:

    class NodeKind(Enum):
        """Static stand-in for the enum of the node kinds, derived from NODE_KINDS at run time."""

    class RelationshipType(Enum):
        """Static stand-in for the enum derived from RELATIONSHIP_KINDS at run time."""

else:
    from hub.graphql.types.enums import NodeKind

    RelationshipType = strawberry.enum(
        Enum("RelationshipType", {type_: type_ for type_ in RELATIONSHIP_KINDS}),
        description="A type of relationship in the stakeholder graph.",
    )

KINDS: dict[str, NodeKind] = {kind.value: kind for kind in NodeKind}
"""Node kinds by label (a dict look-up; calling the enum class is slow on large answers)."""
RELATIONSHIP_TYPES_BY_NAME: dict[str, RelationshipType] = {type_.value: type_ for type_ in RelationshipType}


def node_id(value: str, argument: str) -> str:
    """The slug a node argument names, given as a slug or a global id (as to `node(id:)`); BAD_USER_INPUT
    naming `argument` when it is neither."""
    return node_reference(value, argument).slug


def named(value: str, node: Mapping[str, Any] | None) -> bool:
    """Whether `node` (a `fragments.ref()` row, or None) is the node the argument `value` names: a slug names
    a node of any kind, a global id one of its kind."""
    return node is not None and node_reference(value).label in (None, node[KIND_KEY])


def entity_fields(row: Mapping[str, Any]) -> dict[str, Any]:
    """The `EntityRef` fields of a `fragments.ref()` row."""
    return {
        "id": strawberry.ID(global_id(row[KIND_KEY], row["id"])),
        "slug": row["id"],
        "kind": KINDS[row[KIND_KEY]],
        "name": row["name"],
        "synthetic": row["synthetic"],
    }


@strawberry.type(description="A node of the graph: its ids, kind and name.")
class EntityRef:
    id: strawberry.ID = strawberry.field(
        description="The global id, as `Node.id`: fetch more with `node(id:)`."
    )
    slug: str = strawberry.field(description="The readable id, as in the seed files; accepted where ids are.")
    kind: NodeKind
    name: str
    synthetic: bool = strawberry.field(description="Generated for demonstration, not from a source document.")

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> EntityRef:
        return cls(**entity_fields(row))

    @classmethod
    def maybe(cls, row: Mapping[str, Any] | None) -> EntityRef | None:
        return None if row is None else cls.from_row(row)


def ends(row: Mapping[str, Any]) -> tuple[strawberry.ID, strawberry.ID]:
    """The global ids of the start and end of a `fragments.relationship()` row."""
    return (
        strawberry.ID(global_id(row["fromKind"], row["from"])),
        strawberry.ID(global_id(row["toKind"], row["to"])),
    )


def native(value: Any) -> Any:
    """A row value with Neo4j temporal values turned into Python ones, recursively."""
    if isinstance(value, Date | DateTime):
        return value.to_native()
    if isinstance(value, dict):
        return {key: native(item) for key, item in value.items()}
    if isinstance(value, list):
        return [native(item) for item in value]
    return value


def jsonable(value: Any) -> Any:
    """A row value fit for the JSON scalar: dates and times as ISO strings, recursively."""
    if isinstance(value, dt.date | dt.datetime | Date | DateTime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [jsonable(item) for item in value]
    return value
