"""`hub serve`: bring up Neo4j when none is configured (else wait for the one configured), migrate, seed an
empty graph, and serve until SIGTERM or SIGINT."""

from __future__ import annotations

import socket

import typer
import uvicorn

from hub.cli.common import fail, settings_or_exit
from hub.cli.seed import seed_graph_from_files
from hub.cli.signals import Stopping, ignore_signals, stop_on_signals
from hub.database import migrations, reach
from hub.database.local.server import LocalNeo4j, LocalNeo4jConfig, LocalNeo4jError
from hub.edge.server import server_config
from hub.edge.workers import serve_workers
from hub.persisted.registry import RegistryError, allow_list


def port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def serve() -> None:
    """Serve the GraphQL hub at http://HUB_HOST:HUB_PORT/graphql.

    SIGTERM or SIGINT stops it: requests in flight get HUB_SHUTDOWN_GRACE seconds to finish, the local Neo4j
    is stopped if this command started it, and the command exits 0.
    """
    settings = settings_or_exit()
    try:
        allow_list(settings)
    except RegistryError as error:
        fail(str(error))
    if not port_free(settings.hub_host, settings.hub_port):
        fail(f"{settings.hub_host}:{settings.hub_port} is in use: is a hub already running? (set HUB_PORT)")
    local = LocalNeo4j(LocalNeo4jConfig.from_settings(settings)) if settings.local_neo4j else None
    started = False
    stop_on_signals()
    try:
        if local is not None:
            started = not local.status().running
            if started:
                typer.echo(f"starting the local Neo4j at {local.uri} …")
            local.start()
        else:
            reach.wait_until_answering(settings, typer.echo)
        seed_graph_from_files(settings, settings.hub_seed_synthetic, random_seed=42, only_if_empty=True)
        workers = f" ({settings.hub_workers} worker processes)" if settings.hub_workers > 1 else ""
        typer.echo(f"serving http://{settings.hub_host}:{settings.hub_port}/graphql{workers}")
        if settings.hub_workers > 1:
            serve_workers(settings)
        else:
            from hub.app import app_from_environment  # the whole schema: once there is a graph to serve

            uvicorn.Server(server_config(settings, app_from_environment(settings))).run()
    except Stopping:
        pass
    except (LocalNeo4jError, migrations.MigrationError, reach.Unreachable) as error:
        fail(str(error))
    finally:
        ignore_signals()
        if local is not None and started:
            typer.echo("stopping the local Neo4j …")
            local.stop()
    typer.echo("stopped")
