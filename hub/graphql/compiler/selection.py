"""What a root field asks for, collected by graphql-core itself: aliases, fragments, variables and
@include/@skip resolved away, arguments coerced.

The tree holds, for each selected field, its response key, field name, coerced arguments, and its
sub-selections per concrete type the value may have (one for object types, several for interfaces).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    FragmentDefinitionNode,
    GraphQLField,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
    get_named_type,
    is_abstract_type,
    is_object_type,
)
from graphql.execution.collect_fields import (
    FieldDetails,
    FieldDetailsList,
    FragmentDetails,
    collect_subfields,
)
from graphql.execution.values import VariableValues, get_argument_values
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
class Operation:
    """What graphql-core collects fields with: the schema, the operation, its fragments and variables."""

    schema: GraphQLSchema
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDetails]
    variables: VariableValues

    def selection(self, key: str, definition: GraphQLField, details: FieldDetailsList) -> Selection:
        """The selection tree of one field answered under `key`."""
        first = details[0]
        return Selection(
            key=key,
            name=first.node.name.value,
            arguments=get_argument_values(
                definition, first.node, self.variables, first.fragment_variable_values
            ),
            by_type={
                runtime.name: self.children(runtime, details)
                for runtime in self.runtimes(get_named_type(definition.type))
            },
        )

    def children(self, runtime: GraphQLObjectType, details: FieldDetailsList) -> tuple[Selection, ...]:
        grouped = collect_subfields(
            self.schema, self.fragments, self.variables, self.operation, runtime, details
        ).grouped_field_set
        return tuple(
            self.selection(key, runtime.fields[group[0].node.name.value], group)
            for key, group in grouped.items()
            if group[0].node.name.value in runtime.fields
        )

    def runtimes(self, named: GraphQLNamedType) -> list[GraphQLObjectType]:
        if is_object_type(named):
            return [named]
        if is_abstract_type(named):
            return list(self.schema.get_possible_types(named))
        return []


def fragment_details(definitions: Mapping[str, FragmentDefinitionNode]) -> dict[str, FragmentDetails]:
    return {name: FragmentDetails(definition) for name, definition in definitions.items()}


def root_selection(info: Info) -> Selection:
    """The selection tree of the root field a resolver is resolving."""
    raw = info._raw_info
    variables: Any = raw.variable_values
    if not isinstance(variables, VariableValues):
        variables = VariableValues({}, variables)
    operation = Operation(raw.schema, raw.operation, fragment_details(raw.fragments), variables)
    details = [FieldDetails(node, None) for node in raw.field_nodes]
    return operation.selection(str(info.path.key), raw.parent_type.fields[raw.field_name], details)
