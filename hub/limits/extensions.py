"""Strawberry extensions applying the limits per request, with settings and principal from the context.

The context must have `settings` and `principal` (the hub's Context does); without a context (a schema
executed directly) the process settings and the anonymous principal apply.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Protocol

import orjson
from graphql import ASTValidationRule, GraphQLError
from strawberry.extensions import MaskErrors, SchemaExtension

from hub.auth.principal import ANONYMOUS, Principal
from hub.auth.roles import Capability
from hub.config import Settings, get_settings
from hub.graphql.lru import LRU
from hub.limits.introspection import introspection_only
from hub.limits.rules import NoIntrospection, document_limits, page_size_limit
from hub.limits.tokens import count_tokens

SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


class RequestContext(Protocol):
    settings: Settings
    principal: Principal


def _context(extension: SchemaExtension) -> tuple[Settings, Principal]:
    context: RequestContext | None = extension.execution_context.context
    if context is None:
        return get_settings(), ANONYMOUS
    return context.settings, context.principal


def restricted(settings: Settings, principal: Principal) -> bool:
    """Anonymous in production: no introspection, no field suggestions."""
    return principal.anonymous and not settings.development


class TokenLimit(SchemaExtension):
    """TOO_MANY_TOKENS: refuses a document of more than HUB_MAX_TOKENS tokens before it is parsed, unless it
    only introspects within the schema's bounds (hub.limits.introspection, which reads at most 2,000)."""

    def on_parse(self) -> Iterator[None]:
        settings, _ = _context(self)
        limit = settings.hub_max_tokens
        query = self.execution_context.query
        if query and count_tokens(query, limit + 1) > limit and not introspection_only(query):
            raise GraphQLError(
                f"the document has more than {limit} tokens", extensions={"code": "TOO_MANY_TOKENS"}
            )
        yield


Rules = tuple[type[ASTValidationRule], ...]
RULES: LRU[tuple[Settings, bytes, bool, bool], Rules] = LRU(1024)
"""The rules made for each distinct settings, variables, costing and restriction: the same inputs get the
same rule classes, so a document they found clean is not measured again (hub.graphql.validation)."""


def limit_rules(settings: Settings, variables: dict[str, Any], *, costed: bool, restricted: bool) -> Rules:
    """Depth, aliases, directives, cost (when `costed`), page size, and no introspection when `restricted`."""
    try:
        key = (settings, orjson.dumps(variables, option=orjson.OPT_SORT_KEYS), costed, restricted)
    except TypeError:  # variables given as Python values no JSON holds: made for this request alone
        key = None
    found = RULES.get(key) if key is not None else None
    if found is not None:
        return found
    rules: Rules = (page_size_limit(settings, variables), document_limits(settings, variables, costed=costed))
    rules += (NoIntrospection,) if restricted else ()
    return rules if key is None else RULES.put(key, rules)


class QueryLimits(SchemaExtension):
    """Adds the limit rules for the request's settings, variables and caller."""

    def on_operation(self) -> Iterator[None]:
        settings, principal = _context(self)
        rules = limit_rules(
            settings,
            self.execution_context.variables or {},
            costed=not principal.can(Capability.FREE_QUERIES),
            restricted=restricted(settings, principal),
        )
        self.execution_context.validation_rules = (*self.execution_context.validation_rules, *rules)
        yield


class HideSuggestions(SchemaExtension):
    """Drops graphql-core's "Did you mean …?" hints (which leak the schema) when restricted."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if errors and restricted(*_context(self)):
            result.errors = [without_suggestions(error) for error in errors]  # type: ignore[union-attr]


def without_suggestions(error: GraphQLError) -> GraphQLError:
    message = SUGGESTION.sub("", error.message)
    if message == error.message:
        return error
    return GraphQLError(
        message, error.nodes, error.source, error.positions, error.path, None, error.extensions
    )


def internal(error: GraphQLError) -> bool:
    """An error the client did not cause: a raised non-GraphQLError (driver, Cypher, bugs)."""
    return error.original_error is not None and not isinstance(error.original_error, GraphQLError)


class MaskInternalErrors(MaskErrors):
    """In production, internal errors become "Internal server error." with code INTERNAL_SERVER_ERROR."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=internal, error_message="Internal server error.")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": "INTERNAL_SERVER_ERROR"}
        return masked

    def on_operation(self) -> Iterator[None]:
        settings, _ = _context(self)
        if settings.development:
            yield
        else:
            yield from super().on_operation()


def graphql_extensions() -> list[type[SchemaExtension]]:
    """Everything above, for `strawberry.Schema(extensions=[..., *graphql_extensions()])`."""
    return [TokenLimit, QueryLimits, HideSuggestions, MaskInternalErrors]
