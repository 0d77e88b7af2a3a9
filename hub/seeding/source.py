"""Writing the validated source network into a graph the API writes too, in one write transaction.

It reads what the graph and the ledger hold for every record of the files, merges (`hub.seeding.merge`),
and writes only what changes: new records stamped as the seed's, changed ones with their version bumped,
each change audited with the seed as its actor. Seeding twice writes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, LiteralString

from neo4j import AsyncDriver, AsyncManagedTransaction
from neo4j.time import DateTime

from hub.audit.entry import RECORD_ALL, SEED, Change, record_parameters, relationship_id, seed_entry
from hub.model import ENTITY, NODE_KINDS, RELATIONSHIP_KINDS
from hub.model.kinds import UPDATED_AT, UPDATED_BY, VERSION
from hub.seeding import cypher, ledger
from hub.seeding.merge import Conflict, Decision, Values, decide, record_values
from hub.seeding.network import Network, SeedEdge, SeedNode
from hub.seeding.values import properties

REFERENCE_TYPES = sorted({type_ for kind in NODE_KINDS.values() for type_ in kind.references.values()})


@dataclass(frozen=True)
class Written:
    """What seeding changed in the graph (all zero when seeding again), and where the API's edits stood."""

    nodes_created: int = 0
    nodes_updated: int = 0
    relationships_created: int = 0
    relationships_updated: int = 0
    relationships_deleted: int = 0
    conflicts: tuple[Conflict, ...] = ()


@dataclass
class _State:
    """What the graph and the ledger hold for the records of the files."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    references: dict[str, dict[str, str]] = field(default_factory=dict)
    """Node id -> reference field -> the id it names now."""
    edges: dict[str, dict[str, Any]] = field(default_factory=dict)
    ledger: dict[str, Values] = field(default_factory=dict)


def node_values(node: SeedNode) -> Values:
    """A node's record as the graph stores it: its properties, and its references by field."""
    values: Values = dict(properties(node.record, exclude=frozenset({"id", *node.kind.references})))
    dumped = node.record.model_dump(by_alias=True)
    return values | {name: dumped[name] for name in node.kind.references}


def edge_key(edge: SeedEdge) -> str:
    return ledger.relationship_key(edge.start, edge.kind.type, edge.end)


async def _rows(tx: AsyncManagedTransaction, query: LiteralString, **parameters: Any) -> list[dict[str, Any]]:
    return [record.data() async for record in await tx.run(query, parameters)]


async def _read(tx: AsyncManagedTransaction, network: Network) -> _State:
    state = _State()
    for row in await _rows(
        tx,
        f"UNWIND $ids AS id MATCH (n:{ENTITY} {{id: id}}) RETURN n.id AS id, properties(n) AS props, "
        f"COLLECT {{ MATCH (n)-[r]->(m:{ENTITY}) WHERE type(r) IN $types RETURN [type(r), m.id] }} AS refs",
        ids=[node.record.id for node in network.nodes],
        types=REFERENCE_TYPES,
    ):
        state.nodes[row["id"]] = row["props"]
        state.references[row["id"]] = {type_: end for type_, end in row["refs"]}
    for row in await _rows(
        tx,
        f"UNWIND $rows AS row MATCH (a:{ENTITY} {{id: row.start}})-[r]->(b:{ENTITY} {{id: row.end}}) "
        "WHERE type(r) = row.type RETURN row.key AS key, properties(r) AS props",
        rows=[
            {"key": edge_key(e), "start": e.start, "type": e.kind.type, "end": e.end} for e in network.edges
        ],
    ):
        state.edges[row["key"]] = row["props"]
    keys = [ledger.node_key(node.record.id) for node in network.nodes] + [edge_key(e) for e in network.edges]
    for row in await _rows(tx, ledger.READ, keys=keys):
        state.ledger[row["key"]] = ledger.decode(row["values"])
    return state


def _current_node(state: _State, node: SeedNode) -> dict[str, Any] | None:
    """The node as the graph holds it, its references among its values."""
    found = state.nodes.get(node.record.id)
    if found is None:
        return None
    held = state.references.get(node.record.id, {})
    return {**found, **{name: held.get(type_) for name, type_ in node.kind.references.items()}}


def _snapshot(values: Values, version: int) -> Values:
    """Values for the audit trail: set ones only, with the version."""
    return {key: value for key, value in values.items() if value is not None} | {VERSION: version}


Rows = dict[LiteralString, list[dict[str, Any]]]
"""Statements and their rows, in the order they are to run."""


@dataclass
class _Writes:
    """The statements a seed sends, by label or type (nodes first, then the relationships of their
    references, then the other relationships), and its audit entries and ledger rows."""

    now: DateTime
    nodes: Rows = field(default_factory=lambda: defaultdict(list))
    references: Rows = field(default_factory=lambda: defaultdict(list))
    edges: Rows = field(default_factory=lambda: defaultdict(list))
    audit: list[dict[str, Any]] = field(default_factory=list)
    ledger: list[dict[str, str]] = field(default_factory=list)

    def statements(self) -> list[tuple[LiteralString, list[dict[str, Any]]]]:
        return [*self.nodes.items(), *self.references.items(), *self.edges.items()]

    def audited(self, change: Change) -> None:
        self.audit.append(seed_entry(change, self.now))

    def kept(self, key: str, decision: Decision) -> None:
        if decision.base is not None:
            self.ledger.append({"key": key, "values": ledger.encode(decision.base)})


def _reference_edges(network: Network) -> dict[tuple[str, str], SeedEdge]:
    return {(edge.start, edge.kind.type): edge for edge in network.edges if edge.field != "to"}


def _plan_nodes(network: Network, state: _State, writes: _Writes, overwrite: bool) -> Written:
    """The node writes, with the relationships of the references that change."""
    created = updated = 0
    conflicts: list[Conflict] = []
    references = _reference_edges(network)
    for node in network.nodes:
        kind, slug = node.kind, node.record.id
        seed = node_values(node)
        current = _current_node(state, node)
        key = ledger.node_key(slug)
        decision = decide(
            node.where, f"{kind.label} {slug}", seed, current, state.ledger.get(key), overwrite=overwrite
        )
        conflicts += decision.conflicts
        writes.kept(key, decision)
        if not decision.writes:
            continue
        props = {name: value for name, value in (seed if decision.create else decision.changes).items()}
        refs = {name: props.pop(name) for name in list(props) if name in kind.references}
        version = 0 if decision.create else int((current or {}).get(VERSION) or 0) + 1
        statement = cypher.seed_create_node(kind) if decision.create else cypher.seed_update_node(kind)
        writes.nodes[statement].append({"id": slug, "props": props, "version": version})
        for name, end in refs.items():
            type_ = kind.references[name]
            edge = references.get((slug, type_))
            writes.references[cypher.seed_reference(kind, RELATIONSHIP_KINDS[type_])].append(
                {"id": slug, "end": end, "props": properties(edge.record) if edge is not None else {}}
            )
        before = None if current is None else _snapshot(record_values(current), version - 1)
        after = _snapshot({**(record_values(current or {})), **props, **refs}, version)
        writes.audited(Change("create" if decision.create else "update", kind.label, slug, before, after))
        created += decision.create
        updated += not decision.create
    return Written(nodes_created=created, nodes_updated=updated, conflicts=tuple(conflicts))


def _plan_edges(network: Network, state: _State, writes: _Writes, overwrite: bool) -> Written:
    created = updated = 0
    conflicts: list[Conflict] = []
    for edge in network.edges:
        key = edge_key(edge)
        current = state.edges.get(key)
        reference = edge.field != "to"
        if reference and current is None:
            continue  # a reference's relationship comes and goes with its node's reference
        seed = dict(properties(edge.record))
        record = f"{edge.kind.type} {edge.start} -> {edge.end}"
        decision = decide(edge.where, record, seed, current, state.ledger.get(key), overwrite=overwrite)
        conflicts += decision.conflicts
        writes.kept(key, decision)
        if not decision.writes:
            continue
        props = seed if decision.create else decision.changes
        version = 0 if decision.create else int((current or {}).get(VERSION) or 0) + 1
        statement = (
            cypher.seed_create_edge(edge.kind) if decision.create else cypher.seed_update_edge(edge.kind)
        )
        writes.edges[statement].append(
            {"start": edge.start, "end": edge.end, "props": props, "version": version}
        )
        entity = relationship_id(edge.start, edge.kind.type, edge.end)
        before = None if current is None else _snapshot(record_values(current), version - 1)
        after = _snapshot({**record_values(current or {}), **props}, version)
        operation = "create" if decision.create else "update"
        writes.audited(Change(operation, edge.kind.type, entity, before, after, (edge.start, edge.end)))
        created += decision.create
        updated += not decision.create
    return Written(relationships_created=created, relationships_updated=updated, conflicts=tuple(conflicts))


async def write_network(
    driver: AsyncDriver, network: Network, database: str, *, overwrite: bool = False
) -> Written:
    """Merge the whole network into the graph in one write transaction (see the module's description)."""

    async def work(tx: AsyncManagedTransaction) -> Written:
        state = await _read(tx, network)
        writes = _Writes(DateTime.from_native(dt.datetime.now(dt.UTC)))
        nodes = _plan_nodes(network, state, writes, overwrite)
        edges = _plan_edges(network, state, writes, overwrite)
        stamp = {UPDATED_AT: writes.now, UPDATED_BY: SEED}
        created = deleted = 0
        for statement, rows in writes.statements():
            counters = (await (await tx.run(statement, rows=rows, stamp=stamp)).consume()).counters
            created += counters.relationships_created
            deleted += counters.relationships_deleted
        if writes.audit:
            await (await tx.run(RECORD_ALL, record_parameters(writes.audit))).consume()
        if writes.ledger:
            await (await tx.run(ledger.WRITE, rows=writes.ledger)).consume()
        return Written(
            nodes_created=nodes.nodes_created,
            nodes_updated=nodes.nodes_updated,
            relationships_created=created,
            relationships_updated=edges.relationships_updated,
            relationships_deleted=deleted,
            conflicts=nodes.conflicts + edges.conflicts,
        )

    async with driver.session(database=database) as session:
        return await session.execute_write(work)
