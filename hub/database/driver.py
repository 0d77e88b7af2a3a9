"""The one Neo4j driver a process uses."""

from __future__ import annotations

from neo4j import AsyncDriver, AsyncGraphDatabase, basic_auth

from hub.config import Settings


def open_driver(settings: Settings) -> AsyncDriver:
    """Create the async driver for the configured (or local) Neo4j; close it with `await driver.close()`."""
    return AsyncGraphDatabase.driver(
        settings.bolt_uri,
        auth=basic_auth(settings.neo4j_user, settings.neo4j_password),
        notifications_min_severity="OFF",
        connection_acquisition_timeout=10.0,
        connection_timeout=5.0,
    )
