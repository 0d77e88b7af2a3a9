"""Create, update and delete nodes of every kind: checked, written and audited in one transaction."""

from __future__ import annotations

from typing import Any

import strawberry
from pydantic import ValidationError
from strawberry.types import Info

from hub.audit.entry import Change, entry, stamp
from hub.graphql.context import Context
from hub.graphql.cypher.run import Transaction, write
from hub.graphql.cypher.scope import Scope
from hub.graphql.cypher.viewer import Viewer
from hub.graphql.errors import Conflict, NotFound, invalid
from hub.graphql.ids import global_id, node_reference
from hub.graphql.mutations.graph import LOCK, Current, Named, audited, check_named, lock_node
from hub.graphql.mutations.idempotency import claim
from hub.graphql.mutations.inputs import Given
from hub.graphql.mutations.payloads import DeletePayload, Projection, node_projection
from hub.graphql.mutations.permissions import check_node
from hub.model import NODE_KINDS, RELATIONSHIP_KINDS, NodeKind
from hub.model.base import NodeRecord
from hub.model.kinds import VERSION
from hub.seeding.values import Property, properties

DOCUMENT = "Document"


def record(kind: NodeKind, values: dict[str, Any]) -> NodeRecord:
    """The values as a record of the kind, validated by its model; BAD_USER_INPUT listing every problem."""
    try:
        return kind.model.model_validate(values)
    except ValidationError as error:
        raise invalid(error, kind.label) from None


def references(kind: NodeKind, written: NodeRecord) -> dict[str, str | None]:
    values = written.model_dump(by_alias=True)
    return {name: values[name] for name in kind.references}


def named(kind: NodeKind, written: NodeRecord, claimed: dict[str, str], fields: set[str]) -> list[Named]:
    """The nodes a record names among `fields`: its source document and its references."""
    source = written.source if "source" in fields else None
    found = [Named("source", source, frozenset({DOCUMENT}))] if source is not None else []
    for name, end in references(kind, written).items():
        if end is not None and name in fields:
            targets = RELATIONSHIP_KINDS[kind.references[name]].targets
            found.append(Named(name, end, targets, claimed.get(name)))
    return found


def graph_properties(kind: NodeKind, written: NodeRecord) -> dict[str, Property]:
    return properties(written, exclude=frozenset({"id", *kind.references}))


def links(kind: NodeKind, written: NodeRecord, changed: set[str], parameters: dict[str, Any]) -> list[str]:
    """Clauses replacing the relationships of the changed reference fields (with the record's provenance
    and the write's `$stamp`)."""
    clauses: list[str] = []
    provenance = {"source": written.source, "section": written.section, "synthetic": written.synthetic}
    for index, (name, end) in enumerate(references(kind, written).items()):
        if name not in changed:
            continue
        rel = RELATIONSHIP_KINDS[kind.references[name]]
        clauses.append(f"CALL (n) {{ MATCH (n)-[old:{rel.type}]->() DELETE old }}")
        if end is not None:
            parameters[f"end{index}"] = end
            parameters[f"link{index}"] = {
                **properties(rel.properties.model_validate(provenance)),
                **parameters["stamp"],
                VERSION: 1,
            }
            create = f"CREATE (n)-[:{rel.type} $link{index}]->(m)"
            clauses.append(f"CALL (n) {{ MATCH (m:Entity {{id: $end{index}}}) {create} }}")
    return clauses


def snapshot(props: dict[str, Any], refs: dict[str, Any], version: int) -> dict[str, Any]:
    """Property values for the audit trail: set values only, with the version."""
    return {k: v for k, v in {**props, **refs}.items() if v is not None} | {VERSION: version}


def _labels(kind: NodeKind) -> str:
    return ":".join(kind.labels)


def target(label: str, text: str) -> str:
    """The slug of a node of `label`, given as a slug or a global id; NOT_FOUND for another kind's id."""
    named, slug = node_reference(text, "id")
    if named is not None and named != label:
        raise NotFound(f"there is no {label} with id {text!r} (it names a {named})")
    return slug


async def _statement(tx: Transaction, clauses: list[str], parameters: dict[str, Any], out: Projection) -> Any:
    rows = await tx.run(" WITH n ".join([*clauses, f"RETURN {out.expression} AS result"]), parameters)
    if not rows:
        raise Conflict("the node changed while it was being written; retry")
    return out.shape(rows[0]["result"])


async def create(info: Info[Context, Any], label: str, values: Given, key: str | None) -> Any:
    """`createSchool(input:, idempotencyKey:)`: the record validated whole, its references checked."""
    context, kind = info.context, NODE_KINDS[label]
    check_node(context.principal, "create", label, str(values.values.get("id")))
    written = record(kind, values.values)

    async def work(tx: Transaction) -> Any:
        scope = Scope(Viewer.of(context.principal))
        out = node_projection(info, scope, "n")
        if key is not None:
            first = await claim(tx, context.principal, key, f"create{label}", written.id, values.values)
            if first is not None:
                return await _statement(
                    tx, [f"MATCH (n:{label} {{id: $id}})"], {**scope.parameters, "id": first}, out
                )
        await check_named(tx, named(kind, written, values.labels, set(values.values)), new=written.id)
        props = graph_properties(kind, written)
        parameters = {**scope.parameters, "id": written.id, "props": props, "stamp": stamp(context.principal)}
        clauses = [
            f"CREATE (n:{_labels(kind)} {{id: $id}}) SET n += $props, n += $stamp, n.{VERSION} = 1",
            *links(kind, written, set(kind.references), parameters),
        ]
        result = await _statement(tx, clauses, parameters, out)
        after = snapshot(props, references(kind, written), 1)
        await audited(tx, entry(context.principal, Change("create", label, written.id, None, after), key))
        return result

    return await write(context, work)


async def update(info: Info[Context, Any], label: str, id_: str, expected: int, values: Given) -> Any:
    """`updateSchool(id:, expectedVersion:, input:)`: the given fields change; the record is checked whole."""
    context, kind = info.context, NODE_KINDS[label]
    slug = target(label, id_)
    check_node(context.principal, "update", label, slug)

    async def work(tx: Transaction) -> Any:
        scope = Scope(Viewer.of(context.principal))
        out = node_projection(info, scope, "n")
        current: Current = await lock_node(tx, label, slug)
        current.check_version(expected, f"{label} {slug!r}")
        known = set(kind.properties) | set(kind.references)
        base = {name: value for name, value in current.values.items() if name in known}
        written = record(kind, {**base, **values.values, "id": slug})
        refs = references(kind, written)
        changed = {name for name in kind.references if refs[name] != current.references.get(name)}
        await check_named(
            tx, named(kind, written, values.labels, changed | ({"source"} & set(values.values)))
        )
        props = graph_properties(kind, written)
        version = current.version + 1
        parameters = {
            **scope.parameters,
            "id": slug,
            "props": props,
            "version": version,
            "stamp": stamp(context.principal),
        }
        clauses = [
            f"MATCH (n:{label} {{id: $id}}) SET n += $props, n += $stamp, n.{VERSION} = $version"
            f" REMOVE n.{LOCK}",
            *links(kind, written, changed, parameters),
        ]
        result = await _statement(tx, clauses, parameters, out)
        before = snapshot(current.properties, current.references, current.version)
        change = Change("update", label, slug, before, snapshot(props, refs, version))
        await audited(tx, entry(context.principal, change, before=current.facts))
        return result

    return await write(context, work)


async def delete(info: Info[Context, Any], label: str, id_: str, expected: int) -> DeletePayload:
    """`deleteSchool(id:, expectedVersion:)`: refused while a record needs the node (a flow's funder, …)."""
    context = info.context
    slug = target(label, id_)
    check_node(context.principal, "delete", label, slug)

    async def work(tx: Transaction) -> DeletePayload:
        current = await lock_node(tx, label, slug, blockers=True)
        current.check_version(expected, f"{label} {slug!r}")
        if current.blockers:
            raise Conflict(f"{label} {slug!r} is still needed by {', '.join(current.blockers)}")
        before = snapshot(current.properties, current.references, current.version)
        await tx.run(f"MATCH (n:{label} {{id: $id}}) DETACH DELETE n", {"id": slug})
        change = Change("delete", label, slug, before, None)
        await audited(tx, entry(context.principal, change, before=current.facts))
        return DeletePayload(id=strawberry.ID(global_id(label, slug)), version=current.version)

    return await write(context, work)
