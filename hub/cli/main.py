"""The `hub` command: serve, run the local Neo4j, migrate, seed, back up and restore, export, manage API keys,
check queries."""

from __future__ import annotations

import typer

from hub import logs
from hub.cli import backup, coverage, export, graphiql, keys, neo4j, queries, schema, serve
from hub.cli import seed as seeding

app = typer.Typer(
    help="A headless GraphQL data hub over a Neo4j graph of stakeholders.", no_args_is_help=True
)
app.callback()(logs.quiet_driver)
app.command()(serve.serve)
app.command()(seeding.seed)
app.command()(seeding.stats)
app.command()(coverage.coverage)
app.command()(backup.backup)
app.command()(backup.restore)
app.command()(export.export)
app.add_typer(neo4j.app, name="neo4j")
app.add_typer(schema.app, name="schema")
app.add_typer(keys.app, name="keys")
app.add_typer(queries.app, name="queries")
app.add_typer(graphiql.app, name="graphiql")

if __name__ == "__main__":
    app()
