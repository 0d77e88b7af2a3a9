"""The errors a client can cause; their messages are safe to show."""

from __future__ import annotations

from graphql import GraphQLError


class BadRequest(GraphQLError):
    """An argument the schema accepts but the hub cannot: a page too large, a foreign cursor, a bad id."""

    def __init__(self, message: str) -> None:
        super().__init__(message, extensions={"code": "BAD_USER_INPUT"})
