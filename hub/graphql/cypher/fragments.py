"""Cypher fragments every statement shares: labels, patterns, validity on a date, entity references.

Labels, relationship types and property names come from the model only; values are parameters.
"""

from __future__ import annotations

from hub.graphql.catalog import Relation
from hub.graphql.cypher.access import edge_properties, read
from hub.graphql.cypher.scope import Scope
from hub.model import FUNDING_FLOW, NODE_KINDS, RELATIONSHIP_KINDS

KIND_KEY = "__kind"
"""The key under which every node map names the node's kind."""
NODE_KINDS_PARAMETER = "nodeKinds"

RELATIONSHIP_TYPES = "|".join(RELATIONSHIP_KINDS)
"""Every declared relationship type as a type alternation, for walks over the whole network."""


def labels(names: tuple[str, ...]) -> str:
    """A label expression matching any of `names` (declared labels only): `Network|Pact`."""
    return "|".join(names)


def pattern(source: str, relation: Relation, rel: str, target: str) -> str:
    """`(n)-[r:TYPE]->(m:A|B)`, in the relationship's direction."""
    left, right = ("-", "->") if relation.outgoing else ("<-", "-")
    return f"({source}){left}[{rel}:{relation.kind.type}]{right}({target}:{labels(relation.target_labels)})"


def kind(scope: Scope, var: str, kinds: tuple[str, ...] = ()) -> str:
    """The kind of node `var`: the literal when only one is possible, else read from its labels."""
    if len(kinds) == 1:
        return f"'{NODE_KINDS[kinds[0]].label}'"
    declared = scope.named(NODE_KINDS_PARAMETER, list(NODE_KINDS))
    return f"head([label IN labels({var}) WHERE label IN {declared}])"


def valid_on(rel: str, day: str) -> str:
    """The relationship `rel` holds on `day` (an expression): since <= day <= until, a missing end open."""
    return f"({rel}.since IS NULL OR {rel}.since <= {day}) AND ({rel}.until IS NULL OR {rel}.until >= {day})"


def valid_as_of(rel: str, day: str) -> str:
    """`valid_on` where `day` may be null (then every relationship holds)."""
    return f"({day} IS NULL OR ({valid_on(rel, day)}))"


def in_effect(scope: Scope, var: str, day: str) -> str:
    """Node `var` is no funding flow dated after `day` (by its date, else its year, as the viewer may see
    them); true for a null day."""
    date, year = (read(scope, var, (FUNDING_FLOW,), prop) for prop in ("date", "year"))
    dated = f"coalesce({date} <= {day}, {year} <= {day}.year, true)"
    return f"({day} IS NULL OR NOT {var}:{FUNDING_FLOW} OR {dated})"


def of_kinds(var: str, chosen: str) -> str:
    """Node `var` has one of the labels in the list `chosen` (an expression); any node when it is null."""
    return f"({chosen} IS NULL OR any(label IN labels({var}) WHERE label IN {chosen}))"


def ref(scope: Scope, var: str, **extra: str) -> str:
    """Node `var` as an entity reference (null for a null node): ids, kind, name, synthetic, and `extra`."""
    entries = [
        ".id",
        ".name",
        f"{KIND_KEY}: {kind(scope, var)}",
        f"synthetic: coalesce({var}.synthetic, false)",
        *(f"{key}: {value}" for key, value in extra.items()),
    ]
    return f"{var} {{{', '.join(entries)}}}"


def relationship(scope: Scope, var: str) -> str:
    """Relationship `var` as a map: element id, type, properties, and the ids and kinds of its ends."""
    start, end = f"startNode({var})", f"endNode({var})"
    return (
        f"{{id: elementId({var}), type: type({var}), properties: {edge_properties(scope, var)},"
        f" from: {start}.id, fromKind: {kind(scope, start)}, to: {end}.id, toKind: {kind(scope, end)}}}"
    )
