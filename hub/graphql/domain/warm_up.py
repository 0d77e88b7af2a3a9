"""Planning the domain questions before their first caller: Neo4j plans a statement the first time it sees
its text (on a JVM just started, at a million nodes, 4-8 s for partners or a neighbourhood) and reuses the
plan after. At start-up the hub asks each question once (with its defaults), as each kind of viewer (each
reads through a statement of its own), with a context that only plans (EXPLAIN): nothing is read, and
nothing is found."""

from __future__ import annotations

import logging
import time

from neo4j import AsyncDriver
from starlette.requests import Request

from hub.auth.principal import ANONYMOUS, Principal
from hub.auth.roles import Role
from hub.config import Settings
from hub.graphql.context import Context
from hub.graphql.domain.neighbourhood import MAX_HOPS
from hub.graphql.schema import schema

log = logging.getLogger("hub.graphql")

NOWHERE = "hub-warm-up"
"""The node the questions ask about (a slug; only planned, so whether a node has it does not matter)."""
QUESTIONS = (
    f'{{ collaborationPartners(for: "{NOWHERE}") {{ candidates {{ score }} }} }}',
    *(
        f'{{ neighbourhood(id: "{NOWHERE}", hops: {hops}) {{ truncated }} }}'
        for hops in range(1, MAX_HOPS + 1)
    ),
    f'{{ paths(from: "{NOWHERE}", to: "{NOWHERE}-2") {{ paths {{ length }} }} }}',
    f'{{ fundingTrace(from: "{NOWHERE}") {{ maxHops }} }}',
    "{ clusters { total } }",
    "{ targetProgress { description } }",
)
"""Each domain question with its defaults, and a neighbourhood of every depth (each depth is a statement of
its own, and analysts ask for 2 hops more than for 1)."""
VIEWERS = (
    ANONYMOUS,
    Principal(subject="warm-up", role=Role.PARTNER, org=NOWHERE),
    Principal(subject="warm-up", role=Role.ANALYST),
)
"""One principal per kind of viewer (hub/graphql/cypher/viewer.py): public, one organisation's, everything."""


async def warm_up(driver: AsyncDriver, settings: Settings) -> int:
    """Have Neo4j plan every question's statement for every kind of viewer; the statements planned. Stops
    at the first question that plans nothing (Neo4j away, out of time), saying why."""
    started = time.perf_counter()
    planned = 0
    for principal in VIEWERS:
        for question in QUESTIONS:
            request = Request({"type": "http", "method": "POST", "headers": [], "app": None})
            context = Context(driver, settings, request, principal=principal, plan_only=True)
            result = await schema.execute(question, context_value=context)
            if not context.round_trips:
                reason = result.errors[0].message if result.errors else "no statement"
                log.warning("warm-up stopped after %d statements: %s", planned, reason)
                return planned
            planned += len(context.round_trips)
    log.info("warm-up: %d statements planned in %.1f s", planned, time.perf_counter() - started)
    return planned
