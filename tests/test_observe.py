"""What an operator sees: one JSON access line per request (its id, operation, role, status, duration and
Neo4j time, never its query, variables or credentials), and Prometheus metrics at /metrics."""

from __future__ import annotations

import json
import logging
import logging.config
from pathlib import Path

import httpx
import orjson
import pytest
from neo4j import AsyncDriver
from prometheus_client.parser import text_string_to_metric_families

from hub import logs
from hub.auth import keys
from hub.auth.roles import Role
from hub.config import Settings

QUERIES = Path(__file__).resolve().parent.parent / "queries"
VARIABLES = json.loads((QUERIES / "companies-in-talent-projects.variables.json").read_text())
FLAGSHIP = {"operationName": "CompaniesInTalentProjects", "variables": VARIABLES}


def access_lines(err: str) -> list[dict[str, object]]:
    lines = [orjson.loads(line) for line in err.splitlines() if line.startswith("{")]
    return [line for line in lines if line.get("name") == "hub.access"]


async def test_one_json_access_line_per_request_without_secrets(
    restored_logging: None,
    capsys: pytest.CaptureFixture[str],
    seeded: AsyncDriver,
    client: httpx.AsyncClient,
    settings: Settings,
) -> None:
    _, secret = await keys.create_key(seeded, settings.neo4j_database, role=Role.ANALYST, org=None, name="")
    logging.config.dictConfig(logs.config(settings.model_copy(update={"hub_log_format": "json"})))
    capsys.readouterr()
    headers = {"x-request-id": "access-1", "x-api-key": secret}
    answer = await client.post("/graphql", json=FLAGSHIP, headers=headers)
    assert answer.status_code == 200 and "errors" not in answer.json()
    query = "query Secretive($note: String!) { search(query: $note, first: 1) { __typename } }"
    await client.get(
        "/graphql", params={"query": query, "variables": json.dumps({"note": "hush-hush-value"})}
    )
    err = capsys.readouterr().err
    first, second = access_lines(err)
    assert first["request_id"] == "access-1"
    assert first["operation"] == "CompaniesInTalentProjects" and first["role"] == "analyst"
    assert first["status"] == 200 and first["outcome"] == "ok"
    assert isinstance(first["duration_ms"], float) and isinstance(first["neo4j_ms"], float)
    assert first["statements"] == 1 and first["neo4j_ms"] > 0  # one round trip for the root field
    assert second["operation"] == "(ad hoc)" and second["path"] == "/graphql"
    for leak in (secret, "hush-hush-value", "Secretive", "search(", "PUBLIC_PRIVATE_PARTNERSHIP"):
        assert leak not in err


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def value(found: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_metrics_count_requests_refusals_statements_and_caches(
    seeded: AsyncDriver, client: httpx.AsyncClient, settings: Settings
) -> None:
    _, secret = await keys.create_key(seeded, settings.neo4j_database, role=Role.EDITOR, org=None, name="")
    before = samples((await client.get("/metrics")).text)
    await client.post("/graphql", json=FLAGSHIP)
    for _ in range(2):
        await client.post("/graphql", json=FLAGSHIP, headers={"x-api-key": secret})
    await client.post("/graphql", json={"query": "{ companies(first: 100000) { id } }"})
    await client.post(
        "/graphql",
        content=b"x" * (settings.hub_max_body_bytes + 1),
        headers={"content-type": "application/json"},
    )
    scraped = await client.get("/metrics")
    assert scraped.headers["content-type"].startswith("text/plain")
    after = samples(scraped.text)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    flagship = {"operation": "CompaniesInTalentProjects", "outcome": "ok"}
    assert grew("hub_requests_total", role="anonymous", **flagship) == 1
    assert grew("hub_requests_total", role="editor", **flagship) == 2
    assert grew("hub_refusals_total", code="PAGE_SIZE_TOO_LARGE") == 1
    assert grew("hub_refusals_total", code="BODY_TOO_LARGE") == 1
    assert grew("hub_request_duration_seconds_count", operation="CompaniesInTalentProjects") == 3
    assert grew("hub_neo4j_statement_duration_seconds_count") >= 3
    assert grew("hub_neo4j_rows_total") > 0
    assert grew("hub_cache_lookups_total", cache="api_key", result="miss") == 1
    assert grew("hub_cache_lookups_total", cache="api_key", result="hit") == 1
    assert value(after, "hub_database_available") == 1
