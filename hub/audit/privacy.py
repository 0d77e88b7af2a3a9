"""What the read rule (hub/graphql/cypher/access.py) needs to know of a node, as Cypher over the model's
declaration: whether the node is private as a whole (`private_when`), and which organisations own its
private data (itself for an organisation; the ends of its `owners` relationships otherwise).

The rule asks these of live nodes; the audit trail records their answers with each write (hub.audit.entry),
so the change feed judges a change as the rule judged the record when it was written, deleted records
included.
"""

from __future__ import annotations

from hub.model import ENTITY, NODE_KINDS, ORGANISATION


def hidden_parameter(kind: str) -> tuple[str, list[str]] | None:
    """(parameter name, values) of the `private_when` values of a kind; None when none of its records is
    private as a whole."""
    declared = NODE_KINDS[kind].private_when
    return None if declared is None else (f"private{kind}", sorted(declared[1]))


def parameters() -> dict[str, list[str]]:
    """Every `private_when` parameter the expressions below name."""
    return dict(found for kind in NODE_KINDS if (found := hidden_parameter(kind)) is not None)


def private(var: str, kind: str, hidden: str) -> str:
    """Node `var` of `kind` is private as a whole; `hidden` names the parameter of `hidden_parameter`."""
    declared = NODE_KINDS[kind].private_when
    if declared is None:
        return "false"
    return f"coalesce({var}.{declared[0]} IN {hidden}, false)"


def owners(var: str, kind: str) -> str:
    """The slugs of the organisations owning node `var` of `kind`."""
    declared = NODE_KINDS[kind]
    if declared.organisation:
        return f"[{var}.id]"
    if not declared.owners:
        return "[]"
    return f"COLLECT {{ MATCH ({var})-[:{'|'.join(declared.owners)}]->(o:{ENTITY}) RETURN o.id }}"


def _by_label(var: str, cases: list[tuple[str, str]], otherwise: str) -> str:
    if not cases:
        return otherwise
    whens = " ".join(f"WHEN {var}:{label} THEN {value}" for label, value in cases)
    return f"CASE {whens} ELSE {otherwise} END"


def facts(var: str) -> str:
    """`{private, owners}` of node `var`, whatever its kind (a map; null fields when `var` is null)."""
    private_cases = [
        (kind, private(var, kind, f"${found[0]}"))
        for kind in NODE_KINDS
        if (found := hidden_parameter(kind)) is not None
    ]
    owner_cases = [(kind, owners(var, kind)) for kind, d in NODE_KINDS.items() if d.owners]
    if any(kind.organisation for kind in NODE_KINDS.values()):
        owner_cases.append((ORGANISATION, f"[{var}.id]"))
    return (
        f"{{private: {_by_label(var, private_cases, 'false')}, owners: {_by_label(var, owner_cases, '[]')}}}"
    )


def joined(start: str, end: str) -> str:
    """`{private, owners}` of a relationship from the facts maps `start` and `end` of its ends: private when
    either end is, owned by whoever owns every private end (a relationship is seen only with both ends)."""
    both = f"[o IN {start}.owners WHERE o IN {end}.owners]"
    return (
        f"{{private: {start}.private OR {end}.private, owners: CASE WHEN {start}.private AND {end}.private"
        f" THEN {both} WHEN {start}.private THEN {start}.owners WHEN {end}.private THEN {end}.owners"
        " ELSE [] END}"
    )
