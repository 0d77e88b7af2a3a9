"""graphql-core validation rules for the hub's limits; each error carries `extensions.code`.

Rules are classes instantiated by graphql-core, so these factories close over the settings and variables.
Each judges the whole document at once (`DocumentCheck`), so it can also be run without graphql-core's
type-tracking visit of every node, as the fast path does.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    BREAK,
    DocumentNode,
    ExecutableDefinitionNode,
    FieldNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    Node,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
)

from hub.config import Settings
from hub.graphql.pages import Pages
from hub.limits.introspection import bounded_introspection, fragments_of
from hub.limits.measure import Measure, Measurer
from hub.limits.pages import requested_pages, variable_values


def limit_error(message: str, code: str, node: Node, **details: Any) -> GraphQLError:
    return GraphQLError(message, node, extensions={"code": code, **details})


class DocumentCheck(ValidationRule):
    """A rule that judges the whole document in one call; as a rule, it reports and stops at the root."""

    @classmethod
    def check(cls, schema: GraphQLSchema, document: DocumentNode) -> list[GraphQLError]:
        raise NotImplementedError

    def enter_document(self, node: DocumentNode, *_: Any) -> object:
        for error in self.check(self.context.schema, node):
            self.report_error(error)
        return BREAK


def exceeded(
    measure: Measure, settings: Settings, *, costed: bool, deep: bool = False
) -> list[tuple[str, str, int, int]]:
    """(code, message, value, limit) for every limit the measure passes; with `deep`, any depth is allowed
    (introspection the schema's size bounds: hub.limits.introspection)."""
    checks = [
        ("QUERY_TOO_DEEP", "depth", 0 if deep else measure.depth, settings.hub_max_depth),
        ("TOO_MANY_ALIASES", "aliases", measure.aliases, settings.hub_max_aliases),
        ("TOO_MANY_DIRECTIVES", "directives", measure.directives, settings.hub_max_directives),
        (
            "FILTER_TOO_DEEP",
            "nesting of relationship filters",
            measure.filter_depth,
            settings.hub_max_filter_depth,
        ),
    ]
    if costed:
        checks.append(("QUERY_TOO_COSTLY", "estimated response cost", measure.cost, settings.hub_max_cost))
    return [
        (code, f"{what} {value} exceeds the limit of {limit}", value, limit)
        for code, what, value, limit in checks
        if value > limit
    ]


def document_limits(settings: Settings, variables: Mapping[str, Any], *, costed: bool) -> type[DocumentCheck]:
    """Depth, aliases, directives and (when `costed`) cost of each operation, fragments expanded; no depth
    limit for the introspection the schema's size bounds."""

    class DocumentLimits(DocumentCheck):
        @classmethod
        def check(cls, schema: GraphQLSchema, document: DocumentNode) -> list[GraphQLError]:
            measurer = Measurer(schema, document, variables, Pages.of(settings))
            fragments = fragments_of(document)
            return [
                limit_error(message, code, operation, estimate=value, limit=limit)
                if code == "QUERY_TOO_COSTLY"
                else limit_error(message, code, operation)
                for operation in document.definitions
                if isinstance(operation, OperationDefinitionNode)
                for code, message, value, limit in exceeded(
                    measurer.operation(operation),
                    settings,
                    costed=costed,
                    deep=bounded_introspection(operation, fragments),
                )
            ]

    return DocumentLimits


def page_size_limit(settings: Settings, variables: Mapping[str, Any]) -> type[DocumentCheck]:
    """`first`, `last` and `limit` as the page policy allows (0 to HUB_MAX_PAGE_SIZE); a fragment is read
    with the variables of the operation before it."""
    pages = Pages.of(settings)

    class PageSizeLimit(DocumentCheck):
        @classmethod
        def check(cls, schema: GraphQLSchema, document: DocumentNode) -> list[GraphQLError]:
            errors = []
            values: Mapping[str, Any] = variables
            for definition in document.definitions:
                if isinstance(definition, OperationDefinitionNode):
                    values = variable_values(definition, variables)
                if isinstance(definition, ExecutableDefinitionNode):
                    for field in fields_in(definition.selection_set):
                        for argument, size in requested_pages(field, values):
                            refusal = pages.refusal(argument, size)
                            if refusal is not None:
                                errors.append(limit_error(refusal.message, refusal.code, field))
            return errors

    return PageSizeLimit


class NoIntrospection(DocumentCheck):
    """`__schema` and `__type` refused; `__typename` stays allowed."""

    @classmethod
    def check(cls, schema: GraphQLSchema, document: DocumentNode) -> list[GraphQLError]:
        message = "introspection is disabled for anonymous requests"
        return [
            limit_error(message, "INTROSPECTION_DISABLED", field)
            for definition in document.definitions
            if isinstance(definition, ExecutableDefinitionNode)
            for field in fields_in(definition.selection_set)
            if field.name.value in ("__schema", "__type")
        ]


def fields_in(selection_set: SelectionSetNode | None) -> Iterator[FieldNode]:
    """Every field node under `selection_set`, in document order (fragment spreads not followed)."""
    for node in selection_set.selections if selection_set else ():
        if isinstance(node, FieldNode):
            yield node
        if isinstance(node, FieldNode | InlineFragmentNode):
            yield from fields_in(node.selection_set)
