"""Prometheus metrics, served at `GET /metrics`. With several worker processes (PROMETHEUS_MULTIPROC_DIR
set, as `hub serve` sets it for them), each writes its own files there and a scrape sums them."""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from starlette.requests import Request
from starlette.responses import Response

REQUESTS = Counter(
    "hub_requests_total",
    "HTTP requests answered, by operation, role and outcome",
    ["operation", "role", "outcome"],
)
REQUEST_SECONDS = Histogram(
    "hub_request_duration_seconds",
    "Seconds from a request's arrival to its answer",
    ["operation"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20),
)
REFUSALS = Counter("hub_refusals_total", "Requests answered with an error code, by code", ["code"])
STATEMENT_SECONDS = Histogram(
    "hub_neo4j_statement_duration_seconds",
    "Seconds a Cypher statement took, rows read included",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15),
)
ROWS = Counter("hub_neo4j_rows_total", "Rows Cypher statements returned")
CACHE = Counter(
    "hub_cache_lookups_total", "Cache look-ups, by cache and result (hit, miss)", ["cache", "result"]
)
DATABASE_AVAILABLE = Gauge(
    "hub_database_available",
    "1 while Neo4j answers, 0 while the hub refuses requests for it",
    multiprocess_mode="min",
)

REDIS_AVAILABLE = Gauge(
    "hub_redis_available",
    "1 while Redis (HUB_REDIS_URL) answers; 0 while it does not, or is not configured",
    multiprocess_mode="min",
)


def looked_up(cache: str, hit: bool) -> None:
    CACHE.labels(cache, "hit" if hit else "miss").inc()


def _registry() -> CollectorRegistry | None:
    """The registry to expose: every worker's, summed, in multiprocess mode; else this process's."""
    if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
        return None
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return registry


async def metrics(request: Request) -> Response:
    """The metrics in Prometheus' text format."""
    registry = _registry()
    body = generate_latest(registry) if registry is not None else generate_latest()
    return Response(body, media_type=CONTENT_TYPE_LATEST)
