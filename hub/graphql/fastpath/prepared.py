"""What the fast path remembers of an operation, for the variables met so far: its completers, and the
statements its compiled root fields were written into for each viewer, with their completers. Both are
bounded LRUs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hub.graphql.compiler.field import Scoped
from hub.graphql.cypher.viewer import Viewer
from hub.graphql.fastpath.complete import Complete, Completion
from hub.graphql.lru import LRU

PreparedKey = tuple[str, str | None, bytes]
"""The document's text, the operation's name, the coerced variables as sorted JSON."""


STATEMENTS_PER_OPERATION = 64


def _raw(result: Any) -> Any:
    return result


@dataclass(frozen=True)
class Written:
    """A compiled root field written for one viewer: its statement and shaping, the same statement answered
    with the raw result, and the completer of that raw result."""

    scoped: Scoped
    complete: Complete
    raw: Scoped = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "raw", Scoped(self.scoped.statement, _raw))


@dataclass
class Prepared:
    """One operation with one set of variables: its completers, and its compiled root fields' statements
    and completers by (response key, viewer), filled in as they are written."""

    completion: Completion
    statements: LRU[tuple[str, Viewer], Written] = field(
        default_factory=lambda: LRU(STATEMENTS_PER_OPERATION)
    )


PREPARED: LRU[PreparedKey, Prepared] = LRU(4096)
"""Shared by every request of the process."""
