"""The facts of the request being served, gathered by the layers that learn them: which operation, who
asked, what Neo4j did, and the error code it ended with. Never its query text, variables or credentials."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

AD_HOC = "(ad hoc)"
"""The operation of a request whose document is not a registered one: its name is the client's to choose,
so it is not kept (metrics stay bounded, logs clean)."""


@dataclass
class Facts:
    operation: str = AD_HOC
    role: str = "anonymous"
    code: str | None = None
    """The first error code of its answer, if any."""
    statements: int = 0
    neo4j_seconds: float = 0.0
    rows: int = 0


current: ContextVar[Facts | None] = ContextVar("request_facts", default=None)


def _facts() -> Facts | None:
    return current.get()


def operation(name: str) -> None:
    """The request runs this registered operation."""
    if (facts := _facts()) is not None:
        facts.operation = name


def role(name: str) -> None:
    if (facts := _facts()) is not None:
        facts.role = name


def code(value: str) -> None:
    """The request's answer carries this error code (the first one counts)."""
    if (facts := _facts()) is not None and facts.code is None:
        facts.code = value


def statement(seconds: float, rows: int) -> None:
    """A statement of the request's came back from Neo4j."""
    if (facts := _facts()) is not None:
        facts.statements += 1
        facts.neo4j_seconds += seconds
        facts.rows += rows
