"""Neo4j killed (`kill -9`) under a stream of idempotent writes, then started again.

While it is away, every GraphQL request is refused within 2 s with HTTP 503, a code and Retry-After (never
driver text), `/ready` answers within 1 s without internals; the hub serves again within 5 s of Neo4j
answering, without a restart; and not one write is lost or applied twice. The deadlines are the issue's
functional requirements, not speed measurements.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import httpx
import jwt
import pytest
from neo4j import GraphDatabase, Record

from hub.app import create_app
from hub.config import Settings, load_settings
from hub.database import migrations
from hub.database.local.server import LocalNeo4j
from tests.conftest import PASSWORD, start_neo4j
from tests.test_mutations_helpers import GRAPH, SOURCE

SECRET = "an-outage-test-secret-long-enough-for-hs256"
ISSUER, AUDIENCE = "https://id.example", "hub"
WRITERS = 4
WRITES = 60
"""Writes each writer sends, one after the other, each with its own idempotency key."""
KILL_AFTER = 60
"""Writes applied before Neo4j is killed."""
AWAY = 3.0
"""Seconds Neo4j stays dead before it is started again."""
PAUSE = 0.1
"""Seconds a writer waits after a refusal before it sends the same write again."""
ANSWER_WITHIN, READY_WITHIN, SERVE_WITHIN = 2.0, 1.0, 5.0
UNAVAILABLE = {"DATABASE_UNAVAILABLE", "WRITE_OUTCOME_UNKNOWN"}
DRIVER_WORDS = ("IPv4", "bolt", "defunct", "Couldn't", "Neo4j", "connection")

CREATE = """
mutation($input: ProjectCreateInput!, $key: String) {
  createProject(input: $input, idempotencyKey: $key) { version node { slug } }
}
"""
READ = "{ projects(first: 1) { totalCount } }"
MEDIA_TYPES = ("application/json", "application/graphql-response+json")


@dataclass(frozen=True)
class Answer:
    sent: float
    took: float
    status: int
    code: str | None
    retry_after: str | None
    text: str


@dataclass
class Run:
    answers: list[Answer] = field(default_factory=list)
    ready: list[Answer] = field(default_factory=list)
    applied: int = 0
    killed: float | None = None
    answering: float | None = None

    def after(self, moment: float) -> list[Answer]:
        return [answer for answer in self.answers if answer.sent >= moment]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4j]:
    """A Neo4j of this test's own, since it is killed."""
    server = start_neo4j(tmp_path_factory)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def outage_settings(server: LocalNeo4j, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = load_settings(
        neo4j_uri=server.uri,
        neo4j_password=PASSWORD,
        hub_home=tmp_path_factory.mktemp("hub"),
        hub_rate_limit_per_minute=0,
        hub_jwt_secret=SECRET,
        hub_jwt_issuer=ISSUER,
        hub_jwt_audience=AUDIENCE,
        _env_file=None,
    )
    with GraphDatabase.driver(server.uri, auth=("neo4j", PASSWORD)) as driver:
        driver.execute_query(GRAPH)
    return settings


def editor() -> dict[str, str]:
    now = int(time.time())
    claims = {"sub": "outage-writer", "iss": ISSUER, "aud": AUDIENCE, "exp": now + 3600, "role": "editor"}
    return {"authorization": f"Bearer {jwt.encode(claims, SECRET, algorithm='HS256')}"}


async def timed(http: httpx.AsyncClient, sent: httpx.Request, into: list[Answer]) -> Answer:
    """Send, and note how it was answered and how long that took."""
    start = time.monotonic()
    response = await http.send(sent)
    errors = response.json().get("errors") if response.headers["content-type"].endswith("json") else None
    code = (errors or [{}])[0].get("extensions", {}).get("code") if errors else None
    answer = Answer(
        start,
        time.monotonic() - start,
        response.status_code,
        code,
        response.headers.get("retry-after"),
        response.text,
    )
    into.append(answer)
    return answer


async def writer(http: httpx.AsyncClient, run: Run, number: int) -> None:
    """Sends its writes one by one; a refused write is sent again, same key, until it is answered."""
    headers = {"accept": MEDIA_TYPES[number % 2], **editor()}
    for index in range(WRITES):
        slug = f"outage-{number}-{index}"
        project = {"slug": slug, "name": slug, "projectType": "TALENT", "status": "APPLIED", "source": SOURCE}
        body = {"query": CREATE, "variables": {"input": project, "key": slug}}
        while True:
            request = http.build_request("POST", "/graphql", json=body, headers=headers)
            answer = await timed(http, request, run.answers)
            if answer.status == 200 and answer.code is None:
                run.applied += 1
                break
            await asyncio.sleep(PAUSE)


async def prober(http: httpx.AsyncClient, run: Run, done: asyncio.Event) -> None:
    """Anonymous reads in both media types and `/ready`, every 100 ms."""
    while not done.is_set():
        for media_type in MEDIA_TYPES:
            request = http.build_request(
                "POST", "/graphql", json={"query": READ}, headers={"accept": media_type}
            )
            await timed(http, request, run.answers)
        await timed(http, http.build_request("GET", "/ready"), run.ready)
        await asyncio.sleep(0.1)


async def until(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def test_neo4j_killed_under_writes(server: LocalNeo4j, outage_settings: Settings) -> None:
    run = Run()
    app = create_app(outage_settings)
    async with app.router.lifespan_context(app):
        await migrations.apply(app.state.driver, "neo4j", outage_settings.hub_schema_dir)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub.test", timeout=30) as http:
            done = asyncio.Event()
            writers = [asyncio.create_task(writer(http, run, number)) for number in range(WRITERS)]
            probing = asyncio.create_task(prober(http, run, done))
            await until(lambda: run.applied >= KILL_AFTER, 60)
            pid = server.status().pid
            assert pid is not None
            run.killed = time.monotonic()
            os.kill(pid, signal.SIGKILL)
            await asyncio.sleep(AWAY)
            await asyncio.to_thread(server.start)
            run.answering = time.monotonic()
            await asyncio.wait_for(asyncio.gather(*writers), 120)
            done.set()
            await probing
        records, _, _ = await app.state.driver.execute_query(
            "MATCH (p:Project) WHERE p.id STARTS WITH 'outage-' "
            "OPTIONAL MATCH (a:__HubAudit {entityId: p.id}) "
            "RETURN p.id AS id, count(a) AS audits"
        )
    report(run, records)


def report(run: Run, records: list[Record]) -> None:
    assert run.killed is not None and run.answering is not None
    sent = WRITERS * WRITES
    present = {record["id"] for record in records}
    expected = {f"outage-{number}-{index}" for number in range(WRITERS) for index in range(WRITES)}
    refused = [answer for answer in run.answers if answer.status != 200 or answer.code is not None]
    first_refusal = min(answer.sent + answer.took for answer in refused) - run.killed
    served = min(answer.sent + answer.took for answer in run.after(run.answering) if answer.status == 200)
    print(
        f"\nwrites sent {sent}, applied {len(present)}, lost {len(expected - present)},"
        f" duplicated {sum(record['audits'] - 1 for record in records)};"
        f" requests refused {len(refused)}, seconds to the first 503 {first_refusal:.2f},"
        f" slowest refusal {max(answer.took for answer in refused):.2f} s,"
        f" slowest answer {max(answer.took for answer in run.answers):.2f} s,"
        f" slowest /ready {max(answer.took for answer in run.ready):.2f} s,"
        f" Neo4j's restart after kill -9 {run.answering - run.killed - AWAY:.2f} s,"
        f" seconds from Neo4j answering to the hub serving {served - run.answering:.2f}"
    )
    assert present == expected, "every write was applied"
    assert all(record["audits"] == 1 for record in records), "each write was applied and audited once"
    assert refused, "the outage was noticed"
    for answer in refused:
        assert (answer.status, answer.retry_after) == (503, "2"), answer
        assert answer.code in UNAVAILABLE, answer
        assert not any(word in answer.text for word in DRIVER_WORDS), answer.text
    assert first_refusal <= ANSWER_WITHIN
    assert max(answer.took for answer in refused) <= ANSWER_WITHIN
    assert max(answer.took for answer in run.ready) <= READY_WITHIN
    assert {answer.status for answer in run.ready} == {200, 503}
    assert all('"the database does not answer"' in a.text for a in run.ready if a.status == 503)
    assert served - run.answering <= SERVE_WITHIN
