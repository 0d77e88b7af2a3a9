"""`hub queries`: the persisted operations in queries/ (the production allow-list)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hub.cli.common import settings_or_exit

app = typer.Typer(help="The persisted operations: the allow-list in HUB_QUERIES_DIR.", no_args_is_help=True)


@app.command()
def check(
    folder: Annotated[Path | None, typer.Argument(help="Default: HUB_QUERIES_DIR (queries/).")] = None,
) -> None:
    """Parse and validate every operation against the schema; one line per problem, exit 1 if any."""
    from hub.graphql.schema import schema
    from hub.persisted.check import check_queries

    folder = folder or settings_or_exit().hub_queries_dir
    problems = check_queries(folder, schema._schema)
    for problem in problems:
        typer.echo(problem, err=True)
    if problems:
        raise typer.Exit(1)
    typer.echo(f"{len(list(folder.rglob('*.graphql')))} operations in {folder} are valid")
