"""The query plan: what one root field fetches, in terms of the model, with response keys attached.

Plans name labels, properties and relationship types only through the catalog; user values sit in
the plan as values (later parameters), never as text of the statement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from hub.graphql.aggregates import Dimension
from hub.graphql.catalog import Relation
from hub.graphql.ids import Cursor

# --- filters -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Compare:
    """`property <operator> value`; the operator is one of hub.graphql.operators.OPERATORS."""

    property: str
    operator: str
    value: Any
    kinds: tuple[str, ...] = ()
    """The kinds the node may be, when the property is private on one of them (it is read masked)."""


@dataclass(frozen=True)
class IsNull:
    property: str
    null: bool
    kinds: tuple[str, ...] = ()
    """The kinds the node may be, when the property is private on one of them (it is read masked)."""


@dataclass(frozen=True)
class HasLabel:
    label: str


@dataclass(frozen=True)
class Constant:
    value: bool


@dataclass(frozen=True)
class AllOf:
    items: tuple[Predicate, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Predicate, ...]


@dataclass(frozen=True)
class Not:
    item: Predicate


@dataclass(frozen=True)
class Related:
    """Some, none or all of the nodes reached through `relation` satisfy `condition`, and their relationships
    `edge`; only relationships valid on `as_of` count, when it is given."""

    relation: Relation
    quantifier: str
    condition: Predicate
    edge: Predicate | None = None
    """A condition on the relationship's own properties."""
    as_of: dt.date | None = None


Predicate = Compare | IsNull | HasLabel | Constant | AllOf | AnyOf | Not | Related

# --- shapes of what comes back ----------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    """A scalar field: read `property` into `key`; the response shows it under `alias`."""

    alias: str
    key: str
    property: str
    global_id: bool = False
    default: object = None


@dataclass(frozen=True)
class Group:
    """An object field of values of the same node or relationship (`provenance`): a nested map under `key`."""

    alias: str
    key: str
    values: tuple[Value, ...]


Field = Value | Group
"""What is read of a relationship's own properties."""


@dataclass(frozen=True)
class SortKey:
    property: str
    descending: bool = False
    kinds: tuple[str, ...] = ()
    """The kinds the node may be, when the property is private on one of them (it is read masked)."""
    edge: bool = False
    """A property of the relationship walked to the node, not of the node."""


@dataclass(frozen=True)
class Sort:
    """Sort keys; the id is always the last, so the order is total and cursors are exact."""

    keys: tuple[SortKey, ...]

    @property
    def cursor_keys(self) -> tuple[str, ...]:
        return tuple(
            f"{'edge.' if key.edge else ''}{key.property}:{'DESC' if key.descending else 'ASC'}"
            for key in self.keys
        )

    @property
    def by_edge(self) -> bool:
        """Whether a key is a relationship property."""
        return any(key.edge for key in self.keys)

    def reversed(self) -> Sort:
        return Sort(tuple(replace(key, descending=not key.descending) for key in self.keys))


@dataclass(frozen=True)
class Traversal:
    """The nodes reached from a node through one relationship field, filtered."""

    relation: Relation
    where: Predicate | None = None
    as_of: dt.date | None = None
    edge: Predicate | None = None
    """A condition on the relationship's own properties."""


@dataclass(frozen=True)
class RelatedNodes:
    """A plain relationship field: a list (or, for a single relationship, one node or null)."""

    alias: str
    key: str
    traversal: Traversal
    sort: Sort
    limit: int | None
    node: NodeShape
    single: bool = False


@dataclass(frozen=True)
class Page:
    """Which slice of a sorted list: `size` rows after / before a cursor."""

    size: int
    after: Cursor | None = None
    before: Cursor | None = None
    backward: bool = False
    """Counting from the end (`last`)."""


@dataclass(frozen=True)
class EdgesField:
    """An `edges` selection: where to put each edge's cursor, node and relationship properties."""

    alias: str
    cursor: tuple[str, ...]
    node: tuple[str, ...]
    properties: tuple[tuple[str, tuple[Field, ...]], ...] = ()


@dataclass(frozen=True)
class ConnectionShape:
    edges: tuple[EdgesField, ...]
    page_info: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    """(alias of pageInfo, ((alias, PageInfo field), …))."""
    total: tuple[str, ...]

    @property
    def wants_total(self) -> bool:
        return bool(self.total)

    def wants(self, page_info_field: str) -> bool:
        return any(name == page_info_field for _, fields in self.page_info for _, name in fields)


@dataclass(frozen=True)
class Connection:
    """A Relay connection: over a label at the root, or over a relationship field of a node."""

    alias: str
    key: str
    sort: Sort
    page: Page
    node: NodeShape
    shape: ConnectionShape
    label: str | None = None
    """The label matched at the root."""
    where: Predicate | None = None
    """The filter at the root."""
    traversal: Traversal | None = None
    """The relationship walked from a node."""
    properties: tuple[Field, ...] = ()
    """The relationship properties to read (merged over every `edges.properties` selection)."""


Member = Value | Group | RelatedNodes | Connection


@dataclass(frozen=True)
class Branch:
    """What to read from a node of one of `labels`."""

    labels: tuple[str, ...]
    members: tuple[Member, ...]


@dataclass(frozen=True)
class NodeShape:
    """What to read from a node; several branches when the selection differs per kind (fragments)."""

    branches: tuple[Branch, ...]
    by_kind: dict[str, Branch] = field(init=False, compare=False, repr=False)
    """Each branch under each of its labels, for shaping a result row by row (derived)."""

    def __post_init__(self) -> None:
        by_kind = {label: branch for branch in reversed(self.branches) for label in branch.labels}
        object.__setattr__(self, "by_kind", by_kind)


# --- root fields ------------------------------------------------------------------------------


@dataclass(frozen=True)
class NodeLookup:
    """`node(id:)` / `nodes(ids:)`: nodes by (label, slug), in the order asked; the label is None for an id
    given as a slug, and both are None for one that is neither (`malformed`)."""

    ids: tuple[tuple[str | None, str | None], ...]
    node: NodeShape
    many: bool
    malformed: tuple[tuple[int, str], ...] = ()
    """(position, why) of each id of `nodes(ids:)` that is neither a slug nor a global id."""


@dataclass(frozen=True)
class SearchHits:
    """`search`: a full-text query over the `entity_text` index."""

    CURSOR_KEYS = ("score:DESC", "id:ASC")

    query: str
    """The Lucene query made of the text's words (hub.graphql.compiler.lucene); empty when it has none."""
    kinds: tuple[str, ...]
    first: int
    after: Cursor | None
    score: tuple[str, ...]
    cursor: tuple[str, ...]
    node: tuple[str, ...]
    shape: NodeShape


@dataclass(frozen=True)
class GroupField:
    """A selected field of a group: `key`, `count`, or a measure with its selected (alias, function)s."""

    alias: str
    name: str
    functions: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Aggregate:
    """`schoolsAggregate`, …, `fundingAggregate`: the nodes of a type grouped, counted and summarised."""

    label: str
    kinds: tuple[str, ...]
    where: Predicate | None
    keys: tuple[Dimension, ...]
    measures: tuple[tuple[str, str, tuple[str, ...]], ...]
    """(field, property, functions) of each measure summarised."""
    groups: tuple[GroupField, ...]
    key_fields: tuple[tuple[str, str], ...]
    """(alias, dimension) of each selected field of `key`."""
    key_nodes: tuple[tuple[str, NodeShape], ...]
    """(dimension, shape) of each relationship dimension selected."""
