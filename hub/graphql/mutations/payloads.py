"""What mutations return: the written node read through the compiler's projection, or ids and versions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from hub.graphql.compiler import shape
from hub.graphql.compiler.planner import merged, node_shape
from hub.graphql.compiler.projection import node
from hub.graphql.compiler.selection import root_selection
from hub.graphql.cypher.scope import Scope
from hub.graphql.pages import Pages
from hub.graphql.types.fields import field, output_type
from hub.graphql.types.objects import NODE_TYPES


@cache
def node_payload(label: str) -> type:
    """`SchoolPayload`: the node as written, and its version for the next update."""
    return output_type(
        f"{label}Payload",
        {
            "node": field("node", NODE_TYPES[label]),
            "version": field("version", int, description="Pass as `expectedVersion` to change it again."),
        },
        f"A {label} as written.",
    )


@strawberry.type(description="A deleted node: its id and the version it had.")
class DeletePayload:
    id: strawberry.ID
    version: int


@strawberry.type(description="A relationship as written (or deleted): its ends, properties and version.")
class RelationshipPayload:
    type: str
    start: strawberry.ID = strawberry.field(name="from")
    end: strawberry.ID = strawberry.field(name="to")
    properties: JSON = strawberry.field(description="Its properties; dates as ISO text.")
    version: int


@dataclass(frozen=True)
class Projection:
    """The RETURN expression of a node payload, and how to shape the row it yields."""

    expression: str
    shape: Callable[[dict[str, Any]], dict[str, Any]]


def node_projection(info: Info[Any, Any], scope: Scope, var: str) -> Projection:
    """`{node: {…what was selected…}, version: …}` for node `var`, keyed for the payload's fields."""
    selection = root_selection(info)
    children = selection.children()
    pages = Pages.of(info.context.settings)
    wanted = node_shape(merged([child for child in children if child.name == "node"]), pages)

    def shaped(raw: dict[str, Any]) -> dict[str, Any]:
        return {
            child.key: shape.node(wanted, raw["node"]) if child.name == "node" else raw["version"]
            for child in children
        }

    expression = f"{{node: {node(scope, var, wanted)}, version: coalesce({var}.version, 0)}}"
    return Projection(expression, shaped)
