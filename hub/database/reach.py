"""Reaching Neo4j from a command: waiting for it at start-up, showing what is waited for, and saying in one
line, with the hint that fits, why it cannot be reached. Never the driver's own text."""

from __future__ import annotations

import time
from collections.abc import Callable

from neo4j import GraphDatabase, basic_auth
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired

from hub.config import Settings

SAY_EVERY = 10.0
"""Seconds between the lines saying the hub still waits."""
TRY_EVERY = 1.0


class Unreachable(Exception):
    """Neo4j cannot be reached or refuses the credentials; the message is one line."""


def hint(settings: Settings) -> str:
    if settings.local_neo4j:
        return "start it with `hub neo4j start`, or set NEO4J_URI to another Neo4j"
    return "is it running, and is NEO4J_URI right?"


def refused(settings: Settings) -> Unreachable:
    return Unreachable(
        f"Neo4j at {settings.bolt_uri} refuses user {settings.neo4j_user!r} with the password given:"
        " check NEO4J_USER and NEO4J_PASSWORD"
    )


def explain(error: Exception, settings: Settings) -> Unreachable | None:
    """The one line an unreachable or refusing Neo4j ends a command with; None for any other error."""
    if isinstance(error, AuthError):
        return refused(settings)
    if isinstance(error, ServiceUnavailable | SessionExpired):
        return Unreachable(f"cannot reach Neo4j at {settings.bolt_uri}: {hint(settings)}")
    return None


def wait_until_answering(settings: Settings, say: Callable[[str], None]) -> None:
    """Return once Neo4j answers; keep trying for HUB_NEO4J_START_TIMEOUT, saying so every `SAY_EVERY` s.

    A refused password fails at once: trying again would only lock the user out.
    """
    timeout = settings.hub_neo4j_start_timeout
    started = time.monotonic()
    said = -SAY_EVERY
    auth = basic_auth(settings.neo4j_user, settings.neo4j_password)
    connect = settings.hub_neo4j_connect_timeout
    with GraphDatabase.driver(settings.bolt_uri, auth=auth, connection_timeout=connect) as driver:
        while True:
            try:
                driver.verify_connectivity()
                return
            except AuthError:
                raise refused(settings) from None
            except (ServiceUnavailable, SessionExpired):
                pass
            waited = time.monotonic() - started
            if waited >= timeout:
                raise Unreachable(
                    f"Neo4j at {settings.bolt_uri} did not answer within {timeout:g} s"
                    f" (HUB_NEO4J_START_TIMEOUT): {hint(settings)}"
                )
            if waited - said >= SAY_EVERY:
                say(f"waiting for Neo4j at {settings.bolt_uri} to answer ({waited:.0f} of {timeout:g} s) …")
                said = waited
            time.sleep(TRY_EVERY)
