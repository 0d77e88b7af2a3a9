"""The schema as SDL; the repository keeps it in `schema.graphql` at its root, for clients and review."""

from __future__ import annotations

from hub.config import ROOT
from hub.graphql.schema import schema

SCHEMA_FILE = ROOT / "schema.graphql"


def export_sdl() -> str:
    """The SDL of the executable schema, as `hub schema export` writes it."""
    return schema.as_str() + "\n"
