"""What a request's errors write to the log: a client's mistake is one line with its code, a failure of the
hub's own its traceback; both carry the request's id (hub/logs.py)."""

from __future__ import annotations

import logging

import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionContext

from hub.graphql.context import Context
from hub.limits.extensions import internal

log = logging.getLogger("hub.graphql")


def described(error: GraphQLError) -> str:
    where = f" at {'.'.join(map(str, error.path))}" if error.path else ""
    return f"{error.message}{where}"


class Schema(strawberry.Schema):
    """strawberry's Schema, logging errors as above instead of each with a traceback."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        context = execution_context.context if execution_context is not None else None
        if isinstance(context, Context) and context.plan_only:
            return  # a warm-up's questions find nothing by design (hub/graphql/domain/warm_up.py)
        for error in errors:
            if internal(error):
                log.error("internal error: %s", described(error), exc_info=error.original_error)
            else:
                code = (error.extensions or {}).get("code", "GRAPHQL_VALIDATION_FAILED")
                log.info("%s: %s", code, described(error))
