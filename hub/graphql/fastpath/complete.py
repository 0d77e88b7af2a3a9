"""Completing a compiled root field's shaped value into its response, in one pass over the data.

The completers are built once per request from the operation (fields collected as graphql-core collects
them, so aliases, fragments and @include/@skip agree); they raise `Unusual` on anything graphql-core
would report as an error, and the field is then completed by graphql-core itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLAbstractType,
    GraphQLField,
    GraphQLLeafType,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    OperationDefinitionNode,
    is_abstract_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
)
from graphql.execution.collect_fields import FieldDetailsList, FragmentDetails, collect_subfields
from graphql.execution.values import VariableValues

from hub.graphql.cypher.fragments import KIND_KEY
from hub.graphql.fastpath.leaves import Unusual, serialiser
from hub.graphql.types.fields import definition_of

Complete = Callable[[Any], Any]
TYPENAME = "__typename"


class Completion:
    """Builds the completers of one operation with its variables."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDetails],
        variables: VariableValues,
        operation: OperationDefinitionNode,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.operation = operation
        self.leaves: dict[str, Complete] = {}
        self.roots: dict[str, Complete] = {}

    def root(self, key: str, type_: GraphQLOutputType, details: FieldDetailsList) -> Complete:
        """The completer of the root field answered under `key` (built once per Completion)."""
        if key not in self.roots:
            self.roots[key] = self.of(type_, details)
        return self.roots[key]

    def fields(self, type_: GraphQLObjectType, details: FieldDetailsList) -> dict[str, FieldDetailsList]:
        """The fields selected on `type_` by response key, in order, as graphql-core collects them."""
        return collect_subfields(
            self.schema, self.fragments, self.variables, self.operation, type_, details
        ).grouped_field_set

    def of(self, type_: GraphQLOutputType, details: FieldDetailsList) -> Complete:
        """The completer of a value of `type_` selected by `details`."""
        return wrapped(type_, lambda named: self._named(named, details))

    def _named(self, type_: Any, details: FieldDetailsList) -> Complete:
        if is_leaf_type(type_):
            return self._leaf(type_)
        if is_abstract_type(type_):
            return self._abstract(type_, details)
        assert is_object_type(type_)
        return self._object(type_, details)

    def _leaf(self, type_: GraphQLLeafType) -> Complete:
        if type_.name not in self.leaves:
            self.leaves[type_.name] = serialiser(type_)
        return self.leaves[type_.name]

    def _abstract(self, type_: GraphQLAbstractType, details: FieldDetailsList) -> Complete:
        """Dispatch on the kind the compiler marked each node with; completers are built when first met."""
        possible = {runtime.name: runtime for runtime in self.schema.get_possible_types(type_)}
        by_kind: dict[Any, Complete] = {}

        def abstract(value: Any) -> Any:
            kind = value.get(KIND_KEY) if type(value) is dict else None
            complete = by_kind.get(kind)
            if complete is None:
                if kind not in possible:
                    raise Unusual("unknown kind")
                complete = by_kind[kind] = self._object(possible[kind], details)
            return complete(value)

        return abstract

    def _object(self, type_: GraphQLObjectType, details: FieldDetailsList) -> Complete:
        """A map of the collected fields in order.

        A compiled field's value is already shaped: a map by response key, marked with its kind. Any other
        value is an instance of the Strawberry type, read by attribute (a field with a resolver of its own
        is unusual, and left to graphql-core).
        """
        grouped = self.fields(type_, details)
        definition = definition_of(type_)
        origin = definition.origin if definition else None
        entries: list[tuple[str, str | None, Complete | None]] = []
        for key, group in grouped.items():
            name = group[0].node.name.value
            if name == TYPENAME:
                entries.append((key, None, None))
            elif name in type_.fields:
                field = type_.fields[name]
                entries.append((key, attribute(field), self.of(field.type, group)))
        type_name = type_.name
        marked = type_.is_type_of is not None

        def complete(value: Any) -> dict[str, Any]:
            if type(value) is dict:
                if marked and value.get(KIND_KEY) != type_name:
                    raise Unusual("not a map of this type")
                return {key: type_name if field is None else field(value[key]) for key, _, field in entries}
            if type(value) is not origin:
                raise Unusual("not a value of this type")
            return {
                key: type_name if field is None else field(read(value, attribute))
                for key, attribute, field in entries
            }

        return complete


def wrapped(type_: GraphQLOutputType, named: Callable[[Any], Complete]) -> Complete:
    """The completer of a value of `type_`: nulls and lists as graphql-core completes them, and each value
    of the named type inside by the completer `named` makes for that type."""
    if is_non_null_type(type_):
        inner = _nullable(type_.of_type, named)

        def non_null(value: Any) -> Any:
            if value is None:
                raise Unusual("null in a non-null field")
            return inner(value)

        return non_null
    inner = _nullable(type_, named)
    return lambda value: None if value is None else inner(value)


def _nullable(type_: Any, named: Callable[[Any], Complete]) -> Complete:
    if is_list_type(type_):
        item = wrapped(type_.of_type, named)

        def items(value: Any) -> Any:
            if type(value) is not list:
                raise Unusual("not a list")
            return [item(each) for each in value]

        return items
    return named(type_)


def attribute(field: GraphQLField) -> str | None:
    """The attribute holding a Strawberry field's value; None when it has a resolver of its own."""
    definition = definition_of(field)
    return definition.python_name if definition and definition.base_resolver is None else None


def read(value: Any, attribute: str | None) -> Any:
    """A plain attribute of a Strawberry value; unusual when the field has a resolver."""
    if attribute is None:
        raise Unusual("a field with a resolver")
    return getattr(value, attribute)
