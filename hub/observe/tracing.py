"""OpenTelemetry tracing, off unless HUB_TRACING=true: a span for each HTTP request (hub.observe.access),
for its GraphQL operation (`TraceOperation`) and for each Cypher statement (hub.graphql.cypher.run),
exported over OTLP/HTTP (the exporter reads OTEL_EXPORTER_OTLP_ENDPOINT and the other standard variables).
An incoming W3C `traceparent` makes the request's span a child of the caller's. Spans carry names, codes,
counts and timings: never query text, variables, statement parameters or credentials."""

from __future__ import annotations

from collections.abc import Iterator

from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from strawberry.extensions import SchemaExtension

from hub import __version__
from hub.config import Settings
from hub.observe import facts

SERVICE = "stakeholder-hub"
tracer = trace.get_tracer("hub", __version__)
"""The hub's tracer: a no-op until a tracer provider is installed (`configure`, or a test's own)."""


def configure(settings: Settings) -> None:
    """Install the exporting tracer provider when HUB_TRACING is on; once per process."""
    if not settings.hub_tracing:
        return
    provider = TracerProvider(
        resource=Resource.create({"service.name": SERVICE, "service.version": __version__})
    )
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)


class TraceOperation(SchemaExtension):
    """A span around each GraphQL operation, parent of its statements' spans."""

    def on_operation(self) -> Iterator[None]:
        with tracer.start_as_current_span("graphql.operation") as span:
            yield
            seen = facts.current.get()
            span.set_attribute("graphql.operation.name", seen.operation if seen else facts.AD_HOC)
            if self.execution_context.operation_type is not None:
                span.set_attribute("graphql.operation.type", self.execution_context.operation_type.value)
            if seen is not None and seen.code is not None:
                span.set_attribute("hub.error.code", seen.code)
