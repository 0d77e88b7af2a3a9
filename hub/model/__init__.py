"""The graph model, declared once: node kinds, relationship kinds and their properties.

GraphQL types, seed validation, migrations checks and Cypher all derive from this package.
"""

from hub.model.base import NodeRecord, Provenance
from hub.model.kinds import ENTITY, ORGANISATION, NodeKind, RelationshipKind
from hub.model.registry import FUNDING_FLOW, NODE_KINDS, RELATIONSHIP_KINDS, node_kind

__all__ = [
    "ENTITY",
    "FUNDING_FLOW",
    "NODE_KINDS",
    "ORGANISATION",
    "RELATIONSHIP_KINDS",
    "NodeKind",
    "NodeRecord",
    "Provenance",
    "RelationshipKind",
    "node_kind",
]
