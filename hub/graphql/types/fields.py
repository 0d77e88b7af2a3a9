"""Building blocks for generated types: fields that read the pre-shaped result by response key."""

from __future__ import annotations

import keyword
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import strawberry
from graphql import GraphQLField, GraphQLObjectType
from strawberry.annotation import StrawberryAnnotation
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types import Info
from strawberry.types.arguments import StrawberryArgument
from strawberry.types.field import StrawberryField
from strawberry.types.fields.resolver import StrawberryResolver

Arguments = Sequence[tuple[str, Any, Any]]
"""(name, annotation, default) of each argument; `strawberry.UNSET` for no default."""


def read(root: dict[str, Any], info: Info, **_arguments: Any) -> Any:
    """Every nested field: the compiler already put its value in the parent's map under the response key."""
    return root[str(info.path.key)]


def definition_of(graphql: GraphQLField | GraphQLObjectType) -> Any:
    """The Strawberry definition behind a graphql-core field or object type, or None."""
    return (graphql.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)


def optional(annotation: Any) -> Any:
    """`annotation | None` for a type built at run time."""
    return annotation | None


def list_of(annotation: Any) -> Any:
    """`list[annotation]` for a type built at run time."""
    return list[annotation]


def output_type(name: str, fields: dict[str, StrawberryField], description: str) -> type:
    """A strawberry object type whose fields read the pre-shaped result."""
    return strawberry.type(object_class(name, (), fields), description=description)


def field(
    name: str,
    annotation: Any,
    *,
    description: str | None = None,
    arguments: Arguments = (),
    resolver: Callable[..., Any] = read,
    argument_descriptions: Mapping[str, str] | None = None,
) -> StrawberryField:
    """A field named `name` of type `annotation`, resolved by `resolver` (by default: read by key), its
    arguments described by name where `argument_descriptions` says."""
    built = StrawberryField(
        python_name=name,
        graphql_name=name,
        type_annotation=StrawberryAnnotation(annotation),
        base_resolver=StrawberryResolver(resolver),
        description=description,
    )
    built.arguments = [
        StrawberryArgument(
            python_name=arg,
            graphql_name=arg,
            type_annotation=StrawberryAnnotation(kind),
            default=default,
            description=(argument_descriptions or {}).get(arg),
        )
        for arg, kind, default in arguments
    ]
    return built


def object_class(name: str, bases: tuple[type, ...], fields: dict[str, StrawberryField]) -> type:
    """A plain class carrying `fields`, ready for `strawberry.type` / `strawberry.interface`."""
    namespace: dict[str, Any] = {"__annotations__": {}, "__module__": __name__}
    for key, built in fields.items():
        namespace["__annotations__"][key] = built.type_annotation.annotation if built.type_annotation else Any
        namespace[key] = built
    return type(name, bases, namespace)


def shell(name: str) -> type:
    """An empty class to refer to before its fields are known (inputs refer to each other)."""
    return type(name, (), {"__module__": __name__})


def input_type(
    cls: type,
    fields: dict[str, Any],
    description: str | None = None,
    descriptions: dict[str, str] | None = None,
) -> type:
    """Make `cls` a strawberry input whose fields are all optional and unset by default."""
    cls.__annotations__ = {}
    for key, annotation in fields.items():
        python_name = f"{key}_" if keyword.iskeyword(key) else key
        cls.__annotations__[python_name] = optional(annotation)
        described = (descriptions or {}).get(key)
        setattr(cls, python_name, strawberry.field(name=key, default=strawberry.UNSET, description=described))
    return strawberry.input(cls, description=description)
