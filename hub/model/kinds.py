"""What a kind of node or relationship declares: its label or type, its record model, its ends, who may
see its private data, and how it reads in a sentence."""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field

from hub.model.base import EdgeRecord, NodeRecord
from hub.model.relationships import Plain

ENTITY = "Entity"
"""The label every node carries: ids are unique across the whole graph."""
ORGANISATION = "Organisation"
"""The label every organisation kind carries."""

VERSION, UPDATED_AT, UPDATED_BY = "version", "updatedAt", "updatedBy"
STAMPED = (VERSION, UPDATED_AT, UPDATED_BY)
"""What every write stamps on the node or relationship it writes: its version (which `expectedVersion`
checks), when, and who (a credential's subject, or `seed`). Who wrote is private data of every kind."""


@dataclass(frozen=True)
class NodeKind:
    """A node label, its record model and whether it is an organisation."""

    label: str
    model: type[NodeRecord]
    organisation: bool = False
    references: dict[str, str] = field(default_factory=dict)
    """Record fields that name another node by id and become an outgoing relationship of that type."""
    private: frozenset[str] = frozenset()
    """Properties (camelCase) only readers of everything and the owning organisation may see; others read
    null, so a private property must be optional."""
    private_when: tuple[str, frozenset[str]] | None = None
    """(property, values): a node whose property has one of the values is private as a whole."""
    owners: tuple[str, ...] = ()
    """Outgoing relationship types reaching the organisations that own the node's private data;
    an organisation owns itself."""

    @property
    def private_properties(self) -> frozenset[str]:
        """The declared private properties, and who last wrote the node."""
        return self.private | {UPDATED_BY}

    @property
    def labels(self) -> tuple[str, ...]:
        """Every label a node of this kind carries: its own, `Entity`, and `Organisation` where it is one."""
        return (self.label, ENTITY, *((ORGANISATION,) if self.organisation else ()))

    @property
    def properties(self) -> tuple[str, ...]:
        """The graph property names (camelCase) stored on the node."""
        return tuple(
            info.alias or name
            for name, info in self.model.model_fields.items()
            if name not in self.references
        )


@dataclass(frozen=True)
class RelationshipKind:
    """A relationship type, the labels it may join, and the GraphQL fields that traverse it."""

    type: str
    sources: frozenset[str]
    targets: frozenset[str]
    outgoing: str
    incoming: str
    phrases: tuple[str, str]
    """How it reads in a sentence: along its direction, and against it ("leads", "is led by")."""
    properties: builtins.type[EdgeRecord] = Plain
    single: bool = False
    """At most one outgoing relationship of this type per source node."""
