"""One pass over an operation, fragments expanded once each: depth, aliases, directives and estimated cost.

Cost counts object fields (leaves are free), multiplied by how many of them a page can hold: a field with a
`first`/`last` argument by that value (or the argument's default, else the default page size); the list fields
directly inside it (a connection's `edges`/`nodes`) by 1; any other list of objects by the default page size.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionNode,
    SelectionSetNode,
    get_named_type,
    get_nullable_type,
    is_list_type,
)

from hub.limits.pages import PAGE_ARGUMENTS, requested_pages, variable_values


@dataclass(frozen=True)
class Measure:
    depth: int = 0
    """Nesting of fields: `{ a }` is 1, `{ a { b } }` is 2."""
    aliases: int = 0
    directives: int = 0
    cost: int = 0

    def __add__(self, other: Measure) -> Measure:
        """Side by side: the deeper depth, the sums of the rest."""
        return Measure(
            max(self.depth, other.depth),
            self.aliases + other.aliases,
            self.directives + other.directives,
            self.cost + other.cost,
        )


class Measurer:
    """Measures the operations of one document against a schema, given the request's variables."""

    def __init__(
        self, schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any], default_page: int
    ) -> None:
        self.schema = schema
        self.given = variables
        self.default_page = default_page
        self.fragments = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        self.variables: dict[str, Any] = {}
        self.memo: dict[tuple[str, bool], Measure] = {}

    def operation(self, operation: OperationDefinitionNode) -> Measure:
        self.variables = variable_values(operation, self.given)
        self.memo = {}
        root = self.schema.get_root_type(operation.operation)
        inner = self.selections(operation.selection_set, root, False, frozenset())
        return inner + Measure(directives=len(operation.directives or ()))

    def selections(
        self,
        selection_set: SelectionSetNode,
        parent: GraphQLNamedType | None,
        paged: bool,
        seen: frozenset[str],
    ) -> Measure:
        total = Measure()
        for selection in selection_set.selections:
            total += self.selection(selection, parent, paged, seen)
        return total

    def selection(
        self, node: SelectionNode, parent: GraphQLNamedType | None, paged: bool, seen: frozenset[str]
    ) -> Measure:
        own = Measure(directives=len(node.directives or ()))
        if isinstance(node, FieldNode):
            return self.field(node, parent, paged, seen) + own
        if isinstance(node, InlineFragmentNode):
            condition = (
                self.schema.get_type(node.type_condition.name.value) if node.type_condition else parent
            )
            return self.selections(node.selection_set, condition, paged, seen) + own
        assert isinstance(node, FragmentSpreadNode)
        return self.spread(node.name.value, paged, seen) + own

    def spread(self, name: str, paged: bool, seen: frozenset[str]) -> Measure:
        fragment = self.fragments.get(name)
        if fragment is None or name in seen:
            return Measure()  # unknown or cyclic: reported by the standard rules
        key = (name, paged)
        if key not in self.memo:
            condition = self.schema.get_type(fragment.type_condition.name.value)
            inner = self.selections(fragment.selection_set, condition, paged, seen | {name})
            self.memo[key] = inner + Measure(directives=len(fragment.directives or ()))
        return self.memo[key]

    def field(
        self, node: FieldNode, parent: GraphQLNamedType | None, paged: bool, seen: frozenset[str]
    ) -> Measure:
        aliases = 1 if node.alias else 0
        if node.selection_set is None:
            return Measure(depth=1, aliases=aliases)
        definition = field_definition(parent, node.name.value)
        child = get_named_type(definition.type) if definition else None
        size, pages = self.page_size(node, definition, paged)
        inner = self.selections(node.selection_set, child, pages, seen)
        return Measure(1 + inner.depth, aliases + inner.aliases, inner.directives, 1 + size * inner.cost)

    def page_size(self, node: FieldNode, definition: GraphQLField | None, paged: bool) -> tuple[int, bool]:
        """How many of the field's objects one answer may hold, and whether the field is paginated."""
        if definition is None:
            return 1, False
        if any(name in definition.args for name in PAGE_ARGUMENTS):
            asked = [size for _, size in requested_pages(node, self.variables)]
            defaults = [
                definition.args[name].default_value
                for name in PAGE_ARGUMENTS
                if name in definition.args and isinstance(definition.args[name].default_value, int)
            ]
            return max(0, max(asked or defaults or [self.default_page])), True
        if is_list_type(get_nullable_type(definition.type)):
            return (1 if paged else self.default_page), False
        return 1, False


def field_definition(parent: GraphQLNamedType | None, name: str) -> GraphQLField | None:
    """The field on an object or interface type; None for unions, introspection or unknown names."""
    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        definition: GraphQLField | None = parent.fields.get(name)
        return definition
    return None
