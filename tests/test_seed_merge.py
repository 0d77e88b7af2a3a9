"""Seeding never loses or silently overwrites what was written through the API: a three-way merge per
property, conflicts reported, `--overwrite` for the files' values, every change of the seed's versioned and
audited, and the synthetic layer replaced around what the API wrote or linked to."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncDriver

from hub.config import Settings
from hub.seeding.errors import Where
from hub.seeding.merge import DELETED, Conflict, decide
from hub.seeding.run import seed_graph
from hub.seeding.source import write_network
from hub.seeding.validation import read_network
from tests.test_mutations_helpers import EDITOR, PARTNER_A, done, gid

HERE = Where("20-actors.yaml", "roc-van-twente")


@pytest.mark.parametrize(
    ("seed", "current", "base", "changes", "conflicts"),
    [
        ({"name": "B"}, {"name": "A"}, {"name": "A"}, {"name": "B"}, []),  # the files changed it
        ({"name": "A"}, {"name": "X"}, {"name": "A"}, {}, []),  # the API changed it: it stays
        ({"name": "B"}, {"name": "X"}, {"name": "A"}, {}, [("name", "X", "B")]),  # both: a conflict
        ({"name": "B"}, {"name": "B"}, {"name": "A"}, {}, []),  # both, the same way
        ({"name": "B"}, {"name": "A"}, None, {"name": "B"}, []),  # before the ledger: the seed's
        ({"name": "B"}, {"name": "X", "updatedBy": "key:x"}, None, {}, [("name", "X", "B")]),  # the API's
    ],
)
def test_a_property_merges_three_ways(
    seed: dict[str, Any],
    current: dict[str, Any],
    base: dict[str, Any] | None,
    changes: dict[str, Any],
    conflicts: list[tuple[str, Any, Any]],
) -> None:
    decision = decide(HERE, "School roc-van-twente", seed, current, base)
    assert decision.changes == changes and not decision.create
    assert [(c.property, c.api, c.seed) for c in decision.conflicts] == conflicts


def test_a_record_the_api_deleted_stays_deleted_unless_overwritten() -> None:
    kept = decide(HERE, "School x", {"name": "A"}, None, {"name": "A"})
    assert not kept.writes and [c.property for c in kept.conflicts] == [DELETED]
    assert decide(HERE, "School x", {"name": "A"}, None, {"name": "A"}, overwrite=True).create
    assert decide(HERE, "School x", {"name": "A"}, None, None).create


def test_an_unresolved_conflict_is_reported_again() -> None:
    decision = decide(HERE, "School x", {"name": "B"}, {"name": "X"}, {"name": "A"})
    assert decision.base == {"name": "A"}
    assert isinstance(decision.conflicts[0], Conflict)
    assert str(decision.conflicts[0]) == "20-actors.yaml: School x: name: the API has 'X', the file 'B'"


@pytest.fixture
def files(repo_root: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "source"
    shutil.copytree(repo_root / "seeds" / "source", folder)
    return folder


async def seed(driver: AsyncDriver, settings: Settings, folder: Path, **options: Any) -> Any:
    return await seed_graph(
        driver, settings.neo4j_database, read_network(folder), organisations=20, random_seed=5, **options
    )


async def value(driver: AsyncDriver, query: str, **parameters: Any) -> Any:
    records, _, _ = await driver.execute_query(query, parameters)
    return records[0][0] if records else None


RENAME = """mutation($id: ID!, $v: Int!, $name: String!) {
  updateSchool(id: $id, expectedVersion: $v, input: {name: $name}) { version } }"""
ROC = gid("School", "roc-van-twente")


def edit(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new))


async def test_a_partners_edit_survives_seeding_and_a_disagreement_is_a_reported_conflict(
    db: AsyncDriver, settings: Settings, files: Path
) -> None:
    await seed(db, settings, files)
    assert await value(db, "MATCH (n {id: 'roc-van-twente'}) RETURN coalesce(n.version, 0)") == 0
    await done(db, settings, PARTNER_A, RENAME, {"id": ROC, "v": 0, "name": "ROC van Twente (partner)"})
    again = await seed(db, settings, files)
    assert again.source.conflicts == () and again.source.nodes_updated == 0
    assert await value(db, "MATCH (n {id: 'roc-van-twente'}) RETURN [n.name, n.version]") == [
        "ROC van Twente (partner)",
        1,
    ]
    edit(
        files, "20-actors.yaml", "name: ROC van Twente, level: mbo", "name: ROC van Twente (file), level: mbo"
    )
    disagreed = await seed(db, settings, files)
    [conflict] = disagreed.source.conflicts
    assert (Path(conflict.where.file).name, conflict.record, conflict.property) == (
        "20-actors.yaml",
        "School roc-van-twente",
        "name",
    )
    assert (conflict.api, conflict.seed) == ("ROC van Twente (partner)", "ROC van Twente (file)")
    assert await value(db, "MATCH (n {id: 'roc-van-twente'}) RETURN n.name") == "ROC van Twente (partner)"
    assert len((await seed(db, settings, files)).source.conflicts) == 1  # reported until resolved
    overwritten = await seed(db, settings, files, overwrite=True)
    assert overwritten.source.conflicts == () and overwritten.source.nodes_updated == 1
    assert await value(db, "MATCH (n {id: 'roc-van-twente'}) RETURN [n.name, n.version, n.updatedBy]") == [
        "ROC van Twente (file)",
        2,
        "seed",
    ]
    by_seed = "MATCH (a:__HubAudit {entityId: 'roc-van-twente', actor: 'seed'})"
    audit = await value(db, f"{by_seed} WITH a ORDER BY a.at RETURN collect([a.operation, a.after])")
    assert [operation for operation, _ in audit] == ["create", "update"]
    assert '"name":"ROC van Twente (file)"' in audit[1][1] and '"version":2' in audit[1][1]


async def test_a_change_of_the_files_alone_is_applied_versioned_and_audited(
    db: AsyncDriver, settings: Settings, files: Path
) -> None:
    await seed(db, settings, files)
    edit(files, "20-actors.yaml", "ROC van Twente, level", "ROC van Twente 2, level")
    changed = await seed(db, settings, files)
    assert (changed.source.nodes_updated, changed.source.conflicts) == (1, ())
    assert await value(db, "MATCH (n {id: 'roc-van-twente'}) RETURN [n.name, n.version]") == [
        "ROC van Twente 2",
        1,
    ]
    trail = "MATCH (a:__HubAudit {entityId: 'roc-van-twente'}) WITH a ORDER BY a.at"
    assert await value(db, f"{trail} RETURN collect([a.actor, a.operation])") == [
        ["seed", "create"],
        ["seed", "update"],
    ]


async def test_a_relationship_the_api_deleted_stays_deleted_until_overwritten(
    db: AsyncDriver, settings: Settings, files: Path
) -> None:
    await seed(db, settings, files)
    located = (
        "MATCH (:School {id: 'roc-van-twente'})-[r:LOCATED_IN]->(:Region {id: 'twente'}) RETURN count(r)"
    )
    delete = """mutation($from: ID!, $to: ID!) { deleteLocatedIn(from: $from, to: $to, expectedVersion: 0) {
      version } }"""
    await done(db, settings, EDITOR, delete, {"from": ROC, "to": gid("Region", "twente")})
    again = await seed(db, settings, files)
    assert [c.property for c in again.source.conflicts] == [DELETED]
    assert await value(db, located) == 0
    await seed(db, settings, files, overwrite=True)
    assert await value(db, located) == 1


async def test_records_the_api_made_are_left_alone(db: AsyncDriver, settings: Settings, files: Path) -> None:
    await seed(db, settings, files)
    create = """mutation { createSchool(input: {slug: "api-school", name: "API school", level: MBO,
      source: "voortgang-2018"}) { version } }"""
    await done(db, settings, EDITOR, create)
    await seed(db, settings, files, overwrite=True)
    assert await value(db, "MATCH (n {id: 'api-school'}) RETURN n.name") == "API school"


async def test_the_synthetic_layer_is_replaced_around_what_the_api_wrote_or_linked_to(
    db: AsyncDriver, settings: Settings, files: Path
) -> None:
    await seed(db, settings, files)
    companies = "MATCH (c:Company {synthetic: true}) RETURN c.id ORDER BY c.id"
    records, _, _ = await db.execute_query(companies)
    edited, linked = records[0][0], records[1][0]
    rename = """mutation($id: ID!, $v: Int!) {
      updateCompany(id: $id, expectedVersion: $v, input: {name: "Edited through the API"}) { version } }"""
    await done(db, settings, EDITOR, rename, {"id": gid("Company", edited), "v": 0})
    join = """mutation($org: ID!, $project: ID!) {
      joinProject(org: $org, project: $project, source: "voortgang-2018") { version } }"""
    await done(
        db, settings, EDITOR, join, {"org": gid("Company", linked), "project": gid("Project", "direct2job")}
    )
    counts = "RETURN [COUNT { (:Entity) }, COUNT { ()-->() }]"
    before = await value(db, counts)
    again = await seed(db, settings, files)
    assert again.synthetic_kept == 2
    assert await value(db, "MATCH (c {id: $id}) RETURN c.name", id=edited) == "Edited through the API"
    joined = "MATCH (:Company {id: $id})-[r:PARTICIPATES_IN]->(:Project {id: 'direct2job'}) RETURN count(r)"
    assert await value(db, joined, id=linked) == 1
    assert await value(db, counts) == before
    await seed(db, settings, files, overwrite=True)
    assert await value(db, "MATCH (c {id: $id}) RETURN c.name", id=edited) != "Edited through the API"


async def test_seeding_a_merged_graph_again_writes_nothing(
    db: AsyncDriver, settings: Settings, files: Path
) -> None:
    await seed(db, settings, files)
    written = await write_network(db, read_network(files), settings.neo4j_database)
    assert (written.nodes_created, written.nodes_updated, written.relationships_created) == (0, 0, 0)
    assert (written.relationships_updated, written.relationships_deleted, written.conflicts) == (0, 0, ())
