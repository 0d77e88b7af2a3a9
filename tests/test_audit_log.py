"""The audit trail: written with every write, read by admins, keyset paginated."""

from __future__ import annotations

import pytest
from neo4j import AsyncDriver

from hub.config import Settings
from tests.test_mutations_helpers import ADMIN, EDITOR, PARTNER_A, done, gid, load, refused


@pytest.fixture
async def graph(db: AsyncDriver) -> AsyncDriver:
    await load(db)
    return db


LOG = """query($where: AuditLogWhere, $first: Int, $after: String) {
  auditLog(where: $where, first: $first, after: $after) {
    entries { actor credentialId role operation kind entityId before after at }
    endCursor hasNextPage
  }
}"""
ROC = gid("School", "roc-van-twente")
RENAME = (
    "mutation($v: Int!, $name: String!) {"
    f' updateSchool(id: "{ROC}", expectedVersion: $v, input: {{name: $name}}) {{ version }} }}'
)


async def test_every_write_is_audited_with_before_and_after(graph: AsyncDriver, settings: Settings) -> None:
    await done(graph, settings, EDITOR, RENAME, {"v": 0, "name": "ROC van Twente (Hengelo)"})
    await done(graph, settings, PARTNER_A, RENAME, {"v": 1, "name": "ROC van Twente"})
    data = await done(graph, settings, ADMIN, LOG, {"where": {"entityId": "roc-van-twente"}})
    entries = data["auditLog"]["entries"]
    assert [(e["actor"], e["role"], e["operation"], e["kind"]) for e in entries] == [
        ("key:roc", "partner", "update", "School"),
        ("key:editor", "editor", "update", "School"),
    ]
    oldest = entries[1]
    assert oldest["credentialId"] == "editor"
    assert oldest["before"]["name"] == "ROC van Twente" and oldest["before"]["version"] == 0
    assert oldest["after"]["name"] == "ROC van Twente (Hengelo)" and oldest["after"]["version"] == 1
    assert entries[0]["at"] >= oldest["at"]


async def test_keyset_pages_and_filters(graph: AsyncDriver, settings: Settings) -> None:
    for version in range(5):
        await done(graph, settings, EDITOR, RENAME, {"v": version, "name": f"ROC {version}"})
    seen: list[str] = []
    after = None
    while True:
        page = (await done(graph, settings, ADMIN, LOG, {"first": 2, "after": after}))["auditLog"]
        seen += [entry["after"]["name"] for entry in page["entries"]]
        if not page["hasNextPage"]:
            break
        after = page["endCursor"]
    assert seen == [f"ROC {v}" for v in reversed(range(5))]
    none = await done(graph, settings, ADMIN, LOG, {"where": {"actor": "key:someone-else"}})
    assert none["auditLog"]["entries"] == []
    until = await done(graph, settings, ADMIN, LOG, {"where": {"to": "2000-01-01T00:00:00+00:00"}})
    assert until["auditLog"]["entries"] == []


async def test_only_admins_read_the_log(graph: AsyncDriver, settings: Settings) -> None:
    assert (await refused(graph, settings, EDITOR, LOG))[0] == "FORBIDDEN"
