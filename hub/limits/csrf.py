"""Cross-site request forgery: a POST must be JSON, which browsers never send cross-site without CORS."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.responses import Response

from hub.limits.responses import error_response

ACCEPTED = "application/json"


def refusal(headers: Headers) -> Response | None:
    """415 for a POST (the caller asks only of POSTs) whose Content-Type is not application/json: no
    text/plain, form or multipart; None when it is."""
    media_type = headers.get("content-type", "").partition(";")[0].strip().lower()
    if media_type == ACCEPTED:
        return None
    shown = media_type or "none"
    return error_response(415, "UNSUPPORTED_MEDIA_TYPE", f"POST needs Content-Type: {ACCEPTED} (got {shown})")
