"""Batching is off: a JSON array body (several operations in one request) is refused with 400."""

from __future__ import annotations

from starlette.responses import Response

from hub.limits.responses import error_response

WHITESPACE = b" \t\r\n"


def refusal(body: bytes) -> Response | None:
    """400 for a POST body whose first significant byte opens an array; None for any other."""
    if body.lstrip(WHITESPACE)[:1] != b"[":
        return None
    return error_response(
        400, "BATCHING_DISABLED", "batching is not supported: send one operation per request"
    )
