"""Introspection whose work the schema's size bounds, as in the standard introspection queries of GraphiQL,
graphql-core and gql: `__schema` or `__type` at the root (and `__typename`, nothing else), and no list
below a type reference. Their type references nest `ofType` a dozen deep, so such an operation is exempt
from the depth and token limits (hub.limits.rules, .extensions) and may be sent ad hoc where only persisted
operations run (hub.persisted); every other limit still applies, and so does the rate limit."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import lru_cache

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLSyntaxError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    parse,
)

from hub.limits.tokens import count_tokens

SCHEMA_ROOTS = frozenset({"__schema", "__type"})
ROOTS = SCHEMA_ROOTS | {"__typename"}
TYPE_REFERENCES = frozenset({"type", "ofType"})
LISTS = frozenset(
    {"types", "fields", "args", "inputFields", "interfaces", "possibleTypes", "enumValues", "directives"}
)
"""The introspection fields that list: below a type reference, each would multiply the work again."""
MOST_TOKENS = 2000
"""Longer documents are not read to find out (the standard queries have about 200 tokens)."""


def fragments_of(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }


@lru_cache(maxsize=64)
def introspection_only(document: str) -> bool:
    """Whether every operation of a document only introspects, within the schema's bounds: such a document
    may be sent ad hoc where only persisted operations may run (hub.persisted.resolve)."""
    if count_tokens(document, MOST_TOKENS + 1) > MOST_TOKENS:
        return False
    try:
        parsed = parse(document)
    except GraphQLSyntaxError:
        return False
    operations = [node for node in parsed.definitions if isinstance(node, OperationDefinitionNode)]
    fragments = fragments_of(parsed)
    return bool(operations) and all(bounded_introspection(operation, fragments) for operation in operations)


def bounded_introspection(
    operation: OperationDefinitionNode, fragments: Mapping[str, FragmentDefinitionNode]
) -> bool:
    """Whether the operation introspects (`__schema` or `__type`) and does nothing else, listing nothing
    below a type reference."""
    walk = _Walk(fragments)
    roots = list(walk.fields(operation.selection_set))
    return any(root.name.value in SCHEMA_ROOTS for root in roots) and all(
        root.name.value in ROOTS and walk.bounded(root.selection_set, under_reference=False) for root in roots
    )


class _Walk:
    """Fields with fragments expanded; each fragment judged once per place (under a reference or not)."""

    def __init__(self, fragments: Mapping[str, FragmentDefinitionNode]) -> None:
        self.fragments = fragments
        self.judged: dict[tuple[str, bool], bool] = {}

    def fields(
        self, selection_set: SelectionSetNode | None, seen: frozenset[str] = frozenset()
    ) -> Iterator[FieldNode]:
        """The fields of a selection set, fragments expanded (each once: a cycle is not followed)."""
        for node in selection_set.selections if selection_set else ():
            if isinstance(node, FieldNode):
                yield node
            elif isinstance(node, InlineFragmentNode):
                yield from self.fields(node.selection_set, seen)
            elif isinstance(node, FragmentSpreadNode) and node.name.value not in seen:
                fragment = self.fragments.get(node.name.value)
                if fragment is not None:
                    yield from self.fields(fragment.selection_set, seen | {node.name.value})

    def bounded(self, selection_set: SelectionSetNode | None, *, under_reference: bool) -> bool:
        for node in selection_set.selections if selection_set else ():
            if isinstance(node, FragmentSpreadNode):
                if not self.spread(node.name.value, under_reference):
                    return False
            elif isinstance(node, InlineFragmentNode):
                if not self.bounded(node.selection_set, under_reference=under_reference):
                    return False
            elif isinstance(node, FieldNode):
                name = node.name.value
                if under_reference and name in LISTS:
                    return False
                if not self.bounded(
                    node.selection_set, under_reference=under_reference or name in TYPE_REFERENCES
                ):
                    return False
        return True

    def spread(self, name: str, under_reference: bool) -> bool:
        key = (name, under_reference)
        if key not in self.judged:
            self.judged[key] = True  # a cycle (which validation refuses) is not judged twice
            fragment = self.fragments.get(name)
            self.judged[key] = fragment is None or self.bounded(
                fragment.selection_set, under_reference=under_reference
            )
        return self.judged[key]
