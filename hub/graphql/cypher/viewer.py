"""Who reads: the part of a principal that decides what a statement may return."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from hub.auth.principal import ANONYMOUS, Principal
from hub.auth.roles import Capability

if TYPE_CHECKING:
    from hub.graphql.context import Context


@dataclass(frozen=True)
class Viewer:
    """Reads everything, or public data plus the private data of one organisation, or public data only."""

    read_all: bool = False
    org: str | None = None
    """The organisation (slug) whose private data the viewer may read; None for none."""

    @classmethod
    def of(cls, principal: Principal) -> Viewer:
        if principal.can(Capability.READ_ALL):
            return EVERYTHING
        if principal.can(Capability.READ_PRIVATE_OWN_ORG) and principal.org:
            return cls(org=principal.org)
        return PUBLIC


PUBLIC = Viewer()
"""Public fields of public records only (anonymous callers)."""
EVERYTHING = Viewer(read_all=True)
"""Every field of every record (analysts, editors, admins)."""


def viewer_of(context: Context | None) -> Viewer:
    """Who a request reads for; without a context (a schema executed directly), anonymous."""
    return Viewer.of(ANONYMOUS if context is None else context.principal)
