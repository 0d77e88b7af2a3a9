"""Parsed and validated documents, remembered by query text in a bounded LRU."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from threading import Lock

from graphql import DocumentNode, GraphQLError


@dataclass
class Parsed:
    """A parsed document and, once known, the errors of the schema's standard validation rules."""

    document: DocumentNode
    errors: list[GraphQLError] | None = None


@dataclass
class DocumentCache:
    """At most `size` documents, least recently used dropped first."""

    size: int = 1024
    _entries: OrderedDict[str, Parsed] = field(default_factory=OrderedDict)
    _lock: Lock = field(default_factory=Lock)

    def get(self, query: str) -> Parsed | None:
        with self._lock:
            entry = self._entries.get(query)
            if entry is not None:
                self._entries.move_to_end(query)
            return entry

    def put(self, query: str, document: DocumentNode) -> Parsed:
        with self._lock:
            entry = self._entries[query] = Parsed(document)
            self._entries.move_to_end(query)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
            return entry

    def __len__(self) -> int:
        return len(self._entries)
