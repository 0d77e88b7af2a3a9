"""Who may write what: editors and admins everything, partners their own organisation and participations."""

from __future__ import annotations

from hub.auth.principal import Principal
from hub.auth.roles import Capability
from hub.graphql.errors import Forbidden
from hub.model import NODE_KINDS

PARTNER_RELATIONSHIPS = frozenset({"PARTICIPATES_IN", "MEMBER_OF"})
"""The relationships a partner may write, from its own organisation: its participations and memberships."""


def _everything(principal: Principal) -> bool:
    return principal.can(Capability.WRITE_ALL)


def check_node(principal: Principal, operation: str, label: str, slug: str) -> None:
    """A partner may only update its own organisation's profile; FORBIDDEN otherwise."""
    if _everything(principal):
        return
    own = (
        principal.can(Capability.WRITE_OWN_ORG)
        and operation == "update"
        and NODE_KINDS[label].organisation
        and slug == principal.org
    )
    if not own:
        raise Forbidden(f"{principal.role.caller} may not {operation} {label} {slug!r}")


def check_relationship(principal: Principal, operation: str, type_: str, start: str) -> None:
    """A partner may only write its own organisation's participations and memberships; FORBIDDEN otherwise."""
    if _everything(principal):
        return
    own = (
        principal.can(Capability.WRITE_OWN_ORG) and type_ in PARTNER_RELATIONSHIPS and start == principal.org
    )
    if not own:
        raise Forbidden(f"{principal.role.caller} may not {operation} {type_} relationships from {start!r}")
