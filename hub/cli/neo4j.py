"""`hub neo4j start | stop | status`: run the local Neo4j on its own."""

from __future__ import annotations

import os

import typer

from hub.cli.common import fail, settings_or_exit
from hub.database.local.server import LocalNeo4j, LocalNeo4jConfig, LocalNeo4jError

NOT_RUNNING = 3

app = typer.Typer(
    help="Run the local Neo4j the hub uses when NEO4J_URI is not set (data in HUB_HOME).",
    no_args_is_help=True,
)


def _local() -> LocalNeo4j:
    try:
        return LocalNeo4j(LocalNeo4jConfig.from_settings(settings_or_exit()))
    except LocalNeo4jError as error:
        fail(str(error))


@app.command()
def resolve() -> None:
    """Resolve Neo4j's jars with Maven (downloading them the first time) and cache the classpath."""
    local = _local()
    try:
        jars = local.classpath().split(os.pathsep)
    except LocalNeo4jError as error:
        fail(str(error))
    typer.echo(f"Neo4j {local.config.version}: {len(jars)} jars (classpath in {local.config.classpath_file})")


@app.command()
def start() -> None:
    """Start it (resolving its jars with Maven the first time) and wait until Bolt answers."""
    local = _local()
    try:
        local.start()
    except LocalNeo4jError as error:
        fail(str(error))
    status = local.status()
    typer.echo(f"local Neo4j running at {status.uri} (pid {status.pid}, log {status.log})")


@app.command()
def stop() -> None:
    """Stop it cleanly (killing it if it does not stop within 30 s)."""
    typer.echo("local Neo4j stopped" if _local().stop() else "local Neo4j was not running")


@app.command()
def status() -> None:
    """Tell whether it is running; exit with 3 when it is not."""
    status = _local().status()
    if not status.running:
        typer.echo(f"local Neo4j not running (log {status.log})")
        raise typer.Exit(NOT_RUNNING)
    typer.echo(f"local Neo4j running at {status.uri} (pid {status.pid}, log {status.log})")
