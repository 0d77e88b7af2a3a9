"""`hub schema`: apply the graph schema migrations."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hub.cli.common import fail, settings_or_exit, with_driver
from hub.database import migrations

app = typer.Typer(
    help="The graph schema: versioned Cypher migrations in graph_schema/.", no_args_is_help=True
)


@app.command()
def apply() -> None:
    """Apply the pending migrations in order; a no-op when the graph is up to date."""
    settings = settings_or_exit()
    try:
        done = with_driver(
            settings,
            lambda driver: migrations.apply(driver, settings.neo4j_database, settings.hub_schema_dir),
        )
    except migrations.MigrationError as error:
        fail(str(error))
    for migration in done:
        typer.echo(f"applied {migration.path.name}")
    if not done:
        typer.echo("schema is up to date")


@app.command()
def export(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The file to write, or - for standard output.")
    ] = Path("schema.graphql"),
) -> None:
    """Write the GraphQL schema (SDL) to a file: schema.graphql in the current folder unless told."""
    from hub.graphql.sdl import export_sdl

    sdl = export_sdl()
    if str(output) == "-":
        typer.echo(sdl, nl=False)
        return
    try:
        output.write_text(sdl)
    except OSError as error:
        fail(f"cannot write {output}: {error.strerror}")
    typer.echo(f"wrote {output}", err=True)
