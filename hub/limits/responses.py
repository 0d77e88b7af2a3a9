"""The JSON error body every refusal outside GraphQL execution uses, shaped like a GraphQL error."""

from __future__ import annotations

from collections.abc import Mapping

import orjson
from starlette.responses import Response

from hub.observe import facts


def error_response(
    status: int, code: str, message: str, headers: Mapping[str, str] | None = None
) -> Response:
    """`{"errors": [{"message", "extensions": {"code"}}]}` with the given status (the request's code)."""
    facts.code(code)
    body = orjson.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})
    return Response(body, status, headers, media_type="application/json")
