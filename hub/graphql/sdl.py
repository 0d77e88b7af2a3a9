"""The schema as SDL, written to `schema.graphql` at the repository root for clients and review."""

from __future__ import annotations

from pathlib import Path

from hub.config import ROOT
from hub.graphql.schema import schema

SCHEMA_FILE = ROOT / "schema.graphql"


def export_sdl() -> str:
    """The SDL of the executable schema, as `hub schema export` writes it."""
    return schema.as_str() + "\n"


def write_sdl(path: Path = SCHEMA_FILE) -> Path:
    path.write_text(export_sdl())
    return path
