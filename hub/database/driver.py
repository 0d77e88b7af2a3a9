"""The one Neo4j driver a process uses."""

from __future__ import annotations

from neo4j import AsyncDriver, AsyncGraphDatabase, basic_auth

from hub.config import Settings

RETRYING = 2.0


def open_driver(settings: Settings) -> AsyncDriver:
    """Create the async driver for the configured (or local) Neo4j; close it with `await driver.close()`.

    A connection that does not open within HUB_NEO4J_CONNECT_TIMEOUT counts as Neo4j being away, and the
    driver's own retries stop after `RETRYING` seconds: the hub answers quickly, and retries within the
    request's budget itself (hub/graphql/cypher/run.py).
    """
    return AsyncGraphDatabase.driver(
        settings.bolt_uri,
        auth=basic_auth(settings.neo4j_user, settings.neo4j_password),
        notifications_min_severity="OFF",
        connection_acquisition_timeout=settings.hub_neo4j_tx_timeout,
        connection_timeout=settings.hub_neo4j_connect_timeout,
        max_transaction_retry_time=RETRYING,
    )
