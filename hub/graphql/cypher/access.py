"""Read scoping: the only place that decides what a viewer may see, derived from the model's declaration.

A kind declares private properties (`private`), when a record is private as a whole (`private_when`), and
which relationships reach the organisations that own its private data (`owners`). Every reader of the
graph, compiled or hand-written, asks here: `read` for a property (null where the viewer may not see it),
`visible` for whether a node may be returned, counted or walked through at all, `read_edge` and
`edge_properties` for relationships (whose only private property is who wrote them). The change feed asks
the same of the facts the audit trail recorded with each write (hub.audit.privacy): `shown_recorded`,
`owned_recorded` and `readable`.

Every condition filters a variable that is already matched (after the index-backed MATCH), so scoping
never replaces a seek with a scan; a viewer who reads everything gets no condition at all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from hub.audit import privacy
from hub.graphql.cypher.scope import Scope
from hub.graphql.cypher.viewer import Viewer
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


def _public_or_owned(scope: Scope, private: str, owned: Callable[[], str]) -> str:
    """The rule for a record: seen when it is not private, or when the viewer's organisation owns it."""
    public = f"NOT {private}"
    return public if scope.viewer.org is None else f"({public} OR {owned()})"


def visible(scope: Scope, var: str, kinds: tuple[str, ...] = ANY_KIND) -> list[str]:
    """The conditions under which node `var` (of one of `kinds`) is visible at all; none for every node."""
    if scope.viewer.read_all:
        return []
    conditions: list[str] = []
    for kind in kinds:
        hidden = privacy.hidden_parameter(kind)
        if hidden is None:
            continue
        private = privacy.private(var, kind, scope.named(*hidden))
        condition = _public_or_owned(scope, private, partial(owned, scope, var, kind))
        conditions.append(_guarded(var, kind, kinds, condition))
    return conditions


def shown(scope: Scope, var: str, kinds: tuple[str, ...] = ANY_KIND) -> str:
    """`visible` as one expression: `true` when every node is."""
    return " AND ".join(visible(scope, var, kinds)) or "true"


def _recorded_owned(scope: Scope, owners: str) -> str:
    return f"{scope.named(VIEWER_ORG, scope.viewer.org)} IN coalesce({owners}, [])"


def shown_recorded(scope: Scope, var: str, side: str) -> str:
    """Whether the viewer sees the `side` (before, after) of audit entry `var`, as `visible` judged the
    record when it was written. A side recorded without facts (an entry older than them) is private."""
    present = f"{var}.{side} IS NOT NULL"
    if scope.viewer.read_all:
        return present
    private = f"coalesce({var}.{side}Private, true)"
    rule = _public_or_owned(scope, private, partial(_recorded_owned, scope, f"{var}.{side}Owners"))
    return f"{present} AND {rule}"


def owned_recorded(scope: Scope, var: str, side: str) -> str:
    """Whether the viewer reads the private properties of the `side` of audit entry `var`."""
    if scope.viewer.read_all:
        return "true"
    if scope.viewer.org is None:
        return "false"
    return _recorded_owned(scope, f"{var}.{side}Owners")


def readable(viewer: Viewer, kind: str, values: Mapping[str, Any], owned: bool) -> dict[str, Any]:
    """Recorded values of a node kind or relationship type as `read` and `read_edge` show them: private
    properties only to owners (`owned`, from `owned_recorded`), who wrote a relationship only to readers
    of everything."""
    declared = NODE_KINDS.get(kind)
    if declared is None:
        hidden, seen = frozenset({UPDATED_BY}), viewer.read_all
    else:
        hidden, seen = declared.private_properties, owned or viewer.read_all
    return {name: value for name, value in values.items() if seen or name not in hidden}
