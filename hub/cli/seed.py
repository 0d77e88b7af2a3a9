"""`hub seed` and `hub stats`: fill the graph from the seed files, and count what is in it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import orjson
import typer
from neo4j import AsyncDriver
from neo4j.exceptions import Neo4jError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from hub.cli.common import fail, said, settings_or_exit, with_driver
from hub.config import Settings
from hub.database import migrations
from hub.database.local.server import LocalNeo4j, LocalNeo4jConfig
from hub.seeding.errors import SeedValidationError
from hub.seeding.network import Network
from hub.seeding.offline import OfflineSeedError, seed_offline
from hub.seeding.run import Seeded, seed_graph
from hub.seeding.stats import GraphStats, graph_stats, is_empty
from hub.seeding.synthetic import Plan
from hub.seeding.validation import read_network

T = TypeVar("T")

SOURCE_FOLDER = "source"
"""The folder of HUB_SEEDS_DIR that holds the source network."""


def seed(
    synthetic: Annotated[
        int | None,
        typer.Option(
            min=0, help="Fictional organisations around the source network (default: HUB_SEED_SYNTHETIC)."
        ),
    ] = None,
    random_seed: Annotated[int, typer.Option(help="Seed of the synthetic generator.")] = 42,
    only_if_empty: Annotated[
        bool, typer.Option("--only-if-empty", help="Do nothing when the graph already has nodes.")
    ] = False,
    overwrite: Annotated[
        bool,
        typer.Option(
            "--overwrite",
            help="Where a seed file and an edit through the API disagree, take the file's value (and "
            "replace edited synthetic records too).",
        ),
    ] = False,
    offline: Annotated[
        bool,
        typer.Option(
            "--offline",
            help="Load with Neo4j's admin tool, Neo4j stopped meanwhile: the hub's own local Neo4j, running, "
            "its database empty. Several times faster for a large synthetic layer.",
        ),
    ] = False,
) -> None:
    """Seed the graph: the source network (seeds/source/*.yaml) and a synthetic layer around it.

    Every seed file is validated first; on any error nothing is written. What was written through the API
    stays: where a file disagrees with it, the edit is kept and the conflict reported (see --overwrite).
    Seeding again gives the same graph.
    """
    settings = settings_or_exit()
    organisations = settings.hub_seed_synthetic if synthetic is None else synthetic
    if offline:
        seed_offline_from_files(settings, organisations, random_seed)
        return
    seed_graph_from_files(
        settings, organisations, random_seed, only_if_empty=only_if_empty, overwrite=overwrite
    )


def _network(settings: Settings) -> Network:
    """The source network from the seed files; on any error, each one said and the command failed."""
    try:
        return read_network(settings.hub_seeds_dir / SOURCE_FOLDER)
    except SeedValidationError as error:
        for problem in error.errors:
            typer.echo(str(problem), err=True)
        fail(f"{error}; nothing was written")


def seed_offline_from_files(settings: Settings, organisations: int, random_seed: int) -> None:
    """Seed the empty database of the hub's local Neo4j with the admin tool (`hub.seeding.offline`)."""
    network = _network(settings)
    neo4j = LocalNeo4j(LocalNeo4jConfig.from_settings(settings))
    try:
        seeded = asyncio.run(
            seed_offline(neo4j, settings, network, organisations=organisations, random_seed=random_seed)
        )
    except OfflineSeedError as error:
        fail(f"{error}; seed without --offline")
    _report(settings, network, seeded)


def seed_graph_from_files(
    settings: Settings, organisations: int, random_seed: int, *, only_if_empty: bool, overwrite: bool = False
) -> None:
    """Apply the migrations, validate the seed files and seed, reporting what was written (used by serve)."""
    network = _network(settings)
    seeded = _run(
        settings,
        lambda driver: _seed(settings, driver, network, organisations, random_seed, only_if_empty, overwrite),
    )
    if seeded is None:
        typer.echo("the graph is not empty: nothing seeded")
        return
    _report(settings, network, seeded)


def _report(settings: Settings, network: Network, seeded: Seeded) -> None:
    source, folder = seeded.source, settings.hub_seeds_dir / SOURCE_FOLDER
    typer.echo(
        f"source network from {folder}: {len(network.nodes)} nodes, {len(network.edges)} relationships "
        f"({source.nodes_created} nodes and {source.relationships_created} relationships new, "
        f"{source.nodes_updated} nodes and {source.relationships_updated} relationships changed)"
    )
    for conflict in source.conflicts:
        typer.echo(f"kept the API's edit: {conflict}", err=True)
    if source.conflicts:
        typer.echo(
            f"{len(source.conflicts)} conflict(s) between the seed files and edits made through the API: "
            "the edits were kept; `hub seed --overwrite` takes the files' values",
            err=True,
        )
    if seeded.synthetic_deleted:
        typer.echo(f"previous synthetic layer deleted: {seeded.synthetic_deleted} nodes")
    if seeded.synthetic_kept:
        typer.echo(f"synthetic records kept because the API wrote or linked to them: {seeded.synthetic_kept}")
    if seeded.synthetic is not None:
        loaded = seeded.synthetic
        typer.echo(
            f"synthetic layer: {loaded.nodes:,} nodes and {loaded.relationships:,} relationships "
            f"in {loaded.seconds:.1f} s ({loaded.rate:,.0f} per second)"
            + "".join(f"; {step} {seconds:.1f} s" for step, seconds in loaded.steps.items())
        )


async def _seed(
    settings: Settings,
    driver: AsyncDriver,
    network: Network,
    organisations: int,
    random_seed: int,
    only_if_empty: bool,
    overwrite: bool,
) -> Seeded | None:
    for migration in await migrations.apply(driver, settings.neo4j_database, settings.hub_schema_dir):
        typer.echo(f"applied {migration.path.name}")
    if only_if_empty and not await is_empty(driver, settings.neo4j_database):
        return None
    columns = (
        TextColumn("synthetic layer"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("nodes, {task.fields[relationships]:,} relationships"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("", total=Plan(organisations).nodes, relationships=0)
        return await seed_graph(
            driver,
            settings.neo4j_database,
            network,
            organisations=organisations,
            random_seed=random_seed,
            progress=lambda nodes, relationships: bar.update(
                task, completed=nodes, relationships=relationships
            ),
            overwrite=overwrite,
        )


def stats(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Count the nodes per label and relationships per type, and how many of them are synthetic."""
    settings = settings_or_exit()
    counts = _run(settings, lambda driver: graph_stats(driver, settings.neo4j_database))
    if as_json:
        typer.echo(orjson.dumps(counts.as_dict(), option=orjson.OPT_INDENT_2).decode())
    else:
        Console().print(_table(counts))


def _table(counts: GraphStats) -> Table:
    table = Table("", "total", "synthetic", box=None)
    for title, group in (("nodes", counts.nodes), ("relationships", counts.relationships)):
        table.add_section()
        for name, count in group.items():
            table.add_row(name, f"{count.total:,}", f"{count.synthetic:,}")
        total = counts.totals()[title]
        table.add_row(
            f"[bold]{title}[/bold]", f"[bold]{total.total:,}[/bold]", f"[bold]{total.synthetic:,}[/bold]"
        )
    return table


def _run(settings: Settings, work: Callable[[AsyncDriver], Awaitable[T]]) -> T:
    """Run `work` with a driver, turning a failed migration or statement into one line."""
    try:
        return with_driver(settings, work)
    except (Neo4jError, migrations.MigrationError) as error:
        fail(said(error))
