"""Tracing, with the OpenTelemetry SDK's in-memory exporter: a span for the HTTP request (a child of the
caller's `traceparent`), one for its GraphQL operation and one per Cypher statement, and none of them
carrying query text, variables or statement parameters."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from neo4j import AsyncDriver
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from hub.observe import tracing

QUERIES = Path(__file__).resolve().parent.parent / "queries"
VARIABLES = json.loads((QUERIES / "companies-in-talent-projects.variables.json").read_text())
TRACE_ID = "0af7651916cd43dd8448eb211c80319c"
TRACEPARENT = f"00-{TRACE_ID}-b7ad6b7169203331-01"


@pytest.fixture(scope="module")
def exported() -> InMemorySpanExporter:
    """The spans the hub ends, kept in memory (the provider is the process's: installed once)."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracing.install(provider)
    return exporter


async def test_a_request_is_traced_without_its_secrets(
    exported: InMemorySpanExporter, seeded: AsyncDriver, client: httpx.AsyncClient
) -> None:
    exported.clear()
    body = {"operationName": "CompaniesInTalentProjects", "variables": VARIABLES}
    answer = await client.post("/graphql", json=body, headers={"traceparent": TRACEPARENT})
    assert answer.status_code == 200 and "errors" not in answer.json()
    spans = {span.name: span for span in exported.get_finished_spans()}
    http, operation, read = spans["POST /graphql"], spans["graphql.operation"], spans["neo4j.read"]
    assert f"{http.context.trace_id:032x}" == TRACE_ID
    assert http.kind is trace.SpanKind.SERVER and http.attributes["hub.status"] == 200
    assert operation.parent.span_id == http.context.span_id
    assert operation.attributes["graphql.operation.name"] == "CompaniesInTalentProjects"
    assert read.parent.span_id == operation.context.span_id
    assert read.attributes["db.system.name"] == "neo4j" and read.attributes["db.response.returned_rows"] == 1
    everything = " ".join(str(dict(span.attributes or {})) for span in exported.get_finished_spans())
    for leak in ("PUBLIC_PRIVATE_PARTNERSHIP", "MATCH", "query CompaniesInTalentProjects", "$"):
        assert leak not in everything
