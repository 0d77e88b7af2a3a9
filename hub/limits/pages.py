"""Arguments as a document gives them, before execution: page sizes (literal or from a variable), and a
field's arguments with their defaults."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    FieldNode,
    GraphQLField,
    IntValueNode,
    OperationDefinitionNode,
    Undefined,
    ValueNode,
    VariableNode,
    value_from_ast_untyped,
)

from hub.graphql.pages import PAGE_ARGUMENTS


def variable_values(operation: OperationDefinitionNode, given: Mapping[str, Any]) -> dict[str, Any]:
    """The operation's variable defaults, overridden by the values the request gave."""
    defaults = {
        definition.variable.name.value: value_from_ast_untyped(definition.default_value)
        for definition in operation.variable_definitions or ()
        if definition.default_value is not None
    }
    return {**defaults, **given}


def int_value(node: ValueNode, variables: Mapping[str, Any]) -> int | None:
    """The integer a literal or variable stands for; None otherwise (other rules report bad types)."""
    if isinstance(node, IntValueNode):
        return int(node.value)
    if isinstance(node, VariableNode):
        value = variables.get(node.name.value)
        if isinstance(value, float) and value.is_integer():
            return int(value)  # GraphQL's Int accepts 1e6 in variables
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    return None


def arguments_of(
    field: FieldNode, definition: GraphQLField | None, variables: Mapping[str, Any]
) -> dict[str, Any]:
    """The field's arguments as given (variables substituted), with the definition's defaults."""
    found = {
        name: argument.default_value
        for name, argument in (definition.args.items() if definition else ())
        if argument.default_value is not Undefined
    }
    for argument in field.arguments or ():
        found[argument.name.value] = value_from_ast_untyped(argument.value, dict(variables))
    return found


def requested_pages(field: FieldNode, variables: Mapping[str, Any]) -> list[tuple[str, int]]:
    """The (argument, size) pairs a field asks for."""
    pages: list[tuple[str, int]] = []
    for argument in field.arguments or ():
        if argument.name.value in PAGE_ARGUMENTS:
            size = int_value(argument.value, variables)
            if size is not None:
                pages.append((argument.name.value, size))
    return pages
