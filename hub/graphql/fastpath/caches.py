"""Parsed and validated documents, remembered by query text in a bounded LRU, each with the statements
its root fields compiled to for the variables and viewers met so far (a bounded LRU too)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field
from threading import Lock
from typing import Generic, TypeVar

from graphql import DocumentNode, GraphQLError

from hub.graphql.fastpath.complete import Completion
from hub.graphql.query import Scoped

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


@dataclass
class LRU(Generic[K, V]):
    """At most `size` entries, least recently used dropped first."""

    size: int
    _entries: OrderedDict[K, V] = field(default_factory=OrderedDict)
    _lock: Lock = field(default_factory=Lock)

    def get(self, key: K) -> V | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: K, value: V) -> V:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
            return value

    def __len__(self) -> int:
        return len(self._entries)


@dataclass
class Prepared:
    """What one operation of a document needs for one set of variables and one viewer: the compiled root
    fields' statements (by response key, filled in as they are compiled) and the completers."""

    completion: Completion
    statements: dict[str, Scoped] = field(default_factory=dict)


PlanKey = tuple[str | None, bytes, Hashable]
"""Operation name, the request's variables (sorted JSON), the viewer."""
PLANS_PER_DOCUMENT = 64


@dataclass
class Parsed:
    """A parsed document and, once known, the errors of the schema's standard validation rules."""

    document: DocumentNode
    errors: list[GraphQLError] | None = None
    plans: LRU[PlanKey, Prepared] = field(default_factory=lambda: LRU(PLANS_PER_DOCUMENT))


class DocumentCache(LRU[str, Parsed]):
    """At most `size` documents by query text, least recently used dropped first."""

    def __init__(self, size: int = 1024) -> None:
        super().__init__(size)

    def remember(self, query: str, document: DocumentNode) -> Parsed:
        return self.put(query, Parsed(document))
