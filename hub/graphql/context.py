"""What every resolver gets: the driver, the settings, the request, the caller, its time budget, and the log
of round trips."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from neo4j import AsyncDriver
from starlette.requests import HTTPConnection

from hub.auth.principal import ANONYMOUS, Principal
from hub.config import Settings
from hub.database.availability import Availability


@dataclass
class RoundTrip:
    """One Cypher statement sent to Neo4j while answering a request."""

    statement: str
    parameters: dict[str, Any]
    ms: float
    rows: int


@dataclass
class Context:
    driver: AsyncDriver
    settings: Settings
    request: HTTPConnection
    """The HTTP request, or the WebSocket a subscription runs over."""
    explain: bool = False
    plan_only: bool = False
    """Have Neo4j plan each read statement without running it (EXPLAIN; no rows): the start-up warm-up."""
    round_trips: list[RoundTrip] = field(default_factory=list)
    principal: Principal = ANONYMOUS
    """Who asks: the principal hub.auth.http attached to the request; anonymous until one is."""
    started: float = field(default_factory=time.monotonic)
    """When the request began: its statements share HUB_NEO4J_TX_TIMEOUT from here."""
    availability: Availability | None = None
    """Told when Neo4j cannot be reached (the app's; none when a schema is executed directly)."""
    connection_params: dict[str, Any] | None = None
    """A WebSocket's `connection_init` payload (set by Strawberry; see hub.graphql.http)."""

    def remaining(self) -> float:
        """Seconds left of the request's time budget (negative once it is spent)."""
        return self.started + self.settings.hub_neo4j_tx_timeout - time.monotonic()
