"""While Neo4j is known to be away, every request it guards is refused at once: 503 DATABASE_UNAVAILABLE
with Retry-After, instead of each request waiting to find out."""

from __future__ import annotations

from starlette.requests import HTTPConnection
from starlette.responses import Response

from hub.database.availability import RETRY_AFTER, Availability
from hub.limits.responses import error_response

MESSAGE = "the database is not available at the moment; retry shortly"


def refusal(connection: HTTPConnection) -> Response | None:
    """503 while `app.state.availability` says the database is away; None otherwise."""
    availability: Availability = connection.app.state.availability
    if not availability.away:
        return None
    return error_response(503, "DATABASE_UNAVAILABLE", MESSAGE, {"Retry-After": str(RETRY_AFTER)})
