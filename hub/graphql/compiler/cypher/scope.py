"""The state of one statement being written: its parameters and its variable names."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hub.graphql.catalog import Relation
from hub.graphql.compiler.viewer import PUBLIC, Viewer


@dataclass(frozen=True)
class Statement:
    """A Cypher statement and its parameters; it returns one row with the column `result`."""

    text: str
    parameters: dict[str, Any]


@dataclass
class Scope:
    """Hands out parameter names for values and fresh variable names; nothing else enters the text.

    `viewer` is who the statement reads for: it decides which private data the statement may return.
    """

    viewer: Viewer = PUBLIC
    parameters: dict[str, Any] = field(default_factory=dict)
    variables: int = 0

    def param(self, value: Any) -> str:
        name = f"p{len(self.parameters)}"
        self.parameters[name] = value
        return f"${name}"

    def named(self, name: str, value: Any) -> str:
        """A parameter under a fixed name (such as `$viewerOrg`), set once however often it is used."""
        self.parameters[name] = value
        return f"${name}"

    def var(self, prefix: str) -> str:
        self.variables += 1
        return f"{prefix}{self.variables}"

    def statement(self, text: str) -> Statement:
        return Statement(text, self.parameters)


def labels(names: tuple[str, ...]) -> str:
    """A label expression matching any of `names` (declared labels only): `Network|Pact`."""
    return "|".join(names)


def pattern(source: str, relation: Relation, rel: str, target: str) -> str:
    """`(n)-[r:TYPE]->(m:A|B)`, in the relationship's direction."""
    left, right = ("-", "->") if relation.outgoing else ("<-", "-")
    return f"({source}){left}[{rel}:{relation.kind.type}]{right}({target}:{labels(relation.target_labels)})"
