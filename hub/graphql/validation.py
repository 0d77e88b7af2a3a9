"""`CachedValidation`: the standard rules' verdict on a document, remembered by its text; the hub's own
rules' verdict (limits, which depend on the variables and the caller), remembered by the text and the rules
when it is clean.

The hub's own rules are judged directly on the whole document where they can be (`DocumentCheck`), and the
same inputs get the same rule classes (hub.limits.extensions), so a remembered document is not measured
again. When the standard rules find errors, Strawberry validates as usual, so every error keeps its order.
It must come after the extensions that add rules (their `on_operation` has run when it validates).
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import ASTValidationRule, DocumentNode, GraphQLError, GraphQLSchema, specified_rules, validate
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from hub.graphql.lru import LRU
from hub.limits.rules import DocumentCheck

STANDARD_RULES = tuple(specified_rules)
STANDARD = frozenset(STANDARD_RULES)
VERDICTS: LRU[str, list[GraphQLError]] = LRU(1024)
"""The standard rules' errors by document text."""
CLEAN: LRU[tuple[str, tuple[type[ASTValidationRule], ...]], bool] = LRU(1024)
"""The documents the added rules found nothing wrong with, by text and those rules."""


class CachedValidation(SchemaExtension):
    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        rules = context.validation_rules
        added = tuple(rule for rule in rules if rule not in STANDARD)
        text = document.loc.source.body if document is not None and document.loc else None
        if context.pre_execution_errors is None and text is not None and standard(rules):
            assert document is not None
            errors = VERDICTS.get(text)
            if errors is None:
                errors = VERDICTS.put(
                    text, validate_document(context.schema._schema, document, STANDARD_RULES)
                )
            if not errors:
                context.pre_execution_errors = judged(context.schema._schema, document, text, added)
        yield


def standard(rules: tuple[type[ASTValidationRule], ...]) -> bool:
    """Whether `rules` hold each standard rule once, in the standard order (with any others among them)."""
    return tuple(rule for rule in rules if rule in STANDARD) == STANDARD_RULES


def judged(
    schema: GraphQLSchema, document: DocumentNode, text: str, added: tuple[type[ASTValidationRule], ...]
) -> list[GraphQLError]:
    """The added rules' errors: none when these rules found none in this text before."""
    key = (text, added)
    if CLEAN.get(key):
        return []
    errors = added_rules(schema, document, added)
    if not errors:
        CLEAN.put(key, True)
    return errors


def added_rules(
    schema: GraphQLSchema, document: DocumentNode, added: tuple[type[ASTValidationRule], ...]
) -> list[GraphQLError]:
    """The errors of the rules extensions added (none of the standard ones): document checks called
    directly, others by a visit."""
    errors = [
        error for rule in added if issubclass(rule, DocumentCheck) for error in rule.check(schema, document)
    ]
    visited = [rule for rule in added if not issubclass(rule, DocumentCheck)]
    return errors + (validate(schema, document, visited) if visited else [])
