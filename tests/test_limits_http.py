"""The HTTP limits over HTTP: body size, JSON-only POSTs, no batches, rate limit, CORS, page size."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from neo4j import AsyncDriver

from hub.config import Settings, load_settings
from tests.auth_limits_app import http_client

QUERY = {"query": "{ me { role } }"}


@pytest.fixture
async def client(settings: Settings, driver: AsyncDriver) -> AsyncIterator[httpx.AsyncClient]:
    async with http_client(settings, driver) as client:
        yield client


def code(response: httpx.Response) -> str:
    code: str = response.json()["errors"][0]["extensions"]["code"]
    return code


async def test_a_plain_post_and_get_pass(client: httpx.AsyncClient) -> None:
    assert (await client.post("/graphql", json=QUERY)).json() == {"data": {"me": {"role": "anonymous"}}}
    response = await client.get("/graphql", params={"query": "{ me { role } }"})
    assert response.json() == {"data": {"me": {"role": "anonymous"}}}


async def test_oversized_body_declared(client: httpx.AsyncClient) -> None:
    body = b'{"query": "{ __typename }", "pad": "' + b"x" * 1_048_576 + b'"}'
    response = await client.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert code(response) == "BODY_TOO_LARGE"


async def test_oversized_body_streamed_is_not_read_to_its_end(client: httpx.AsyncClient) -> None:
    sent = 0

    async def chunks() -> AsyncIterator[bytes]:
        nonlocal sent
        for _ in range(100):
            sent += 1
            yield b" " * 65_536

    response = await client.post("/graphql", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert code(response) == "BODY_TOO_LARGE"
    assert sent <= 17  # 1 MiB is 16 chunks: reading stopped at the first chunk past it


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None],
)
async def test_simple_content_types_are_refused(client: httpx.AsyncClient, content_type: str | None) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = await client.post("/graphql", content=b'{"query": "{ me { role } }"}', headers=headers)
    assert response.status_code == 415
    assert code(response) == "UNSUPPORTED_MEDIA_TYPE"


async def test_json_with_charset_is_accepted(client: httpx.AsyncClient) -> None:
    headers = {"content-type": "application/json; charset=utf-8"}
    response = await client.post("/graphql", content=b'{"query": "{ me { role } }"}', headers=headers)
    assert response.status_code == 200


@pytest.mark.parametrize("body", [b'[{"query": "{ me { role } }"}]', b'\n  [{"query": "{ __typename }"}]'])
async def test_batches_are_refused(client: httpx.AsyncClient, body: bytes) -> None:
    response = await client.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert code(response) == "BATCHING_DISABLED"


async def test_huge_page_over_http(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": "{ items(first: 1000000) { total } }"})
    assert "PAGE_SIZE_TOO_LARGE" in [error["extensions"]["code"] for error in response.json()["errors"]]


async def test_rate_limit(settings: Settings, driver: AsyncDriver) -> None:
    limited = settings.model_copy(update={"hub_rate_limit_per_minute": 6, "hub_rate_limit_burst": 2})
    async with http_client(limited, driver) as client:
        assert [(await client.post("/graphql", json=QUERY)).status_code for _ in range(2)] == [200, 200]
        response = await client.post("/graphql", json=QUERY)
    assert response.status_code == 429
    assert code(response) == "RATE_LIMITED"
    assert response.headers["retry-after"] == "1"  # 2 in any one second, of 6 a minute


async def test_cors_allows_only_listed_origins(settings: Settings, driver: AsyncDriver) -> None:
    allowed = settings.model_copy(update={"hub_cors_origins": ("https://app.example",)})
    async with http_client(allowed, driver) as client:
        preflight = await client.options(
            "/graphql",
            headers={
                "origin": "https://app.example",
                "access-control-request-method": "POST",
                "access-control-request-headers": "content-type, x-api-key",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == "https://app.example"
        other = await client.post("/graphql", json=QUERY, headers={"origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
        refused = await client.options(
            "/graphql",
            headers={"origin": "https://evil.example", "access-control-request-method": "POST"},
        )
        assert refused.status_code == 400


def test_cors_origins_are_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUB_CORS_ORIGINS", "https://a.example, https://b.example")
    assert load_settings(_env_file=None).hub_cors_origins == ("https://a.example", "https://b.example")
