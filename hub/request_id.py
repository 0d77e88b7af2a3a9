"""Every HTTP request gets an id: the client's `X-Request-Id` when it is a sane one, else a new one. It is
sent back in `X-Request-Id` and is on every log line written while the request is served
(hub.observe.access gives it)."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

from starlette.types import Scope

HEADER = "x-request-id"
RAW_HEADER = HEADER.encode()
SANE = re.compile(r"[A-Za-z0-9._:-]{1,64}")
"""What a client's id may be; anything else (too long, odd characters) is replaced, so logs stay clean."""

current: ContextVar[str] = ContextVar("request_id", default="-")
"""The id of the request being served ("-" outside one)."""


def assign(scope: Scope) -> str:
    """The request's id, current from now on."""
    given = ""
    for key, value in scope["headers"]:
        if key == RAW_HEADER:
            given = value.decode("latin-1")
    request_id = given if SANE.fullmatch(given) else uuid.uuid4().hex
    current.set(request_id)
    return request_id
