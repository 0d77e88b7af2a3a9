"""The validated source network: node records and relationships, each with the place it was declared."""

from __future__ import annotations

from dataclasses import dataclass, field

from hub.model import NodeKind, RelationshipKind
from hub.model.base import EdgeRecord, NodeRecord
from hub.seeding.errors import Where


@dataclass(frozen=True)
class SeedNode:
    kind: NodeKind
    record: NodeRecord
    where: Where


@dataclass(frozen=True)
class SeedEdge:
    """A relationship from `start` to `end` (node ids); references of node records become edges too."""

    kind: RelationshipKind
    start: str
    end: str
    record: EdgeRecord
    where: Where
    field: str = "to"
    """The record key that named `end`: `to`, or the reference field of a node record."""


@dataclass(frozen=True)
class Network:
    nodes: tuple[SeedNode, ...]
    edges: tuple[SeedEdge, ...]
    by_id: dict[str, SeedNode] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {node.record.id: node for node in self.nodes})

    def of_kind(self, label: str) -> list[SeedNode]:
        """The nodes of one label, in declaration order."""
        return [node for node in self.nodes if node.kind.label == label]
