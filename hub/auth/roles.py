"""The roles a caller can have and what each may do."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ANONYMOUS = "anonymous"
    PARTNER = "partner"
    """Scoped to one organisation: needs an org."""
    ANALYST = "analyst"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def caller(self) -> str:
        """The role in a sentence: "an anonymous caller", "a partner", "an analyst" …"""
        noun = "anonymous caller" if self is Role.ANONYMOUS else self.value
        return ("an " if noun[0] in "aeiou" else "a ") + noun


class Capability(StrEnum):
    READ_PUBLIC = "read_public"
    READ_PRIVATE_OWN_ORG = "read_private_own_org"
    READ_ALL = "read_all"
    EXPLAIN = "explain"
    WRITE_OWN_ORG = "write_own_org"
    WRITE_ALL = "write_all"
    MANAGE_KEYS = "manage_keys"
    READ_AUDIT = "read_audit"
    FREE_QUERIES = "free_queries"
    """Exempt from the query cost limit and the rate limit (not from depth, tokens or page size)."""
    AD_HOC_QUERIES = "ad_hoc_queries"
    """May send any document in production, not only the persisted operations in queries/."""


C = Capability
CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.ANONYMOUS: frozenset({C.READ_PUBLIC}),
    Role.PARTNER: frozenset({C.READ_PUBLIC, C.READ_PRIVATE_OWN_ORG, C.WRITE_OWN_ORG}),
    Role.ANALYST: frozenset({C.READ_PUBLIC, C.READ_PRIVATE_OWN_ORG, C.READ_ALL, C.EXPLAIN, C.AD_HOC_QUERIES}),
    Role.EDITOR: frozenset(
        {C.READ_PUBLIC, C.READ_PRIVATE_OWN_ORG, C.READ_ALL, C.EXPLAIN, C.AD_HOC_QUERIES}
        | {C.WRITE_OWN_ORG, C.WRITE_ALL}
    ),
    Role.ADMIN: frozenset(Capability),
}
"""What each role may do; partners only within their own organisation, admins everything."""

CREDENTIAL_ROLES = tuple(role for role in Role if role is not Role.ANONYMOUS)
"""The roles a key or token may grant."""


def parse_role(value: object) -> Role:
    """A credential's role by name; ValueError naming the accepted ones otherwise."""
    if isinstance(value, str) and value in CREDENTIAL_ROLES:
        return Role(value)
    raise ValueError(f"role must be one of {', '.join(CREDENTIAL_ROLES)}, got {value!r}")
