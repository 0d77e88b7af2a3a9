"""`hub coverage`: every sentence of the source report and the facts quoting it, checked and written to
seeds/README.md."""

from __future__ import annotations

from typing import Annotated

import typer

from hub.cli.common import settings_or_exit


def coverage(
    write: Annotated[bool, typer.Option(help="Write the table into seeds/README.md.")] = False,
) -> None:
    """Check that every sentence of the report has facts or a declared reason (seeds/coverage.yaml), and
    that seeds/README.md holds the current table; exit 1 with one line per problem otherwise."""
    from hub.seeding.coverage import in_readme, section
    from hub.seeding.errors import SeedValidationError
    from hub.seeding.validation import read_network

    seeds = settings_or_exit().hub_seeds_dir
    try:
        network = read_network(seeds / "source")
    except SeedValidationError as error:
        for invalid in error.errors:
            typer.echo(invalid, err=True)
        raise typer.Exit(1) from error
    generated, problems = section(network, seeds / "source")
    readme = seeds / "README.md"
    current = readme.read_text(encoding="utf-8")
    wanted = in_readme(current, generated)
    if write:
        readme.write_text(wanted, encoding="utf-8")
    elif wanted != current:
        problems.append(f"{readme}: the coverage table is out of date; run `hub coverage --write`")
    for problem in problems:
        typer.echo(problem, err=True)
    if problems:
        raise typer.Exit(1)
    typer.echo(f"{readme}: every sentence of the report has facts or a reason")
