"""Read scoping: the only place that decides what a viewer may see, derived from the model's declaration.

A kind declares private properties (`private`), when a record is private as a whole (`private_when`), and
which relationships reach the organisations that own its private data (`owners`). Every reader of the
graph, compiled or hand-written, asks here: `read` for a property (null where the viewer may not see it),
`visible` for whether a node may be returned, counted or walked through at all, `read_edge` and
`edge_properties` for relationships (whose only private property is who wrote them).

Every condition filters a variable that is already matched (after the index-backed MATCH), so scoping
never replaces a seek with a scan; a viewer who reads everything gets no condition at all.
"""

from __future__ import annotations

from hub.graphql.cypher.scope import Scope
from hub.model import ENTITY, NODE_KINDS
from hub.model.kinds import UPDATED_BY

VIEWER_ORG = "viewerOrg"
"""The parameter holding the viewer's organisation slug."""

ANY_KIND: tuple[str, ...] = tuple(NODE_KINDS)
"""What a node matched as `Entity` may be."""

PRIVATE_RECORDS: tuple[str, ...] = tuple(
    label for label, kind in NODE_KINDS.items() if kind.private_when is not None
)
"""The kinds some of whose records are private as a whole."""


def kinds_with(label: str) -> tuple[str, ...]:
    """The kinds whose nodes carry `label` (a kind's own, `Organisation` or `Entity`)."""
    return tuple(name for name, kind in NODE_KINDS.items() if label in kind.labels)


def owned(scope: Scope, var: str, kind: str) -> str:
    """Node `var` of `kind` belongs to the viewer's organisation: is it, or reaches it by an owner type."""
    declared = NODE_KINDS[kind]
    org = scope.named(VIEWER_ORG, scope.viewer.org)
    if declared.organisation:
        return f"{var}.id = {org}"
    if not declared.owners:
        return "false"
    return f"EXISTS {{ ({var})-[:{'|'.join(declared.owners)}]->(:{ENTITY} {{id: {org}}}) }}"


def _guarded(var: str, kind: str, kinds: tuple[str, ...], condition: str) -> str:
    """`condition` where `var` is of `kind`, true for its other possible kinds."""
    return condition if kinds == (kind,) else f"(NOT {var}:{kind} OR {condition})"


def read(scope: Scope, var: str, kinds: tuple[str, ...], prop: str) -> str:
    """`var.prop`, or null where it is private to the viewer: `CASE WHEN <may see> THEN var.prop END`."""
    plain = f"{var}.{prop}"
    hidden = tuple(kind for kind in kinds if prop in NODE_KINDS[kind].private_properties)
    if not hidden or scope.viewer.read_all:
        return plain
    shown = tuple(kind for kind in kinds if kind not in hidden)
    options = [f"{var}:{'|'.join(shown)}"] if shown else []
    if scope.viewer.org is not None:
        options += [
            owned(scope, var, kind) if kinds == (kind,) else f"({var}:{kind} AND {owned(scope, var, kind)})"
            for kind in hidden
        ]
    if not options:
        return "null"
    return f"CASE WHEN {' OR '.join(options)} THEN {plain} END"


def read_edge(scope: Scope, var: str, prop: str) -> str:
    """`var.prop` of relationship `var`; who wrote a relationship only readers of everything see."""
    return "null" if prop == UPDATED_BY and not scope.viewer.read_all else f"{var}.{prop}"


def edge_properties(scope: Scope, var: str) -> str:
    """Every property of relationship `var` as a map, as `read_edge` shows them (a null one is absent)."""
    return f"properties({var})" if scope.viewer.read_all else f"{var} {{.*, {UPDATED_BY}: null}}"


def visible(scope: Scope, var: str, kinds: tuple[str, ...] = ANY_KIND) -> list[str]:
    """The conditions under which node `var` (of one of `kinds`) is visible at all; none for every node."""
    if scope.viewer.read_all:
        return []
    conditions: list[str] = []
    for kind in kinds:
        declared = NODE_KINDS[kind]
        if declared.private_when is None:
            continue
        prop, values = declared.private_when
        hidden = scope.named(f"private{kind}", sorted(values))
        public = f"NOT coalesce({var}.{prop} IN {hidden}, false)"
        condition = public if scope.viewer.org is None else f"({public} OR {owned(scope, var, kind)})"
        conditions.append(_guarded(var, kind, kinds, condition))
    return conditions


def shown(scope: Scope, var: str, kinds: tuple[str, ...] = ANY_KIND) -> str:
    """`visible` as one expression: `true` when every node is."""
    return " AND ".join(visible(scope, var, kinds)) or "true"
