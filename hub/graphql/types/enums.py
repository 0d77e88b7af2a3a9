"""GraphQL enums: the model's value enums, the node kinds, sort fields and directions, funding groups."""

from __future__ import annotations

from enum import Enum, StrEnum
from functools import cache
from typing import cast

import strawberry

from hub.graphql.catalog import KINDS, TypeSpec, spec_named
from hub.graphql.naming import constant


@cache
def value_enum(model_enum: type[StrEnum]) -> type[StrEnum]:
    """A model enum as a GraphQL enum: member names in the API, values as stored in the graph.

    The model's own class is registered (once, shared with the domain fields), so every field
    using it refers to the same GraphQL type.
    """
    if hasattr(model_enum, "__strawberry_definition__"):
        return model_enum
    return strawberry.enum(model_enum, description=(model_enum.__doc__ or "").strip() or None)


@strawberry.enum(description="Ascending or descending.")
class SortDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


def generated_enum(name: str, members: dict[str, str], description: str) -> type[Enum]:
    """A GraphQL enum made from names and values known only at run time."""
    return strawberry.enum(cast(type[Enum], Enum(name, members)), description=description)


NodeKind = generated_enum(
    "NodeKind",
    {constant(label): label for label in KINDS},
    "The kinds of node, for filtering search results; values are the labels.",
)


@strawberry.enum(description="What funding flows can be grouped by.")
class FundingGroupBy(Enum):
    YEAR = "year"
    FUNDER = "funder"
    RECIPIENT = "recipient"
    PROJECT = "project"
    STATUS = "status"
    INSTRUMENT = "instrument"


@cache
def sort_field_enum(spec_name: str) -> type[Enum]:
    """`SchoolSortField`, `RolePropertiesSortField`: the scalar fields of a node type or relationship property
    set that lists can be sorted by; values are field names."""
    spec: TypeSpec = spec_named(spec_name)
    members = {constant(name): name for name in spec.sort_fields()}
    return generated_enum(
        f"{spec.name}SortField",
        members,
        f"The fields {spec.name} lists can be sorted by; ties are broken by id.",
    )
