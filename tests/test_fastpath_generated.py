"""Generated queries over every root field: the fast path's JSON equals graphql-core's, errors too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from graphql import StringValueNode
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema

from hub.config import Settings
from hub.graphql.compiler.field import compiler_of
from hub.graphql.fastpath.executor import resolvable
from hub.graphql.schema import schema
from tests.fastpath_support import Graph, seeded_graph

ROOT = schema._schema.query_type
assert ROOT is not None
COMPILED = sorted(name for name, field in ROOT.fields.items() if compiler_of(field) is not None)
DATES = st.dates().map(lambda day: StringValueNode(value=day.isoformat()))
RESOLVED = sorted(
    name
    for name, field in ROOT.fields.items()
    if resolvable(field) and compiler_of(field) is None and name != "version"
)
QUERIES = from_schema(schema._schema, fields=COMPILED, custom_scalars={"Date": DATES}, allow_x00=False)
DOMAIN_QUERIES = from_schema(schema._schema, fields=RESOLVED, custom_scalars={"Date": DATES}, allow_x00=False)


@pytest.fixture(scope="module")
def graph(settings: Settings) -> Iterator[Graph]:
    yield from seeded_graph(settings, Path(__file__).resolve().parent.parent)


def test_the_generic_root_fields_are_compiled() -> None:
    assert {"node", "nodes", "search", "fundingAggregate", "schools", "organisations"} <= set(COMPILED)
    assert {"schoolsAggregate", "fundingFlowsAggregate", "organisationsAggregate"} <= set(COMPILED)


def examples(count: int) -> Any:
    """Hypothesis settings for `count` generated queries, the same ones every run."""
    return hypothesis_settings(
        max_examples=count,
        derandomize=True,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


@examples(1500)
@given(query=QUERIES)
def test_generated_queries_answer_the_same(graph: Graph, query: str) -> None:
    answers_the_same(graph, query)


def test_the_domain_fields_take_the_fast_path_too() -> None:
    assert {"fundingTrace", "paths", "neighbourhood", "collaborationPartners"} <= set(RESOLVED)


@examples(300)
@given(query=DOMAIN_QUERIES)
def test_generated_domain_queries_answer_the_same(graph: Graph, query: str) -> None:
    answers_the_same(graph, query)


def answers_the_same(graph: Graph, query: str) -> None:
    """The fast path's JSON is graphql-core's, and it answered exactly when execution started."""
    slow, fast, took_fast_path = graph.run(graph.both(query))
    assert fast == slow
    assert took_fast_path == executed(slow)


def executed(body: bytes) -> bool:
    """Whether execution started: there is data, or an error at a field (not a request error)."""
    answer = orjson.loads(body)
    return answer.get("data") is not None or any("path" in error for error in answer.get("errors", ()))
