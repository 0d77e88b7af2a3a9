"""`hub keys`: create, list and revoke API keys (stored as hashes in the graph)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer
from neo4j import AsyncDriver
from redis.exceptions import RedisError

from hub.auth import keys
from hub.auth.roles import CREDENTIAL_ROLES, parse_role
from hub.cli.common import fail, settings_or_exit, with_driver
from hub.config import Settings
from hub.shared.revocations import announce

app = typer.Typer(help="API keys: create (shown once), list, revoke.", no_args_is_help=True)

ROLES = ", ".join(CREDENTIAL_ROLES)
T = TypeVar("T")


def run(settings: Settings, work: Callable[[AsyncDriver], Awaitable[T]]) -> T:
    """`work` with a driver; bad input ends the command with one line."""
    try:
        return with_driver(settings, work)
    except keys.ApiKeyError as error:
        fail(str(error))


@app.command()
def create(
    role: Annotated[str, typer.Option(help=f"One of: {ROLES}.")],
    org: Annotated[str | None, typer.Option(help="The organisation id (required for partner).")] = None,
    name: Annotated[str, typer.Option(help="A label to recognise the key by.")] = "",
) -> None:
    """Create a key and print it once: only its hash is stored."""
    try:
        granted = parse_role(role)
    except ValueError as error:
        fail(str(error), 2)
    settings = settings_or_exit()
    key, secret = run(
        settings,
        lambda driver: keys.create_key(driver, settings.neo4j_database, role=granted, org=org, name=name),
    )
    typer.echo(f"created key {key.id} ({key.role}); store it now, it is not shown again:", err=True)
    typer.echo(secret)


@app.command("list")
def list_() -> None:
    """List the keys (never their secrets)."""
    settings = settings_or_exit()
    found = run(settings, lambda driver: keys.list_keys(driver, settings.neo4j_database))
    if not found:
        typer.echo("no API keys")
        return
    typer.echo("id\trole\torg\tname\tcreated\trevoked")
    for key in found:
        typer.echo(
            "\t".join(
                (key.id, key.role, key.org or "-", key.name or "-", key.created_at, key.revoked_at or "-")
            )
        )


@app.command()
def revoke(key_id: Annotated[str, typer.Argument(metavar="ID")]) -> None:
    """Revoke a key; running it again changes nothing. With HUB_REDIS_URL every hub process is told at once;
    without it, each notices within HUB_API_KEY_CACHE_TTL seconds."""
    settings = settings_or_exit()
    key = run(settings, lambda driver: keys.revoke_key(driver, settings.neo4j_database, key_id))
    typer.echo(f"revoked key {key.id} at {key.revoked_at}")
    try:
        heard = asyncio.run(announce(settings, key.id))
    except (RedisError, OSError) as error:
        fail(
            f"Redis did not answer ({type(error).__name__}): hub processes that have the key cached accept "
            f"it for up to {settings.hub_api_key_cache_ttl:.0f} s; run this again when Redis answers"
        )
    if heard is not None:
        typer.echo(f"told {heard} listening hub process(es) through Redis")
