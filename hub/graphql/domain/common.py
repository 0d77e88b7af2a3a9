"""What the domain queries share: entity references, node ids, argument checks and Cypher fragments.

Cypher fragments here are built from constants and the model registry only; user input goes in parameters.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from enum import Enum
from typing import TYPE_CHECKING, Any, get_args

import strawberry
from neo4j.time import Date, DateTime

from hub.graphql.compiler.viewer import Viewer
from hub.graphql.errors import BadRequest
from hub.graphql.ids import global_id, parse_global_id
from hub.model import NODE_KINDS, RELATIONSHIP_KINDS, node_kind
from hub.model.values import Slug

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

FUNDING_FLOW = node_kind("FundingFlow").label
_PRIVATE_FLOW = node_kind(FUNDING_FLOW).private_when
assert _PRIVATE_FLOW is not None, "the registry declares when a funding flow is private"
_PRIVATE_PROPERTY, _PRIVATE_VALUES = _PRIVATE_FLOW
_FLOW_OWNERS = "|".join(node_kind(FUNDING_FLOW).owners)

MAX_ROWS = 500
"""The most items any list argument (`first`, `limit`) may ask for."""
DEFAULT_ROWS = 100
"""How many items a list argument gives when it is left out."""

RELATIONSHIP_TYPES = "|".join(RELATIONSHIP_KINDS)
"""Every declared relationship type as a Cypher type alternation, for traversals over the whole network."""
SLUG = re.compile(get_args(Slug)[1].pattern)


KINDS: dict[str, NodeKind] = {kind.value: kind for kind in NodeKind}
"""Node kinds by label (a dict look-up; calling the enum class is slow on large answers)."""
RELATIONSHIP_TYPES_BY_NAME: dict[str, RelationshipType] = {type_.value: type_ for type_ in RelationshipType}


def node_id(value: str) -> str:
    """The slug a node argument names: given as the slug itself or as a global id (`node(id:)`)."""
    return value if SLUG.fullmatch(value) else parse_global_id(value).slug


def entity_fields(row: Mapping[str, Any]) -> dict[str, Any]:
    """The `EntityRef` fields of a `ref()` row."""
    return {
        "id": strawberry.ID(global_id(row["kind"], row["id"])),
        "slug": row["id"],
        "kind": KINDS[row["kind"]],
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


def ref(variable: str, **extra: str) -> str:
    """A Cypher map projection of a node as an `EntityRef` (null for a null node), with extra entries."""
    entries = [
        ".id",
        ".name",
        f"kind: head([label IN labels({variable}) WHERE label IN $nodeKinds])",
        f"synthetic: coalesce({variable}.synthetic, false)",
        *(f"{key}: {value}" for key, value in extra.items()),
    ]
    return f"{variable} {{{', '.join(entries)}}}"


def relationship(variable: str) -> str:
    """A Cypher map of a relationship: element id, type, the ids and kinds of its ends, its properties."""
    start, end = f"startNode({variable})", f"endNode({variable})"
    return (
        f"{{id: elementId({variable}), type: type({variable}), properties: properties({variable}),"
        f" from: {start}.id, fromKind: head([label IN labels({start}) WHERE label IN $nodeKinds]),"
        f" to: {end}.id, toKind: head([label IN labels({end}) WHERE label IN $nodeKinds])}}"
    )


def ends(row: Mapping[str, Any]) -> tuple[strawberry.ID, strawberry.ID]:
    """The global ids of the start and end of a `relationship()` row."""
    return (
        strawberry.ID(global_id(row["fromKind"], row["from"])),
        strawberry.ID(global_id(row["toKind"], row["to"])),
    )


def active(variable: str) -> str:
    """Cypher predicate: the relationship is valid on `$asOf` (since/until inclusive; null is open)."""
    return (
        f"($asOf IS NULL OR (coalesce({variable}.since <= $asOf, true)"
        f" AND coalesce({variable}.until >= $asOf, true)))"
    )


def current(variable: str) -> str:
    """Cypher predicate: the node is no funding flow dated after `$asOf` (by date, else year)."""
    return (
        f"($asOf IS NULL OR NOT {variable}:{FUNDING_FLOW}"
        f" OR coalesce({variable}.date <= $asOf, {variable}.year <= $asOf.year, true))"
    )


def visible(variable: str) -> str:
    """Cypher predicate: the node is no funding flow private to the viewer (`$readAll`, `$viewerOrg`).

    A private flow (status requested) is visible to readers of everything and to its funder and recipient.
    """
    return (
        f"($readAll OR NOT {variable}:{FUNDING_FLOW}"
        f" OR NOT coalesce({variable}.{_PRIVATE_PROPERTY} IN $privateFundingFlow, false)"
        f" OR EXISTS {{ ({variable})-[:{_FLOW_OWNERS}]->(:Entity {{id: $viewerOrg}}) }})"
    )


def viewing(viewer: Viewer) -> dict[str, Any]:
    """The parameters `visible` needs."""
    return {
        "readAll": viewer.read_all,
        "viewerOrg": viewer.org,
        "privateFundingFlow": sorted(_PRIVATE_VALUES),
    }


def of_kinds(variable: str) -> str:
    """Cypher predicate: the node has one of the labels in `$kinds` (any node when `$kinds` is null)."""
    return f"($kinds IS NULL OR any(label IN labels({variable}) WHERE label IN $kinds))"


def parameters(**values: Any) -> dict[str, Any]:
    """Statement parameters with the node kinds every `ref` needs."""
    return {"nodeKinds": list(NODE_KINDS), **values}


def bounded(name: str, value: int, low: int, high: int) -> int:
    """The value, or a BadRequest naming the argument when it is outside [low, high]."""
    if not low <= value <= high:
        raise BadRequest(f"{name} must be between {low} and {high}, got {value}")
    return value


def labels(
    kinds: Iterable[NodeKind] | None, allowed: Iterable[str] | None = None, argument: str = "kinds"
) -> list[str] | None:
    """The labels of the chosen kinds (None for no choice); BadRequest for an empty or disallowed choice."""
    if kinds is None:
        return None
    chosen = sorted({kind.value for kind in kinds})
    if not chosen:
        raise BadRequest(f"{argument} must name at least one kind, or be left out")
    if allowed is not None:
        refused = [label for label in chosen if label not in set(allowed)]
        if refused:
            raise BadRequest(f"{argument} may not include {', '.join(refused)} here")
    return chosen


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
