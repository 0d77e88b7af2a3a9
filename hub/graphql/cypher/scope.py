"""The state of one statement being written: who it reads for, its parameters and its variable names."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hub.graphql.cypher.viewer import PUBLIC, Viewer


@dataclass(frozen=True)
class Statement:
    """A Cypher statement and its parameters."""

    text: str
    parameters: dict[str, Any]

    def given(self, **values: Any) -> Statement:
        """The statement with more parameters: a prepared statement's text, this request's values."""
        return Statement(self.text, {**self.parameters, **values})


@dataclass
class Scope:
    """Hands out parameter names for values and fresh variable names; nothing else enters the text.

    `viewer` is who the statement reads for: access (hub/graphql/cypher/access.py) asks it what the
    statement may return.
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
