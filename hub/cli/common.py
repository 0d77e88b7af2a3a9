"""What every command shares: loading settings and failing with one clear line."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import NoReturn, TypeVar

import typer
from neo4j import AsyncDriver
from neo4j.exceptions import DriverError, Neo4jError

from hub.config import Settings, SettingsError, load_settings
from hub.database import reach
from hub.database.driver import open_driver

T = TypeVar("T")


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one line to stderr and exit."""
    typer.echo(f"hub: {message}", err=True)
    raise typer.Exit(code)


def said(error: Exception) -> str:
    """What went wrong, in one line: Neo4j's message without its codes and status fields."""
    return (error.message if isinstance(error, Neo4jError) else None) or str(error)


def settings_or_exit() -> Settings:
    try:
        return load_settings()
    except SettingsError as error:
        fail(str(error), 2)


def with_driver(settings: Settings, work: Callable[[AsyncDriver], Awaitable[T]]) -> T:
    """Run `work` with a driver that is closed afterwards; an unreachable or refusing Neo4j ends the command
    with one line."""

    async def run() -> T:
        driver = open_driver(settings)
        try:
            return await work(driver)
        finally:
            await driver.close()

    try:
        return asyncio.run(run())
    except (DriverError, Neo4jError) as error:
        reason = reach.explain(error, settings)
        if reason is None:
            raise
        fail(str(reason))
