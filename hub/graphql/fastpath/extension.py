"""The `FastPath` extension: cached parsing and validation, and compiled operations answered directly.

It must run after every other extension (`accelerated` appends it), so that their parse, validation and
execution hooks have run, and their validation rules are known, when it acts.
"""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from functools import partial
from typing import Any

import strawberry
from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    specified_rules,
    validate,
)
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from hub.graphql.fastpath.caches import DocumentCache, Parsed
from hub.graphql.fastpath.execute import execute
from hub.limits.rules import DocumentCheck

STANDARD_RULES = tuple(specified_rules)


class FastPath(SchemaExtension):
    """Answers operations whose every field is compiled without graphql-core's field-by-field execution."""

    def __init__(self, *, cache: DocumentCache, execute: bool = True) -> None:
        self.cache = cache
        self.execute = execute
        self.parsed: Parsed | None = None

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        if query and context.graphql_document is None:
            self.parsed = self.cache.get(query)
            if self.parsed is not None:
                context.graphql_document = self.parsed.document
        yield
        if query and self.parsed is None and context.graphql_document is not None:
            self.parsed = self.cache.remember(query, context.graphql_document)

    def on_validate(self) -> Iterator[None]:
        """The standard rules' verdict is remembered per document; rules added by extensions always run.

        When the standard rules find errors, Strawberry validates as usual, so errors keep their order.
        """
        context = self.execution_context
        parsed = self.parsed
        rules = context.validation_rules
        standard = tuple(rule for rule in rules if rule in STANDARD_RULES)
        if (
            context.pre_execution_errors is None
            and parsed is not None
            and parsed.document is context.graphql_document
            and standard == STANDARD_RULES
        ):
            if parsed.errors is None:
                parsed.errors = validate_document(context.schema._schema, parsed.document, STANDARD_RULES)
            if not parsed.errors:
                context.pre_execution_errors = _added_rules(context.schema._schema, parsed.document, rules)
        yield

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context
        if self.execute and context.result is None and context.graphql_document is not None:
            parsed = self.parsed
            plans = parsed.plans if parsed and parsed.document is context.graphql_document else None
            result = await execute(context, plans)
            if result is not None:
                context.result = result
        yield


def _added_rules(
    schema: GraphQLSchema, document: DocumentNode, rules: Iterable[type[ASTValidationRule]]
) -> list[GraphQLError]:
    """The errors of the rules extensions added: document checks called directly, others by a visit."""
    added = [rule for rule in rules if rule not in STANDARD_RULES]
    errors = [
        error for rule in added if issubclass(rule, DocumentCheck) for error in rule.check(schema, document)
    ]
    visited = [rule for rule in added if not issubclass(rule, DocumentCheck)]
    return errors + (validate(schema, document, visited) if visited else [])


def _has_resolve_middleware(extension: Any) -> bool:
    """Whether an extension wraps every resolver (then each field must really be resolved)."""
    if isinstance(extension, type) and issubclass(extension, SchemaExtension):
        return extension._implements_resolve()
    return True


def accelerated(schema: strawberry.Schema, *, cache_size: int = 1024) -> strawberry.Schema:
    """A copy of `schema` that runs `FastPath` after its own extensions.

    Execution is only taken over when no extension or schema directive wraps the resolvers.
    """
    takes_over = not schema.directives and not any(_has_resolve_middleware(e) for e in schema.extensions)
    factory: Callable[[], SchemaExtension] = partial(
        FastPath, cache=DocumentCache(cache_size), execute=takes_over
    )
    fast = copy.copy(schema)
    fast.extensions = (*schema.extensions, factory)
    return fast
