"""The synthetic layer: deterministic, valid by the model, heavy-tailed, marked synthetic, and replaceable."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncDriver
from neo4j.time import Date

from hub.config import Settings
from hub.model import NODE_KINDS, RELATIONSHIP_KINDS, NodeKind
from hub.seeding.bulk import _batches, create_synthetic
from hub.seeding.network import Network
from hub.seeding.run import seed_graph
from hub.seeding.stats import graph_stats
from hub.seeding.synthetic import CHUNK, Anchors, Item, Layer, Plan, generate
from hub.seeding.validation import read_network
from tests.graph_snapshot import snapshot

SMALL = Plan(300)


@pytest.fixture(scope="module")
def network() -> Network:
    return read_network(Path(__file__).resolve().parent.parent / "seeds" / "source")


@pytest.fixture(scope="module")
def items(network: Network) -> list[Item]:
    return list(generate(Anchors.of(network), SMALL, seed=7))


def native(value: Any) -> Any:
    return value.to_native() if isinstance(value, Date) else value


def test_the_same_seed_gives_the_same_records(network: Network, items: list[Item]) -> None:
    assert list(generate(Anchors.of(network), SMALL, seed=7)) == items
    assert list(generate(Anchors.of(network), SMALL, seed=8)) != items


def test_chunks_generated_apart_make_the_same_layer(network: Network) -> None:
    plan = Plan(3 * CHUNK // 2)
    layer = Layer(Anchors.of(network), plan, seed=7)
    whole = list(generate(Anchors.of(network), plan, seed=7))
    shares = [list(layer.items(layer.chunks[part::3])) for part in range(3)]
    assert sorted(map(repr, whole)) == sorted(repr(item) for share in shares for item in share)
    assert list(layer.node_ids(layer.chunks)) == [
        row["id"] for kind, row in whole if isinstance(kind, NodeKind)
    ]
    assert {chunk.section for chunk in layer.chunks} == {
        "projects",
        "companies",
        "leads",
        "persons",
        "funding",
    }


def test_counts_follow_the_plan(items: list[Item]) -> None:
    labels = Counter(kind.label for kind, _ in items if isinstance(kind, NodeKind))
    assert labels == {
        "Company": SMALL.organisations,
        "Project": SMALL.projects,
        "Person": SMALL.persons,
        "FundingFlow": SMALL.projects + SMALL.grants,
    }
    assert sum(labels.values()) == SMALL.nodes
    assert (
        Plan.for_nodes(1_000_000).nodes >= 1_000_000 > Plan(Plan.for_nodes(1_000_000).organisations - 1).nodes
    )


def test_every_record_is_valid_by_the_model_and_synthetic(network: Network, items: list[Item]) -> None:
    nodes = {row["id"]: (kind, row) for kind, row in items if isinstance(kind, NodeKind)}
    references: dict[str, dict[str, str]] = {}
    known = set(nodes) | set(network.by_id)
    for kind, row in items:
        if isinstance(kind, NodeKind):
            continue
        assert row["start"] in known and row["end"] in known
        start = nodes[row["start"]][0] if row["start"] in nodes else network.by_id[row["start"]].kind
        end = nodes[row["end"]][0] if row["end"] in nodes else network.by_id[row["end"]].kind
        assert start.label in kind.sources and end.label in kind.targets, (kind.type, row)
        props = {key: native(value) for key, value in row.items() if key not in ("start", "end")}
        record = kind.properties.model_validate(props)
        assert record.synthetic and record.source is None
        fields = {rel: field for field, rel in start.references.items()}
        if kind.type in fields:
            assert fields[kind.type] not in references.setdefault(row["start"], {}), (
                "a single relationship twice"
            )
            references[row["start"]][fields[kind.type]] = row["end"]
    for node_id, (kind, row) in nodes.items():
        values = {key: native(value) for key, value in row.items()} | references.get(node_id, {})
        record = kind.model.model_validate(values)
        assert record.synthetic and record.source is None
        assert record.name.startswith("Voorbeeld")


def test_participation_is_heavy_tailed(network: Network) -> None:
    plan = Plan(5_000)
    participations = Counter(
        row["end"]
        for kind, row in generate(Anchors.of(network), plan, seed=1)
        if kind is RELATIONSHIP_KINDS["PARTICIPATES_IN"]
    )
    ranked = [count for _, count in participations.most_common()]
    assert ranked[0] > 20 * ranked[len(ranked) // 2]
    assert participations.most_common(1)[0][0] in Anchors.of(network).projects  # real projects are the hubs


def test_relationship_batches_follow_their_nodes(items: list[Item]) -> None:
    written: set[str] = set()
    for batch in _batches(items, size=50):
        if batch.nodes:
            written |= {row["id"] for row in batch.rows}
        else:
            synthetic = {row["start"] for row in batch.rows} | {row["end"] for row in batch.rows}
            assert {end for end in synthetic if end.startswith("synthetic-")} <= written


async def test_seeded_layer_matches_the_plan_and_is_marked(
    db: AsyncDriver, settings: Settings, network: Network
) -> None:
    seeded = await seed_graph(db, settings.neo4j_database, network, organisations=300, random_seed=7)
    assert seeded.synthetic is not None and seeded.synthetic.nodes == SMALL.nodes
    stats = await graph_stats(db, settings.neo4j_database)
    assert stats.totals()["nodes"].synthetic == SMALL.nodes
    assert stats.totals()["nodes"].total == SMALL.nodes + len(network.nodes)
    assert stats.totals()["relationships"].synthetic == seeded.synthetic.relationships
    companies = stats.nodes["Company"]
    assert companies.synthetic == 300 and companies.total == 300 + len(network.of_kind("Company"))
    records, _, _ = await db.execute_query(
        "MATCH (n:Entity {synthetic: true}) WHERE n.source IS NOT NULL OR NOT n.id STARTS WITH 'synthetic-'"
        " RETURN count(n) AS wrong"
    )
    assert records[0]["wrong"] == 0
    records, _, _ = await db.execute_query(
        "MATCH (a)-[r]->(b) WHERE (a.synthetic OR b.synthetic) AND (r.synthetic IS NULL OR NOT r.synthetic)"
        " RETURN count(r) AS wrong"
    )
    assert records[0]["wrong"] == 0
    assert set(RELATIONSHIP_KINDS) >= set(stats.relationships) and set(NODE_KINDS) == set(stats.nodes)


async def test_seeding_twice_with_the_same_seed_gives_the_same_graph(
    db: AsyncDriver, settings: Settings, network: Network
) -> None:
    await seed_graph(db, settings.neo4j_database, network, organisations=300, random_seed=7)
    first = await snapshot(db)
    again = await seed_graph(db, settings.neo4j_database, network, organisations=300, random_seed=7)
    assert again.synthetic_deleted == SMALL.nodes
    assert await snapshot(db) == first
    await seed_graph(db, settings.neo4j_database, network, organisations=0, random_seed=7)
    source_only = await snapshot(db)
    assert len(source_only[0]) == len(network.nodes) and len(source_only[1]) == len(network.edges)


async def test_a_missing_end_node_fails_the_load(db: AsyncDriver, settings: Settings) -> None:
    located = RELATIONSHIP_KINDS["LOCATED_IN"]
    items: list[Item] = [(located, {"start": "nowhere", "end": "nothing", "synthetic": True})]
    with pytest.raises(ExceptionGroup) as raised:
        await create_synthetic(db, settings.neo4j_database, items)
    assert "1 of 1 rows were not written" in str(raised.value.exceptions[0])
