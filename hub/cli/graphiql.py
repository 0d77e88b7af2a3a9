"""`hub graphiql install`: GraphiQL's files from npm, for the page the hub serves in development."""

from __future__ import annotations

import typer

from hub.cli.common import fail
from hub.ide.assets import FOLDER, AssetsError, install, installed

app = typer.Typer(help="GraphiQL, served in development.", no_args_is_help=True)


@app.command("install")
def install_() -> None:
    """Install GraphiQL's files (npm pack; nothing when they are there already)."""
    if installed():
        typer.echo(f"GraphiQL's files are installed in {FOLDER}")
        return
    try:
        install()
    except AssetsError as error:
        fail(str(error))
    typer.echo(f"installed GraphiQL's files in {FOLDER}")
