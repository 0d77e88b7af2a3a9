"""The errors a write can end in, each with the code clients branch on."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError
from pydantic import ValidationError


class WriteError(GraphQLError):
    """A refused write; nothing was written. `code` is BAD_USER_INPUT, NOT_FOUND, CONFLICT or FORBIDDEN."""

    code = "BAD_USER_INPUT"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message, extensions={"code": self.code, **details})


class BadInput(WriteError):
    code = "BAD_USER_INPUT"


class NotFound(WriteError):
    code = "NOT_FOUND"


class Conflict(WriteError):
    code = "CONFLICT"


class Forbidden(WriteError):
    code = "FORBIDDEN"


def invalid(error: ValidationError, what: str) -> BadInput:
    """A pydantic validation error as one BAD_USER_INPUT error listing every problem by field."""
    problems = [
        {
            "field": ".".join(str(part) for part in problem["loc"]) or None,
            "message": problem["msg"].removeprefix("Value error, "),
        }
        for problem in error.errors(include_url=False)
    ]
    text = "; ".join(f"{p['field']}: {p['message']}" if p["field"] else str(p["message"]) for p in problems)
    return BadInput(f"invalid {what}: {text}", problems=problems)
