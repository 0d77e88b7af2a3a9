"""The caller of one request, as the rest of the hub sees it."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import HTTPConnection

from hub.auth.roles import CAPABILITIES, Capability, Role


@dataclass(frozen=True)
class Principal:
    subject: str
    """Who: `key:<id>` for an API key, the token's `sub` for a JWT, `anonymous` otherwise."""
    role: Role
    org: str | None = None
    """The organisation id a partner is scoped to (others may carry one too)."""
    credential_id: str | None = None
    """The key id or `jwt:<sub>`; None for anonymous."""

    def __post_init__(self) -> None:
        if self.role is Role.PARTNER and not self.org:
            raise ValueError("a partner needs an org")

    def can(self, capability: Capability) -> bool:
        return capability in CAPABILITIES[self.role]

    @property
    def anonymous(self) -> bool:
        return self.role is Role.ANONYMOUS


ANONYMOUS = Principal(subject="anonymous", role=Role.ANONYMOUS)


def attach(connection: HTTPConnection, principal: Principal) -> None:
    """Remember the principal on the request (its ASGI scope state)."""
    connection.state.principal = principal


def principal_of(connection: HTTPConnection) -> Principal:
    """The principal attached to the request; anonymous when none was (the most restricted)."""
    principal: Principal = getattr(connection.state, "principal", ANONYMOUS)
    return principal
