"""`X-Hub-Explain: 1` (development only): the response's `extensions.cypher` lists every round trip."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from strawberry.extensions import SchemaExtension

from hub.graphql.context import Context


class Explain(SchemaExtension):
    """Adds `extensions.cypher`: [{statement, parameters, ms, rows}] when the request asked to explain."""

    def get_results(self) -> dict[str, Any]:
        context = self.execution_context.context
        if not isinstance(context, Context) or not context.explain:
            return {}
        return {"cypher": [asdict(trip) for trip in context.round_trips]}
