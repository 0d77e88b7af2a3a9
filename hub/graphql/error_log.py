"""What a request's errors write to the log: a client's mistake is one line with its code, a failure of the
hub's own its traceback; both carry the request's id (hub/logs.py)."""

from __future__ import annotations

import logging

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.extensions.runner import SchemaExtensionsRunner
from strawberry.types import ExecutionContext

from hub.graphql.context import Context
from hub.graphql.hooks import Runner
from hub.limits.extensions import internal
from hub.observe import facts

log = logging.getLogger("hub.graphql")


def described(error: GraphQLError) -> str:
    where = f" at {'.'.join(map(str, error.path))}" if error.path else ""
    return f"{error.message}{where}"


class Schema(strawberry.Schema):
    """strawberry's Schema, logging errors as above instead of each with a traceback, its extensions'
    hooks looked up once per class (hub.graphql.hooks)."""

    def create_extensions_runner(
        self, execution_context: ExecutionContext, extensions: list[SchemaExtension]
    ) -> SchemaExtensionsRunner:
        return Runner(execution_context=execution_context, extensions=extensions)

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        context = execution_context.context if execution_context is not None else None
        if isinstance(context, Context) and context.plan_only:
            return  # a warm-up's questions find nothing by design (hub/graphql/domain/warm_up.py)
        for error in errors:
            facts.code(error_code(error))
            if internal(error):
                log.error("internal error: %s", described(error), exc_info=error.original_error)
            else:
                log.info("%s: %s", error_code(error), described(error))


def error_code(error: GraphQLError) -> str:
    """The code a client sees: the error's own, else what graphql-core's errors (validation) or the hub's
    bugs (masked) are."""
    fallback = "INTERNAL_SERVER_ERROR" if internal(error) else "GRAPHQL_VALIDATION_FAILED"
    return str((error.extensions or {}).get("code", fallback))
