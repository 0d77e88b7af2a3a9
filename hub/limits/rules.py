"""graphql-core validation rules for the hub's limits; each error carries `extensions.code`.

Rules are classes instantiated by graphql-core, so these factories close over the settings and variables.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    BREAK,
    DocumentNode,
    FieldNode,
    GraphQLError,
    Node,
    OperationDefinitionNode,
    ValidationRule,
)

from hub.config import Settings
from hub.limits.measure import Measure, Measurer
from hub.limits.pages import requested_pages, variable_values


def limit_error(message: str, code: str, node: Node) -> GraphQLError:
    return GraphQLError(message, node, extensions={"code": code})


def exceeded(measure: Measure, settings: Settings, *, costed: bool) -> list[tuple[str, str]]:
    """(code, message) for every limit the measure passes."""
    checks = [
        ("QUERY_TOO_DEEP", "depth", measure.depth, settings.hub_max_depth),
        ("TOO_MANY_ALIASES", "aliases", measure.aliases, settings.hub_max_aliases),
        ("TOO_MANY_DIRECTIVES", "directives", measure.directives, settings.hub_max_directives),
    ]
    if costed:
        checks.append(("QUERY_TOO_COSTLY", "estimated cost", measure.cost, settings.hub_max_cost))
    return [
        (code, f"{what} {value} exceeds the limit of {limit}")
        for code, what, value, limit in checks
        if value > limit
    ]


def document_limits(
    settings: Settings, variables: Mapping[str, Any], *, costed: bool
) -> type[ValidationRule]:
    """Depth, aliases, directives and (when `costed`) cost of each operation, fragments expanded."""

    class DocumentLimits(ValidationRule):
        def enter_document(self, node: DocumentNode, *_: Any) -> object:
            measurer = Measurer(self.context.schema, node, variables, settings.hub_default_page_size)
            for operation in node.definitions:
                if isinstance(operation, OperationDefinitionNode):
                    for code, message in exceeded(measurer.operation(operation), settings, costed=costed):
                        self.report_error(limit_error(message, code, operation))
            return BREAK

    return DocumentLimits


def page_size_limit(settings: Settings, variables: Mapping[str, Any]) -> type[ValidationRule]:
    """`first` / `last` between 0 and HUB_MAX_PAGE_SIZE."""
    largest = settings.hub_max_page_size

    class PageSizeLimit(ValidationRule):
        values: Mapping[str, Any] = variables

        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            self.values = variable_values(node, variables)

        def enter_field(self, node: FieldNode, *_: Any) -> None:
            for argument, size in requested_pages(node, self.values):
                if not 0 <= size <= largest:
                    message = f"{argument} must be between 0 and {largest}, got {size}"
                    self.report_error(limit_error(message, "PAGE_SIZE_TOO_LARGE", node))

    return PageSizeLimit


class NoIntrospection(ValidationRule):
    """`__schema` and `__type` refused; `__typename` stays allowed."""

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        if node.name.value in ("__schema", "__type"):
            message = "introspection is disabled for anonymous requests"
            self.report_error(limit_error(message, "INTROSPECTION_DISABLED", node))
