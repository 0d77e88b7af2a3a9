"""The log as an operator reads it: a client's mistake is one line, a failure of the hub's own its traceback,
and every line carries the id of its request, which the response names too."""

from __future__ import annotations

import logging
import logging.config

import httpx
import orjson
import pytest
from neo4j import AsyncDriver

from hub import logs
from hub.config import Settings
from hub.graphql.ids import global_id
from tests.auth_limits_app import http_client


def configure(settings: Settings) -> None:
    logging.config.dictConfig(logs.config(settings))


async def test_client_error_is_one_line_under_its_request_id(
    restored_logging: None, capsys: pytest.CaptureFixture[str], client: httpx.AsyncClient, settings: Settings
) -> None:
    configure(settings)
    query = {"query": "query($id: ID!) { node(id: $id) { id } }", "variables": {"id": "Not an id!"}}
    response = await client.post("/graphql", json=query, headers={"x-request-id": "client-mistake-1"})
    assert response.headers["x-request-id"] == "client-mistake-1"
    lines = [line for line in capsys.readouterr().err.splitlines() if "hub.graphql" in line]
    assert len(lines) == 1
    assert "INFO hub.graphql [client-mistake-1] BAD_USER_INPUT: " in lines[0] and lines[0].endswith("at node")


async def test_server_error_logs_its_traceback_under_its_request_id(
    restored_logging: None, capsys: pytest.CaptureFixture[str], settings: Settings, driver: AsyncDriver
) -> None:
    configure(settings)
    async with http_client(settings, driver) as client:
        response = await client.post(
            "/graphql", json={"query": "{ boom }"}, headers={"x-request-id": "bug-1"}
        )
    assert response.headers["x-request-id"] == "bug-1"
    err = capsys.readouterr().err
    assert (
        "ERROR hub.graphql [bug-1] internal error: MATCH (n:Secret) RETURN n -- internal detail at boom"
        in err
    )
    assert "Traceback (most recent call last)" in err and "RuntimeError" in err


async def test_odd_request_ids_are_replaced(client: httpx.AsyncClient) -> None:
    for odd in ("x" * 65, "a b", "<script>"):
        response = await client.post("/graphql", json={"query": "{ version }"}, headers={"x-request-id": odd})
        given = response.headers["x-request-id"]
        assert given != odd and len(given) == 32 and int(given, 16) >= 0
    assert (await client.get("/health")).headers["x-request-id"]


async def test_json_lines(
    restored_logging: None, capsys: pytest.CaptureFixture[str], client: httpx.AsyncClient, settings: Settings
) -> None:
    configure(settings.model_copy(update={"hub_log_format": "json"}))
    query = {"query": "query($id: ID!) { node(id: $id) { id } }", "variables": {"id": global_id("X", "y")}}
    await client.post("/graphql", json=query, headers={"x-request-id": "json-1"})
    [line] = [line for line in capsys.readouterr().err.splitlines() if "hub.graphql" in line]
    record = orjson.loads(line)
    assert record["request_id"] == "json-1" and record["levelname"] == "INFO"
    assert record["message"].startswith("BAD_USER_INPUT: ")
