"""What every command shares: loading settings and failing with one clear line."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import NoReturn, TypeVar

import typer
from neo4j import AsyncDriver

from hub.config import Settings, SettingsError, load_settings
from hub.database.driver import open_driver

T = TypeVar("T")


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one line to stderr and exit."""
    typer.echo(f"hub: {message}", err=True)
    raise typer.Exit(code)


def settings_or_exit() -> Settings:
    try:
        return load_settings()
    except SettingsError as error:
        fail(str(error), 2)


def with_driver(settings: Settings, work: Callable[[AsyncDriver], Awaitable[T]]) -> T:
    """Run `work` with a driver that is closed afterwards."""

    async def run() -> T:
        driver = open_driver(settings)
        try:
            return await work(driver)
        finally:
            await driver.close()

    return asyncio.run(run())
