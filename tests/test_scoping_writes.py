"""Who may write what: partners their own organisation and participations, editors everything."""

from __future__ import annotations

import pytest
from neo4j import AsyncDriver

from hub.auth.principal import Principal
from hub.config import Settings
from tests.graph_snapshot import snapshot
from tests.test_mutations_helpers import (
    ADMIN,
    ANALYST,
    EDITOR,
    NOBODY,
    PARTNER_A,
    PARTNER_B,
    done,
    gid,
    load,
    refused,
)


@pytest.fixture
async def graph(db: AsyncDriver) -> AsyncDriver:
    await load(db)
    return db


RENAME = """mutation($id: ID!, $name: String!) {
  updateSchool(id: $id, expectedVersion: 0, input: {name: $name}) { node { name } } }"""
ROC, ALFA = gid("School", "roc-van-twente"), gid("School", "alfa-college")
D2J, HC3 = gid("Project", "direct2job"), gid("Project", "hc3")
JOIN = (
    "mutation($org: ID!) {"
    f' joinProject(org: $org, project: "{D2J}", source: "jaarverslag-2018") {{ version }} }}'
)
LEAVE = (
    f'mutation($org: ID!) {{ leaveProject(org: $org, project: "{HC3}", until: "2020-01-01") {{ version }} }}'
)
DELETE = f'mutation {{ deleteSchool(id: "{ROC}", expectedVersion: 0) {{ id }} }}'
CREATE = 'mutation { createRegion(input: {slug: "x", name: "X", source: "jaarverslag-2018"}) { version } }'


async def test_a_partner_edits_its_own_profile_and_participations(
    graph: AsyncDriver, settings: Settings
) -> None:
    await done(graph, settings, PARTNER_A, RENAME, {"id": ROC, "name": "ROC van Twente (Hengelo)"})
    await done(graph, settings, PARTNER_A, JOIN, {"org": ROC})
    await done(graph, settings, PARTNER_B, LEAVE, {"org": ALFA})


@pytest.mark.parametrize(
    ("document", "variables"),
    [
        (RENAME, {"id": ALFA, "name": "Taken over"}),
        (JOIN, {"org": ALFA}),
        (LEAVE, {"org": ALFA}),
        (DELETE, {}),
        (CREATE, {}),
    ],
)
async def test_partner_a_cannot_touch_b_or_anything_else(
    graph: AsyncDriver, settings: Settings, document: str, variables: dict[str, object]
) -> None:
    before = await snapshot(graph)
    code, _ = await refused(graph, settings, PARTNER_A, document, variables)
    assert code == "FORBIDDEN"
    assert await snapshot(graph) == before


@pytest.mark.parametrize("principal", [NOBODY, ANALYST])
async def test_readers_cannot_write(graph: AsyncDriver, settings: Settings, principal: Principal) -> None:
    code, _ = await refused(graph, settings, principal, RENAME, {"id": ROC, "name": "Nope"})
    assert code == "FORBIDDEN"


@pytest.mark.parametrize("principal", [EDITOR, ADMIN])
async def test_editors_and_admins_write_everything(
    graph: AsyncDriver, settings: Settings, principal: Principal
) -> None:
    await done(graph, settings, principal, RENAME, {"id": ALFA, "name": "Alfa-college Zwolle"})
