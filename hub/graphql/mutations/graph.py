"""Reading what a write depends on, inside its transaction: the node it changes (locked) and the nodes
its references name. Labels and types in the text come from the registry only."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from neo4j.time import Date, DateTime

from hub.audit.entry import RECORD_ALL, record_parameters
from hub.audit.privacy import facts, parameters
from hub.graphql.catalog import kind_of
from hub.graphql.cypher.run import Transaction
from hub.graphql.errors import BadRequest, Conflict, NotFound
from hub.model import NODE_KINDS, RELATIONSHIP_KINDS
from hub.model.kinds import STAMPED, VERSION

LOCK = "__lock"
"""Written first and removed by the same transaction: takes the node's write lock before it is read,
so a concurrent write waits and then sees the new version (no lost updates)."""

REQUIRED_REFERENCES: dict[str, tuple[str, str]] = {
    type_: (kind.label, field)
    for kind in NODE_KINDS.values()
    for field, type_ in kind.references.items()
    if kind.model.model_fields[field].is_required()
}
"""Relationship types that a record cannot lose (e.g. a flow's FROM): type -> (source kind, field)."""


def native(value: Any) -> Any:
    """A property as a record value: Neo4j dates become Python dates."""
    return value.to_native() if isinstance(value, Date | DateTime) else value


@dataclass(frozen=True)
class Current:
    """A node as it is, locked for the rest of the transaction."""

    properties: dict[str, Any]
    """Its record properties as stored (no lock, no stamp)."""
    version: int
    references: dict[str, str]
    """Reference field -> the id it names."""
    blockers: tuple[str, ...] = ()
    """Records that need the node: `FundingFlow flow-1 (funder)`."""
    facts: dict[str, Any] | None = None
    """What the read rule needs of it as it is (`{private, owners}`, hub.audit.privacy), for the audit."""

    @property
    def values(self) -> dict[str, Any]:
        """Its record values by alias, as a record model takes them."""
        return {**{k: native(v) for k, v in self.properties.items()}, **self.references}

    def check_version(self, expected: int, what: str) -> None:
        check_version(self.version, expected, what)


def check_version(version: int, expected: int | None, what: str) -> None:
    """CONFLICT when the caller's `expectedVersion` is stale (None: the caller did not ask)."""
    if expected is not None and expected != version:
        raise Conflict(
            f"{what} is at version {version}, not {expected}: it changed since you read it;"
            " read it again and retry",
            currentVersion=version,
        )


def _types(types: Iterable[str]) -> str:
    return "|".join(sorted(types))


async def lock_node(tx: Transaction, label: str, slug: str, *, blockers: bool = False) -> Current:
    """The node `label` `slug`, write-locked; NOT_FOUND when there is none."""
    kind = NODE_KINDS[label]
    refs = (
        f"COLLECT {{ MATCH (n)-[r:{_types(kind.references.values())}]->(m:Entity) RETURN [type(r), m.id] }}"
        if kind.references
        else "[]"
    )
    needed = [t for t, (source, _) in REQUIRED_REFERENCES.items() if label in RELATIONSHIP_KINDS[t].targets]
    held = (
        f"COLLECT {{ MATCH (n)<-[r:{_types(needed)}]-(m:Entity) RETURN [type(r), m.id] }}"
        if blockers and needed
        else "[]"
    )
    rows = await tx.run(
        f"MATCH (n:{label} {{id: $id}}) SET n.{LOCK} = true "
        f"RETURN properties(n) AS properties, {refs} AS references, {held} AS blockers,"
        f" {facts('n')} AS facts",
        {"id": slug, **parameters()},
    )
    if not rows:
        raise NotFound(f"there is no {label} {slug!r}")
    row = rows[0]
    properties = {k: v for k, v in row["properties"].items() if k not in (LOCK, *STAMPED)}
    by_type = {type_: field for field, type_ in kind.references.items()}
    return Current(
        properties=properties,
        version=int(row["properties"].get(VERSION) or 0),
        references={by_type[type_]: end for type_, end in row["references"]},
        blockers=tuple(
            f"{REQUIRED_REFERENCES[type_][0]} {start!r} ({REQUIRED_REFERENCES[type_][1]})"
            for type_, start in row["blockers"]
        ),
        facts=row["facts"],
    )


async def audited(tx: Transaction, audit: dict[str, Any]) -> None:
    """Record the write's audit entry (hub.audit.entry) in its transaction."""
    await tx.run(RECORD_ALL, record_parameters([audit]))


@dataclass(frozen=True)
class Named:
    """A node a write names: by which field, its id, the kinds allowed there, and the kind the id claimed."""

    field: str
    slug: str
    allowed: frozenset[str]
    claimed: str | None = None


async def check_named(tx: Transaction, named: list[Named], new: str | None = None) -> dict[str, str]:
    """Every named node exists with an allowed kind (NOT_FOUND / BAD_USER_INPUT), and the kind of each by
    its slug; `new` is not yet taken (CONFLICT)."""
    ids = [item.slug for item in named] + ([new] if new else [])
    if not ids:
        return {}
    rows = await tx.run(
        "UNWIND $ids AS id OPTIONAL MATCH (m:Entity {id: id}) RETURN id, labels(m) AS labels", {"ids": ids}
    )
    kinds = {row["id"]: kind_of(row["labels"]) for row in rows if row["labels"]}
    if new and new in kinds:
        raise Conflict(f"the id {new!r} is taken by a {kinds[new]}")
    for item in named:
        kind = kinds.get(item.slug)
        if kind is None or (item.claimed is not None and item.claimed != kind):
            raise NotFound(f"{item.field}: there is no {item.claimed or 'node'} {item.slug!r}")
        if kind not in item.allowed:
            raise BadRequest(
                f"{item.field}: {item.slug!r} is a {kind}; allowed: {', '.join(sorted(item.allowed))}"
            )
    return kinds
