"""What every resolver gets: the driver, the settings, the request, the caller, and the log of round trips."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from neo4j import AsyncDriver
from starlette.requests import Request

from hub.auth.principal import ANONYMOUS, Principal
from hub.config import Settings


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
    request: Request
    explain: bool = False
    round_trips: list[RoundTrip] = field(default_factory=list)
    principal: Principal = ANONYMOUS
    """Who asks: the principal AuthMiddleware attached to the request; anonymous until one is."""
