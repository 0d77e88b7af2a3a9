"""One access line per request, and the request metrics: method, path (never its query string), status,
duration, and the request's facts (operation, role, Neo4j time, error code). Replaces uvicorn's access log,
which prints the query string, and so a GET request's variables."""

from __future__ import annotations

import logging
import time
from contextvars import Token

from opentelemetry import context, propagate, trace
from opentelemetry.context import Context
from opentelemetry.trace import Span, SpanKind
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub import request_id
from hub.observe import facts, metrics, tracing
from hub.request_id import RAW_HEADER

log = logging.getLogger("hub.access")


class AccessLog:
    """Outermost: gives every request (HTTP or WebSocket) its id (hub.request_id) and sends it back; then
    an HTTP request but /metrics gets its access line, metrics and span."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        id_header = (RAW_HEADER, request_id.assign(scope).encode("latin-1"))
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [header for header in message.get("headers", ()) if header[0] != RAW_HEADER]
                message["headers"] = [*headers, id_header]
            await send(message)

        if scope["type"] != "http" or scope["path"] == "/metrics":
            await self.app(scope, receive, send_with_id)
            return
        seen = facts.Facts()
        token = facts.current.set(seen)
        started = time.perf_counter()
        span, attached = begun(scope) if tracing.active() else (None, None)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if attached is not None:
                context.detach(attached)
            facts.current.reset(token)
            done(scope, seen, status, time.perf_counter() - started, span)


def begun(scope: Scope) -> tuple[Span, Token[Context]]:
    """The request's span, current from now on: a child of the caller's `traceparent`, if any."""
    parent = propagate.extract(Headers(scope=scope))
    span = tracing.tracer.start_span(
        f"{scope['method']} {scope['path']}", context=parent, kind=SpanKind.SERVER
    )
    return span, context.attach(trace.set_span_in_context(span))


def done(scope: Scope, seen: facts.Facts, status: int, seconds: float, span: Span | None) -> None:
    """Count the request, end its span and write its line."""
    outcome = seen.code or ("ok" if status < 400 else f"http_{status}")
    metrics.REQUESTS.labels(seen.operation, seen.role, outcome).inc()
    metrics.REQUEST_SECONDS.labels(seen.operation).observe(seconds)
    if seen.code is not None:
        metrics.REFUSALS.labels(seen.code).inc()
    fields = {
        "method": scope["method"],
        "path": scope["path"],
        "status": status,
        "duration_ms": round(seconds * 1000, 1),
        "operation": seen.operation,
        "role": seen.role,
        "outcome": outcome,
        "statements": seen.statements,
        "neo4j_ms": round(seen.neo4j_seconds * 1000, 1),
        "rows": seen.rows,
    }
    if span is not None:
        span.set_attributes({f"hub.{key}": value for key, value in fields.items()})
        span.end()
    if log.isEnabledFor(logging.INFO):
        line = " ".join(f"{key}={value}" for key, value in fields.items() if key not in ("method", "path"))
        log.info("%s %s %s", scope["method"], scope["path"], line, extra=fields)
