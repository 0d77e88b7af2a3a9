"""One pass over an operation, fragments expanded once each: depth, aliases, directives and response cost.

The response cost is hub/graphql/cost.py's: the objects an answer may hold (leaves are free). A list or
connection with a page argument (`first`, `last`, `limit`) holds what it asks (the argument's default, else
the page policy's default, when it asks nothing), and the lists directly inside a connection (`edges`) one
per item; a list that declares its size holds that, from the arguments of its root field; any other list of
objects the policy's default. A `where` adds, per object, a page of related nodes for each relationship
filter in it, and as many again for each filter nested in those.
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
    GraphQLInputObjectType,
    GraphQLInputType,
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
    value_from_ast_untyped,
)

from hub.graphql.cost import size_of
from hub.graphql.pages import PAGE_ARGUMENTS, Pages
from hub.limits.pages import arguments_of, requested_pages, variable_values

Arguments = Mapping[str, Any]
"""A root field's arguments as the document gives them (defaults included)."""


@dataclass(frozen=True)
class Measure:
    depth: int = 0
    """Nesting of fields: `{ a }` is 1, `{ a { b } }` is 2."""
    aliases: int = 0
    directives: int = 0
    cost: int = 0
    filter_depth: int = 0
    """The deepest nesting of relationship filters (`some` / `none` / `all`) in a `where`."""

    def __add__(self, other: Measure) -> Measure:
        """Side by side: the deeper depths, the sums of the rest."""
        return Measure(
            max(self.depth, other.depth),
            self.aliases + other.aliases,
            self.directives + other.directives,
            self.cost + other.cost,
            max(self.filter_depth, other.filter_depth),
        )


class Measurer:
    """Measures the operations of one document against a schema, given the request's variables."""

    def __init__(
        self, schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any], pages: Pages
    ) -> None:
        self.schema = schema
        self.given = variables
        self.pages = pages
        self.fragments = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        self.variables: dict[str, Any] = {}
        self.roots: dict[int, Arguments] = {}
        self.memo: dict[tuple[str, bool, int], Measure] = {}

    def operation(self, operation: OperationDefinitionNode) -> Measure:
        self.variables = variable_values(operation, self.given)
        self.memo = {}
        self.roots = {}
        root = self.schema.get_root_type(operation.operation)
        inner = self.selections(operation.selection_set, root, False, frozenset(), None)
        return inner + Measure(directives=len(operation.directives or ()))

    def selections(
        self,
        selection_set: SelectionSetNode,
        parent: GraphQLNamedType | None,
        paged: bool,
        seen: frozenset[str],
        root: Arguments | None,
    ) -> Measure:
        total = Measure()
        for selection in selection_set.selections:
            total += self.selection(selection, parent, paged, seen, root)
        return total

    def selection(
        self,
        node: SelectionNode,
        parent: GraphQLNamedType | None,
        paged: bool,
        seen: frozenset[str],
        root: Arguments | None,
    ) -> Measure:
        own = Measure(directives=len(node.directives or ()))
        if isinstance(node, FieldNode):
            return self.field(node, parent, paged, seen, root) + own
        if isinstance(node, InlineFragmentNode):
            condition = (
                self.schema.get_type(node.type_condition.name.value) if node.type_condition else parent
            )
            return self.selections(node.selection_set, condition, paged, seen, root) + own
        assert isinstance(node, FragmentSpreadNode)
        return self.spread(node.name.value, paged, seen, root) + own

    def spread(self, name: str, paged: bool, seen: frozenset[str], root: Arguments | None) -> Measure:
        fragment = self.fragments.get(name)
        if fragment is None or name in seen:
            return Measure()  # unknown or cyclic: reported by the standard rules
        key = (name, paged, id(root))
        if key not in self.memo:
            condition = self.schema.get_type(fragment.type_condition.name.value)
            inner = self.selections(fragment.selection_set, condition, paged, seen | {name}, root)
            self.memo[key] = inner + Measure(directives=len(fragment.directives or ()))
        return self.memo[key]

    def field(
        self,
        node: FieldNode,
        parent: GraphQLNamedType | None,
        paged: bool,
        seen: frozenset[str],
        root: Arguments | None,
    ) -> Measure:
        aliases = 1 if node.alias else 0
        if node.selection_set is None:
            return Measure(depth=1, aliases=aliases)
        definition = field_definition(parent, node.name.value)
        child = get_named_type(definition.type) if definition else None
        if root is None:
            root = self.roots.setdefault(id(node), arguments_of(node, definition, self.variables))
        size, pages = self.size(node, definition, paged, root)
        inner = self.selections(node.selection_set, child, pages, seen, root)
        judged, nested = self.filters(node, definition)
        return Measure(
            1 + inner.depth,
            aliases + inner.aliases,
            inner.directives,
            size * (1 + inner.cost + judged),
            max(inner.filter_depth, nested),
        )

    def filters(self, node: FieldNode, definition: GraphQLField | None) -> tuple[int, int]:
        """The cost and nesting of the field's `where`: each relationship filter judges a page of related
        nodes for every node it judges."""
        if definition is None or "where" not in definition.args:
            return 0, 0
        given = next(
            (argument.value for argument in node.arguments or () if argument.name.value == "where"), None
        )
        if given is None:
            return 0, 0
        value = value_from_ast_untyped(given, self.variables)
        return filter_weight(value, definition.args["where"].type, self.pages.default)

    def size(
        self, node: FieldNode, definition: GraphQLField | None, paged: bool, root: Arguments
    ) -> tuple[int, bool]:
        """How many of the field's objects one answer may hold, and whether the lists directly inside it
        hold one each (a connection's edges)."""
        if definition is None:
            return 1, False
        declared = size_of(definition)
        if declared is not None:
            return max(0, declared(root, self.pages)), False
        listed = is_list_type(get_nullable_type(definition.type))
        connection = is_connection(get_named_type(definition.type))
        if (listed or connection) and any(name in definition.args for name in PAGE_ARGUMENTS):
            asked = [size for _, size in requested_pages(node, self.variables)]
            defaults = [
                definition.args[name].default_value
                for name in PAGE_ARGUMENTS
                if name in definition.args and isinstance(definition.args[name].default_value, int)
            ]
            return max(0, max(asked or defaults or [self.pages.default])), connection
        if listed:
            return (1 if paged else self.pages.default), False
        return 1, False


def is_connection(named: GraphQLNamedType) -> bool:
    """A Relay connection: its `edges` hold a `node` each."""
    edges = field_definition(named, "edges")
    return edges is not None and field_definition(get_named_type(edges.type), "node") is not None


QUANTIFIERS = frozenset({"some", "none", "all"})


def filter_weight(value: Any, type_: GraphQLInputType, fanout: int) -> tuple[int, int]:
    """(cost, nesting) of a filter value of `type_`: a relationship filter (`some` / `none` / `all`) reads
    `fanout` related nodes per node it judges, and judges each of them by its own filter."""
    if isinstance(value, list):
        weights = [filter_weight(item, type_, fanout) for item in value]
        return sum(cost for cost, _ in weights), max((depth for _, depth in weights), default=0)
    named = get_named_type(type_)
    if not isinstance(named, GraphQLInputObjectType) or not isinstance(value, dict):
        return 0, 0
    relation = set(named.fields) == QUANTIFIERS
    cost = depth = 0
    for key, item in value.items():
        field = named.fields.get(key)
        if field is None:
            continue
        inner_cost, inner_depth = filter_weight(item, field.type, fanout)
        if relation:
            cost, depth = cost + fanout * (1 + inner_cost), max(depth, 1 + inner_depth)
        else:
            cost, depth = cost + inner_cost, max(depth, inner_depth)
    return cost, depth


def field_definition(parent: GraphQLNamedType | None, name: str) -> GraphQLField | None:
    """The field on an object or interface type; None for unions, introspection or unknown names."""
    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        definition: GraphQLField | None = parent.fields.get(name)
        return definition
    return None
