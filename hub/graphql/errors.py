"""The errors a request can end in, each with the code clients branch on; their messages are safe to show.

None of them carries a driver's or the database's own text: what went wrong is said in the hub's words.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError
from pydantic import ValidationError


class HubError(GraphQLError):
    """A coded error: `extensions.code` is the class's `code`, with any details beside it."""

    code = "BAD_USER_INPUT"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message, extensions={"code": self.code, **details})


class BadRequest(HubError):
    """An argument the schema accepts but the hub cannot: a foreign cursor, a bad id, an invalid record."""

    code = "BAD_USER_INPUT"


class NotFound(HubError):
    code = "NOT_FOUND"


class Conflict(HubError):
    code = "CONFLICT"


class Forbidden(HubError):
    code = "FORBIDDEN"


class PageSizeTooLarge(HubError):
    code = "PAGE_SIZE_TOO_LARGE"


class QueryTooCostly(HubError):
    """Refused before it ran: its estimated cost is over the limit."""

    code = "QUERY_TOO_COSTLY"


class QueryTimeout(HubError):
    """The request's time budget ran out; what ran was stopped, nothing was written."""

    code = "QUERY_TIMEOUT"


class QueryTooLarge(HubError):
    """A statement needed more memory than the database allows one transaction."""

    code = "QUERY_TOO_LARGE"


class DatabaseUnavailable(HubError):
    """The database could not be reached, or failed, within the request's time budget; nothing was written."""

    code = "DATABASE_UNAVAILABLE"


class WriteOutcomeUnknown(HubError):
    """The database went away while a write was being committed: it may or may not have been applied."""

    code = "WRITE_OUTCOME_UNKNOWN"


UNAVAILABLE = frozenset({DatabaseUnavailable.code, WriteOutcomeUnknown.code})
"""The codes of a request the database could not answer: HTTP 503 with Retry-After."""


def invalid(error: ValidationError, what: str) -> BadRequest:
    """A pydantic validation error as one BAD_USER_INPUT error listing every problem by field."""
    problems = [
        {
            "field": ".".join(str(part) for part in problem["loc"]) or None,
            "message": problem["msg"].removeprefix("Value error, "),
        }
        for problem in error.errors(include_url=False)
    ]
    text = "; ".join(f"{p['field']}: {p['message']}" if p["field"] else str(p["message"]) for p in problems)
    return BadRequest(f"invalid {what}: {text}", problems=problems)
