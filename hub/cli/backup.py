"""`hub backup FILE` and `hub restore FILE`: the whole graph out to a file, and into an empty database."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from neo4j.exceptions import Neo4jError

from hub.cli.common import fail, said, settings_or_exit, with_driver
from hub.database import backup as backups

FILE = Annotated[Path, typer.Argument(help="The backup file; a name ending in .gz is gzipped.")]


def backup(file: FILE) -> None:
    """Write the whole graph (records, audit trail, API key hashes, migration records) to FILE."""
    settings = settings_or_exit()
    started = time.perf_counter()
    try:
        counts = with_driver(settings, lambda driver: backups.backup(driver, settings.neo4j_database, file))
    except (backups.BackupError, Neo4jError, OSError) as error:
        fail(f"backup failed: {said(error)}")
    seconds = time.perf_counter() - started
    typer.echo(
        f"{file}: {counts.nodes:,} nodes and {counts.relationships:,} relationships in {seconds:.1f} s"
    )


def restore(file: FILE) -> None:
    """Restore FILE into the configured database, which must be empty (a new Neo4j of 5.x)."""
    settings = settings_or_exit()
    started = time.perf_counter()
    try:
        counts = with_driver(
            settings,
            lambda driver: backups.restore(driver, settings.neo4j_database, file, settings.hub_schema_dir),
        )
    except (backups.BackupError, Neo4jError, OSError) as error:
        fail(f"restore failed: {said(error)}")
    seconds = time.perf_counter() - started
    typer.echo(
        f"restored {counts.nodes:,} nodes and {counts.relationships:,} relationships in {seconds:.1f} s"
    )
