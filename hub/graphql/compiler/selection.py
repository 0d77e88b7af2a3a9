"""What a root field asks for: aliases, fragments, variables and @include/@skip resolved away.

The tree holds, for each selected field, its response key, field name, coerced arguments, and its
sub-selections per concrete type the value may have (one for object types, several for interfaces).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLBoolean,
    GraphQLField,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
    Undefined,
    get_named_type,
    is_abstract_type,
    is_object_type,
    value_from_ast,
)
from graphql.language import VariableNode
from strawberry.types import Info


@dataclass(frozen=True)
class Selection:
    """One field of the response."""

    key: str
    """The response key: the alias, or the field name."""
    name: str
    arguments: Mapping[str, Any] = field(default_factory=dict)
    by_type: Mapping[str, tuple[Selection, ...]] = field(default_factory=dict)
    """The sub-selections for each concrete type the value may be; empty for scalars."""

    def children(self, type_name: str | None = None) -> tuple[Selection, ...]:
        """The sub-selections for `type_name`, or for the only type there is."""
        if type_name is None:
            if len(self.by_type) != 1:
                raise ValueError(f"{self.key} has a selection per type; name one")
            return next(iter(self.by_type.values()))
        return self.by_type.get(type_name, ())

    def child(self, name: str, type_name: str | None = None) -> tuple[Selection, ...]:
        """The sub-selections of field `name` (several when it is selected under several aliases)."""
        return tuple(child for child in self.children(type_name) if child.name == name)


@dataclass(frozen=True)
class _Walk:
    schema: GraphQLSchema
    fragments: Mapping[str, FragmentDefinitionNode]
    variables: Mapping[str, Any]

    def included(self, node: FieldNode | FragmentSpreadNode | InlineFragmentNode) -> bool:
        for directive in node.directives or ():
            name = directive.name.value
            if name not in ("include", "skip"):
                continue
            condition = next(arg.value for arg in directive.arguments or () if arg.name.value == "if")
            value = bool(value_from_ast(condition, _BOOLEAN, dict(self.variables)))
            if value != (name == "include"):
                return False
        return True

    def applies(self, condition: str | None, runtime: GraphQLObjectType) -> bool:
        if condition is None or condition == runtime.name:
            return True
        named = self.schema.get_type(condition)
        return is_abstract_type(named) and self.schema.is_sub_type(named, runtime)

    def collect(
        self, runtime: GraphQLObjectType, selection_set: SelectionSetNode, into: dict[str, list[FieldNode]]
    ) -> None:
        """Group the fields that apply to `runtime` by response key, in document order."""
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                if self.included(node):
                    key = node.alias.value if node.alias else node.name.value
                    into.setdefault(key, []).append(node)
            elif isinstance(node, InlineFragmentNode):
                condition = node.type_condition.name.value if node.type_condition else None
                if self.included(node) and self.applies(condition, runtime):
                    self.collect(runtime, node.selection_set, into)
            elif isinstance(node, FragmentSpreadNode):
                fragment = self.fragments.get(node.name.value)
                if (
                    fragment
                    and self.included(node)
                    and self.applies(fragment.type_condition.name.value, runtime)
                ):
                    self.collect(runtime, fragment.selection_set, into)

    def selections(self, runtime: GraphQLObjectType, nodes: list[FieldNode]) -> tuple[Selection, ...]:
        grouped: dict[str, list[FieldNode]] = {}
        for node in nodes:
            if node.selection_set:
                self.collect(runtime, node.selection_set, grouped)
        return tuple(
            self.selection(key, runtime.fields[group[0].name.value], group)
            for key, group in grouped.items()
            if group[0].name.value in runtime.fields
        )

    def selection(self, key: str, definition: GraphQLField, nodes: list[FieldNode]) -> Selection:
        named = get_named_type(definition.type)
        return Selection(
            key=key,
            name=nodes[0].name.value,
            arguments=self.arguments(definition, nodes[0]),
            by_type={runtime.name: self.selections(runtime, nodes) for runtime in self.runtimes(named)},
        )

    def runtimes(self, named: GraphQLNamedType) -> list[GraphQLObjectType]:
        if is_object_type(named):
            return [named]
        if is_abstract_type(named):
            return list(self.schema.get_possible_types(named))
        return []

    def arguments(self, definition: GraphQLField, node: FieldNode) -> dict[str, Any]:
        """The field's arguments as given, variables substituted, defaults applied, values coerced."""
        given = {argument.name.value: argument.value for argument in node.arguments or ()}
        found: dict[str, Any] = {}
        for name, argument in definition.args.items():
            value = given.get(name)
            if isinstance(value, VariableNode) and value.name.value not in self.variables:
                value = None
            if value is not None:
                found[name] = value_from_ast(value, argument.type, dict(self.variables))
            elif argument.default_value is not Undefined:
                found[name] = argument.default_value
        return found


_BOOLEAN = GraphQLNonNull(GraphQLBoolean)


def field_selection(
    schema: GraphQLSchema,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
    parent_type: GraphQLObjectType,
    key: str,
    field_nodes: list[FieldNode],
) -> Selection:
    """The selection tree of one field of `parent_type`, answered under `key` (coerced `variables`)."""
    walk = _Walk(schema, fragments, dict(variables))
    definition = parent_type.fields[field_nodes[0].name.value]
    return walk.selection(key, definition, field_nodes)


def root_selection(info: Info) -> Selection:
    """The selection tree of the root field being resolved."""
    raw = info._raw_info
    variables: Any = raw.variable_values
    return field_selection(
        raw.schema,
        raw.fragments,
        getattr(variables, "coerced", variables),
        raw.parent_type,
        str(info.path.key),
        list(raw.field_nodes),
    )
