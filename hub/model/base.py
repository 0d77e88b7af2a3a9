"""The base every node and relationship record shares: identity, provenance, strictness."""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict, model_validator
from pydantic.alias_generators import to_camel

from hub.model.values import LongText, Quote, Slug, Text


class Record(BaseModel):
    """Strict, immutable, camelCase on the outside (seed files, graph properties, GraphQL)."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, alias_generator=to_camel, populate_by_name=True, use_enum_values=True
    )


class Provenance(Record):
    """Where a node or relationship comes from: a document, its section and the spans of its text the record
    rests on (verbatim, checked by the seed against the document's file), or the synthetic generator."""

    source: Slug | None = None
    section: Text | None = None
    quotes: list[Quote] | None = None
    synthetic: bool = False

    @model_validator(mode="after")
    def _sourced_or_synthetic(self) -> Self:
        if self.synthetic == (self.source is not None):
            raise ValueError("give either a source document or synthetic: true, not both or neither")
        if self.synthetic and self.quotes:
            raise ValueError("quotes: a synthetic record quotes no document")
        return self


class NodeRecord(Provenance):
    """What every node kind has: a stable slug id, a name and an optional description."""

    id: Slug
    name: Text
    description: LongText | None = None


class EdgeRecord(Provenance):
    """Properties every relationship has besides its provenance: none; kinds add their own."""
