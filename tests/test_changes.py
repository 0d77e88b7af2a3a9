"""The change feed: `changes` and its subscription, scoped by the read rule, in commit order, resumable."""

from __future__ import annotations

import threading
from typing import Any

import httpx
import orjson
import pytest
import websocket
from neo4j import AsyncDriver

from hub.auth import keys
from hub.auth.principal import Principal
from hub.auth.roles import Role
from hub.config import Environment, Settings
from tests.served import serving
from tests.test_mutations_helpers import (
    ADMIN,
    EDITOR,
    NOBODY,
    PARTNER_A,
    PARTNER_B,
    SOURCE,
    done,
    gid,
    load,
    refused,
)


@pytest.fixture
async def graph(db: AsyncDriver) -> AsyncDriver:
    await load(db)
    return db


FEED = """query($after: String, $first: Int, $kinds: [String!]) {
  changes(after: $after, first: $first, kinds: $kinds) {
    changes { cursor operation kind id slug from to at before after }
    endCursor hasNextPage
  }
}"""
FLOW = """mutation($funder: ID!, $recipient: ID!, $key: String!) {
  recordFundingFlow(funder: $funder, recipient: $recipient, amount: 500.0, status: REQUESTED,
    source: "jaarverslag-2018", idempotencyKey: $key) { node { slug } }
}"""
AWARD = """mutation($id: ID!) {
  updateFundingFlow(id: $id, expectedVersion: 1, input: {status: AWARDED}) { version }
}"""
DELETE_FLOW = "mutation($id: ID!) { deleteFundingFlow(id: $id, expectedVersion: 1) { version } }"
RENAME = """mutation($id: ID!, $v: Int!, $name: String!) {
  updateSchool(id: $id, expectedVersion: $v, input: {name: $name}) { version }
}"""
PERSON = """mutation($source: String!) {
  createPerson(input: {slug: "jan", name: "Jan", email: "jan@roc.nl", source: $source}) { version }
}"""
WORKS_FOR = """mutation($source: String!) {
  createWorksFor(from: "UGVyc29uOmphbg", to: "U2Nob29sOnJvYy12YW4tdHdlbnRl", properties: {source: $source}) {
    version
  }
}"""
EMAIL = """mutation {
  updatePerson(id: "jan", expectedVersion: 1, input: {email: "jan.jansen@roc.nl"}) { version }
}"""


def renamed(version: int, name: str) -> dict[str, Any]:
    return {"id": gid("School", "roc-van-twente"), "v": version, "name": name}


def funded(recipient: str, key: str) -> dict[str, Any]:
    return {"funder": gid("Province", "overijssel"), "recipient": gid("School", recipient), "key": key}


async def feed(
    graph: AsyncDriver, settings: Settings, principal: Principal, **variables: Any
) -> dict[str, Any]:
    page: dict[str, Any] = (await done(graph, settings, principal, FEED, variables))["changes"]
    return page


async def seen(graph: AsyncDriver, settings: Settings, principal: Principal) -> list[tuple[Any, ...]]:
    """What the principal's feed shows: (operation, kind, node slug or ends, before, after) per change."""
    return [
        (c["operation"], c["kind"], c["slug"] or (c["from"], c["to"]), c["before"], c["after"])
        for c in (await feed(graph, settings, principal, first=100))["changes"]
    ]


async def flow(graph: AsyncDriver, settings: Settings, recipient: str) -> str:
    answer = await done(graph, settings, EDITOR, FLOW, funded(recipient, recipient))
    slug: str = answer["recordFundingFlow"]["node"]["slug"]
    return slug


def _brief(change: tuple[Any, ...]) -> tuple[Any, ...]:
    operation, kind, what, before, after = change
    return operation, kind, what, before is not None, after is not None


async def test_each_viewer_sees_what_the_read_rule_lets_it(graph: AsyncDriver, settings: Settings) -> None:
    to_roc = await flow(graph, settings, "roc-van-twente")
    to_alfa = await flow(graph, settings, "alfa-college")
    await done(graph, settings, EDITOR, RENAME, renamed(0, "ROC van Twente (Hengelo)"))
    for document in (PERSON, WORKS_FOR, EMAIL):
        await done(graph, settings, EDITOR, document, {"source": SOURCE} if "$source" in document else None)
    await done(graph, settings, EDITOR, DELETE_FLOW, {"id": gid("FundingFlow", to_roc)})
    await done(graph, settings, EDITOR, AWARD, {"id": gid("FundingFlow", to_alfa)})

    works_for = (gid("Person", "jan"), gid("School", "roc-van-twente"))
    public = [
        ("UPDATE", "School", "roc-van-twente", True, True),
        ("CREATE", "Person", "jan", False, True),
        ("CREATE", "WORKS_FOR", works_for, False, True),
        ("UPDATE", "Person", "jan", True, True),
    ]
    everything = await seen(graph, settings, ADMIN)
    assert [_brief(c) for c in everything] == [
        ("CREATE", "FundingFlow", to_roc, False, True),
        ("CREATE", "FundingFlow", to_alfa, False, True),
        *public,
        ("DELETE", "FundingFlow", to_roc, True, False),
        ("UPDATE", "FundingFlow", to_alfa, True, True),
    ]
    roc = await seen(graph, settings, PARTNER_A)
    assert [_brief(c) for c in roc] == [
        ("CREATE", "FundingFlow", to_roc, False, True),
        *public,
        ("DELETE", "FundingFlow", to_roc, True, False),
        ("UPDATE", "FundingFlow", to_alfa, False, True),  # awarded: public from then on
    ]
    alfa = await seen(graph, settings, PARTNER_B)
    assert [_brief(c) for c in alfa] == [
        ("CREATE", "FundingFlow", to_alfa, False, True),
        *public,
        ("UPDATE", "FundingFlow", to_alfa, True, True),
    ]
    anonymous = await seen(graph, settings, NOBODY)
    assert [_brief(c) for c in anonymous] == [*public, ("UPDATE", "FundingFlow", to_alfa, False, True)]

    # A private property: only the person's employer reads it, and only once it employs them.
    emails = {
        name: [(c[3] or {}).get("email", "-") for c in changes if c[1] == "Person"]
        + [(c[4] or {}).get("email", "-") for c in changes if c[1] == "Person"]
        for name, changes in (("admin", everything), ("roc", roc), ("alfa", alfa), ("anonymous", anonymous))
    }
    assert emails["admin"] == ["-", "jan@roc.nl", "jan@roc.nl", "jan.jansen@roc.nl"]
    assert emails["roc"] == ["-", "jan@roc.nl", "-", "jan.jansen@roc.nl"]
    assert emails["alfa"] == emails["anonymous"] == ["-", "-", "-", "-"]
    deleted = roc[-2][3]
    assert deleted["status"] == "requested" and deleted["recipient"] == "roc-van-twente"


async def test_paging_misses_nothing_and_repeats_nothing(graph: AsyncDriver, settings: Settings) -> None:
    for version in range(7):
        await done(graph, settings, EDITOR, RENAME, renamed(version, f"ROC {version}"))
    whole = (await feed(graph, settings, NOBODY, first=100))["changes"]
    assert [c["after"]["name"] for c in whole] == [f"ROC {v}" for v in range(7)]
    paged: list[dict[str, Any]] = []
    after = None
    while True:
        page = await feed(graph, settings, NOBODY, first=2, after=after)
        paged += page["changes"]
        after = page["endCursor"]
        if not page["hasNextPage"]:
            break
    assert paged == whole
    rest = await feed(graph, settings, NOBODY, after=after)
    assert rest == {"changes": [], "endCursor": after, "hasNextPage": False}
    await graph.execute_query("MATCH (counter:__HubSequence) DELETE counter")  # lost: it starts again
    await done(graph, settings, EDITOR, RENAME, renamed(7, "ROC 7"))
    later = await feed(graph, settings, NOBODY, after=after)
    assert [c["after"]["name"] for c in later["changes"]] == ["ROC 7"]
    assert (await feed(graph, settings, NOBODY, kinds=["Person", "LEADS"]))["changes"] == []


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({"after": "not-a-cursor"}, "BAD_USER_INPUT"),
        ({"kinds": ["Spaceship"]}, "BAD_USER_INPUT"),
        ({"first": -1}, "BAD_USER_INPUT"),
        ({"first": 100_000}, "PAGE_SIZE_TOO_LARGE"),
    ],
)
async def test_bad_arguments_are_refused_with_a_code(
    graph: AsyncDriver, settings: Settings, variables: dict[str, Any], code: str
) -> None:
    assert (await refused(graph, settings, NOBODY, FEED, variables))[0] == code


async def test_seeded_changes_are_numbered_and_public_ones_shown(
    seeded: AsyncDriver, settings: Settings
) -> None:
    records, _, _ = await seeded.execute_query(
        "MATCH (a:__HubAudit) RETURN count(a) AS n, min(a.sequence) AS low, max(a.sequence) AS high,"
        " count(a.sequence) AS numbered"
    )
    (row,) = records
    assert row["numbered"] == row["n"] > 0 and row["high"] - row["low"] + 1 == row["n"]
    page = await feed(seeded, settings, NOBODY, first=5)
    assert len(page["changes"]) == 5 and page["hasNextPage"]
    assert {c["operation"] for c in page["changes"]} == {"CREATE"}


SUBSCRIBE = """subscription($after: String) {
  changes(after: $after) { cursor operation kind slug after }
}"""


def receive(
    base: str,
    after: str | None,
    count: int,
    secret: str,
    *,
    in_headers: bool,
    document: str = SUBSCRIBE,
) -> list[dict[str, Any]]:
    """`count` messages (the changes of `next` ones, else the message) from a subscription after `after`,
    then the socket closed (the client goes away)."""
    headers = [f"X-API-Key: {secret}"] if in_headers else []
    socket = websocket.create_connection(
        base.replace("http://", "ws://") + "/graphql",
        subprotocols=["graphql-transport-ws"],
        header=headers,
        timeout=30,
    )
    try:
        payload = {} if in_headers else {"X-API-Key": secret}
        socket.send(orjson.dumps({"type": "connection_init", "payload": payload}).decode())
        assert orjson.loads(socket.recv())["type"] == "connection_ack"
        subscribe = {"query": document, "variables": {"after": after}}
        socket.send(orjson.dumps({"id": "1", "type": "subscribe", "payload": subscribe}).decode())
        received: list[dict[str, Any]] = []
        while len(received) < count:
            message = orjson.loads(socket.recv())
            if message["type"] == "ping":
                socket.send(orjson.dumps({"type": "pong"}).decode())
                continue
            received.append(message["payload"]["data"]["changes"] if message["type"] == "next" else message)
        return received
    finally:
        socket.close()


def writes(base: str, secret: str) -> None:
    """Renames of roc-van-twente (public) between private flows to roc-van-twente and to alfa-college."""
    with httpx.Client(base_url=base, headers={"x-api-key": secret}, timeout=30) as http:
        for version in range(12):
            answer = http.post(
                "/graphql", json={"query": RENAME, "variables": renamed(version, f"ROC {version}")}
            )
            answer = answer.json()
            assert "errors" not in answer, answer
            if version % 4 == 0:
                for recipient in ("roc-van-twente", "alfa-college"):
                    flow = funded(recipient, f"{recipient}-{version}")
                    answer = http.post("/graphql", json={"query": FLOW, "variables": flow}).json()
                    assert "errors" not in answer, answer


async def test_a_subscriber_that_reconnects_with_its_cursor_misses_nothing_and_gets_nothing_twice(
    graph: AsyncDriver, settings: Settings
) -> None:
    database = settings.neo4j_database
    _, editor = await keys.create_key(graph, database, role=Role.EDITOR, org=None, name="")
    _, partner = await keys.create_key(graph, database, role=Role.PARTNER, org="roc-van-twente", name="")
    expected = 12 + 3  # the renames and the flows to roc-van-twente; never the three to alfa-college
    with serving(settings.model_copy(update={"hub_changes_poll_interval": 0.05})) as base:
        writer = threading.Thread(target=writes, args=(base, editor))
        writer.start()
        try:
            received = receive(base, None, 4, partner, in_headers=False)
            received += receive(base, received[-1]["cursor"], 5, partner, in_headers=True)
            received += receive(base, received[-1]["cursor"], expected - 9, partner, in_headers=False)
        finally:
            writer.join(60)
        with httpx.Client(base_url=base, headers={"x-api-key": partner}) as http:
            answer = http.post("/graphql", json={"query": FEED, "variables": {"first": 100}}).json()
    listed = answer["data"]["changes"]["changes"]
    assert len(listed) == expected
    assert [c["cursor"] for c in received] == [c["cursor"] for c in listed]
    assert len({c["cursor"] for c in received}) == expected
    renamed = [c["after"]["name"] for c in received if c["kind"] == "School"]
    assert renamed == [f"ROC {v}" for v in range(12)]
    flows = [c for c in received if c["kind"] == "FundingFlow"]
    assert {c["after"]["recipient"] for c in flows} == {"roc-van-twente"}


def connection_init(base: str, payload: dict[str, str]) -> dict[str, Any]:
    """What a hub answers a WebSocket's `connection_init`: its ack, or the close code it closes with."""
    socket = websocket.create_connection(
        base.replace("http://", "ws://") + "/graphql", subprotocols=["graphql-transport-ws"], timeout=10
    )
    try:
        socket.send(orjson.dumps({"type": "connection_init", "payload": payload}).decode())
        opcode, data = socket.recv_data(control_frame=True)
    finally:
        socket.close()
    if opcode == websocket.ABNF.OPCODE_CLOSE:
        return {"closed": int.from_bytes(data[:2], "big")}
    answer: dict[str, Any] = orjson.loads(data)
    return answer


async def test_a_subscription_authenticates_like_a_request(graph: AsyncDriver, settings: Settings) -> None:
    _, secret = await keys.create_key(graph, settings.neo4j_database, role=Role.ANALYST, org=None, name="")
    with serving(settings) as base:
        assert connection_init(base, {"X-API-Key": "hub_nope"}) == {"closed": 4403}
        assert connection_init(base, {})["type"] == "connection_ack"
    with serving(settings.model_copy(update={"hub_allow_anonymous": False})) as base:
        assert connection_init(base, {}) == {"closed": 4403}
        assert connection_init(base, {"Authorization": f"Bearer {secret}"})["type"] == "connection_ack"


async def test_in_production_a_partner_subscribes_with_the_registered_document_only(
    graph: AsyncDriver, settings: Settings
) -> None:
    _, partner = await keys.create_key(
        graph, settings.neo4j_database, role=Role.PARTNER, org="roc-van-twente", name=""
    )
    await done(graph, settings, EDITOR, RENAME, renamed(0, "ROC"))
    registered = (settings.hub_queries_dir / "feed" / "changes-stream.graphql").read_text()
    with serving(settings.model_copy(update={"hub_env": Environment.PRODUCTION})) as base:
        (refusal,) = receive(base, None, 1, partner, in_headers=True)
        (renaming,) = receive(base, None, 1, partner, in_headers=True, document=registered)
    assert refusal["type"] == "error"
    assert refusal["payload"][0]["extensions"]["code"] == "PERSISTED_QUERY_REQUIRED"
    assert renaming["kind"] == "School" and renaming["after"]["name"] == "ROC"
