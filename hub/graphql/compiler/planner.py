"""Selection tree -> query plan: field names mapped through the catalog, arguments checked and decoded."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from hub.graphql.aggregates import FUNCTIONS, dimensions, measures
from hub.graphql.catalog import (
    CATALOG,
    PROVENANCE,
    PROVENANCE_FIELD,
    Property,
    Relation,
    TypeSpec,
    edge_properties,
    edge_spec,
)
from hub.graphql.compiler import lucene
from hub.graphql.compiler.filters import CONNECTION, edge_predicate, predicate, private_kinds
from hub.graphql.compiler.plan import (
    Aggregate,
    Branch,
    Connection,
    ConnectionShape,
    EdgesField,
    Field,
    Group,
    GroupField,
    Member,
    NodeLookup,
    NodeShape,
    Page,
    RelatedNodes,
    SearchHits,
    Sort,
    SortKey,
    Traversal,
    Value,
)
from hub.graphql.compiler.selection import Selection
from hub.graphql.errors import BadRequest
from hub.graphql.ids import node_reference, parse_cursor
from hub.graphql.pages import Pages
from hub.model import FUNDING_FLOW


def _named(value: Any) -> Any:
    """An enum member's value (sort fields and directions arrive as members or as their values)."""
    return getattr(value, "value", value)


def sort(
    spec: TypeSpec, order_by: Sequence[Mapping[str, Any]] | None, relation: Relation | None = None
) -> Sort:
    """The `orderBy` keys (by name when none are given), then the id. Along a relationship field a key may
    name a property of the relationship (`edge`) instead of the node (`field`)."""
    given = order_by if order_by else [{"field": "name", "direction": "ASC"}]
    keys: list[SortKey] = []
    for item in given:
        field_name, edge_name = item.get("field"), item.get("edge")
        descending = _named(item.get("direction")) == "DESC"
        if (field_name is None) == (edge_name is None):
            raise BadRequest("each orderBy item names a field or an edge property: one of them")
        if edge_name is not None:
            assert relation is not None
            keys.append(
                SortKey(edge_spec(relation).properties[_named(edge_name)].property, descending, edge=True)
            )
            continue
        prop = spec.properties[_named(field_name)]
        keys.append(SortKey(prop.property, descending, private_kinds(spec, prop.property)))
    if not keys or keys[-1].property != "id" or keys[-1].edge:
        keys.append(SortKey("id"))
    return Sort(tuple(keys))


@dataclass
class _Keys:
    """Unique map keys within one projection: the field name, suffixed when it repeats."""

    used: set[str] = field(default_factory=set)

    def __call__(self, name: str) -> str:
        key, count = name, 1
        while key in self.used:
            count += 1
            key = f"{name}_{count}"
        self.used.add(key)
        return key


def _value(selection: Selection, key: str, prop: Property) -> Value:
    return Value(selection.key, key, prop.property, global_id=prop.name == "id", default=prop.default)


def provenance(selection: Selection, key: str) -> Group:
    """`provenance { source section quotes synthetic }` of a node or relationship."""
    keys = _Keys()
    chosen = (child for child in selection.children() if child.name in PROVENANCE)
    return Group(selection.key, key, tuple(_value(c, keys(c.name), PROVENANCE[c.name]) for c in chosen))


def edge_values(relation: Relation, selections: Sequence[Selection]) -> tuple[Field, ...]:
    """The relationship properties selected under `edges.properties`, and its provenance."""
    properties = edge_properties(relation)
    keys = _Keys()
    found: list[Field] = []
    for child in selections:
        if child.name in properties:
            found.append(_value(child, keys(child.name), properties[child.name]))
        elif child.name == PROVENANCE_FIELD:
            found.append(provenance(child, keys(child.name)))
    return tuple(found)


def node_shape(by_type: Mapping[str, Sequence[Selection]], pages: Pages) -> NodeShape:
    """What to read for each kind the node may be; kinds asking the same share a branch."""
    branches: list[tuple[list[str], tuple[Member, ...]]] = []
    for kind, selections in by_type.items():
        members = node_members(CATALOG[kind], selections, pages)
        for labels, shared in branches:
            if shared == members:
                labels.append(kind)
                break
        else:
            branches.append(([kind], members))
    return NodeShape(tuple(Branch(tuple(labels), members) for labels, members in branches))


def merged(selections: Sequence[Selection]) -> dict[str, list[Selection]]:
    """The sub-selections of several selections of one field, per type."""
    by_type: dict[str, list[Selection]] = {}
    for selection in selections:
        for type_name, children in selection.by_type.items():
            by_type.setdefault(type_name, []).extend(children)
    return by_type


def node_members(spec: TypeSpec, selections: Sequence[Selection], pages: Pages) -> tuple[Member, ...]:
    keys = _Keys()
    members: list[Member] = []
    for child in selections:
        name = child.name
        if name in spec.properties:
            members.append(_value(child, keys(name), spec.properties[name]))
        elif name == PROVENANCE_FIELD:
            members.append(provenance(child, keys(name)))
        elif name in spec.relations:
            members.append(related_nodes(spec.relations[name], child, keys(name), pages))
        elif name.endswith(CONNECTION) and name.removesuffix(CONNECTION) in spec.relations:
            relation = spec.relations[name.removesuffix(CONNECTION)]
            members.append(relation_connection(relation, child, keys(name), pages))
    return tuple(members)


def traversal(relation: Relation, arguments: Mapping[str, Any]) -> Traversal:
    return Traversal(
        relation,
        predicate(CATALOG[relation.target], arguments.get("where")),
        arguments.get("asOf"),
        edge_predicate(relation, arguments.get("edgeWhere")),
    )


def related_nodes(relation: Relation, selection: Selection, key: str, pages: Pages) -> RelatedNodes:
    arguments = selection.arguments
    target = CATALOG[relation.target]
    return RelatedNodes(
        alias=selection.key,
        key=key,
        traversal=traversal(relation, arguments),
        sort=sort(target, arguments.get("orderBy"), relation),
        limit=1 if relation.single else pages.size("first", arguments.get("first")),
        node=node_shape(selection.by_type, pages),
        single=relation.single,
    )


def connection_shape(
    selection: Selection,
) -> tuple[ConnectionShape, dict[str, list[Selection]], list[Selection]]:
    """Where each part of a connection goes, the merged node selections, and the properties selections."""
    edges: list[EdgesField] = []
    nodes: list[Selection] = []
    properties: list[Selection] = []
    for edges_selection in selection.child("edges"):
        node_parts = edges_selection.child("node")
        property_parts = edges_selection.child("properties")
        nodes.extend(node_parts)
        properties.extend(property_parts)
        edges.append(
            EdgesField(
                alias=edges_selection.key,
                cursor=tuple(part.key for part in edges_selection.child("cursor")),
                node=tuple(part.key for part in node_parts),
                properties=tuple((part.key, ()) for part in property_parts),
            )
        )
    page_info = tuple(
        (part.key, tuple((child.key, child.name) for child in part.children()))
        for part in selection.child("pageInfo")
    )
    total = tuple(part.key for part in selection.child("totalCount"))
    return ConnectionShape(tuple(edges), page_info, total), merged(nodes), properties


def page(arguments: Mapping[str, Any], ordering: Sort, pages: Pages) -> Page:
    """The slice asked for with first/after or last/before (the default page size when neither is given)."""
    first, last = arguments.get("first"), arguments.get("last")
    if first is not None and last is not None:
        raise BadRequest("give first or last, not both")
    after, before = arguments.get("after"), arguments.get("before")
    return Page(
        size=pages.size("last", last) if last is not None else pages.size("first", first),
        after=parse_cursor(after, ordering.cursor_keys) if after else None,
        before=parse_cursor(before, ordering.cursor_keys) if before else None,
        backward=last is not None,
    )


def relation_connection(relation: Relation, selection: Selection, key: str, pages: Pages) -> Connection:
    arguments = selection.arguments
    target = CATALOG[relation.target]
    ordering = sort(target, arguments.get("orderBy"), relation)
    shape, nodes, property_selections = connection_shape(selection)
    props = edge_values(relation, [child for part in property_selections for child in part.children()])
    shape = ConnectionShape(
        tuple(
            EdgesField(
                edges.alias, edges.cursor, edges.node, tuple((alias, props) for alias, _ in edges.properties)
            )
            for edges in shape.edges
        ),
        shape.page_info,
        shape.total,
    )
    return Connection(
        alias=selection.key,
        key=key,
        sort=ordering,
        page=page(arguments, ordering, pages),
        node=node_shape(nodes, pages),
        shape=shape,
        traversal=traversal(relation, arguments),
        properties=props,
    )


def root_connection(spec: TypeSpec, selection: Selection, pages: Pages) -> Connection:
    """A root collection such as `schools` or `organisations`."""
    arguments = selection.arguments
    ordering = sort(spec, arguments.get("orderBy"))
    shape, nodes, _ = connection_shape(selection)
    return Connection(
        alias=selection.key,
        key=selection.name,
        sort=ordering,
        page=page(arguments, ordering, pages),
        node=node_shape(nodes, pages),
        shape=shape,
        label=spec.label,
        where=predicate(spec, arguments.get("where")),
    )


def lookup(selection: Selection, ids: Sequence[str], pages: Pages, *, many: bool) -> NodeLookup:
    """`node(id:)` / `nodes(ids:)`, by slugs or global ids; `node` refuses a malformed id, `nodes` answers
    null for it (with an error naming it) and the rest."""
    references: list[tuple[str | None, str | None]] = []
    malformed: list[tuple[int, str]] = []
    for position, text in enumerate(ids):
        try:
            references.append(node_reference(text))
        except BadRequest as error:
            if not many:
                raise
            references.append((None, None))
            malformed.append((position, error.message))
    return NodeLookup(tuple(references), node_shape(selection.by_type, pages), many, tuple(malformed))


def search(selection: Selection, pages: Pages) -> SearchHits:
    arguments = selection.arguments
    kinds = tuple(getattr(kind, "value", kind) for kind in arguments.get("kinds") or ())
    hits = selection.children()
    nodes = [child for child in hits if child.name == "node"]
    return SearchHits(
        query=lucene.query(arguments["query"]),
        kinds=kinds,
        first=pages.size("first", arguments.get("first")),
        after=parse_cursor(after, SearchHits.CURSOR_KEYS) if (after := arguments.get("after")) else None,
        score=tuple(child.key for child in hits if child.name == "score"),
        cursor=tuple(child.key for child in hits if child.name == "cursor"),
        node=tuple(child.key for child in nodes),
        shape=node_shape(merged(nodes), pages),
    )


def _grouped(
    spec: TypeSpec,
    selection: Selection,
    pages: Pages,
    groups: tuple[GroupField, ...],
    measured: tuple[tuple[str, tuple[str, ...]], ...],
) -> Aggregate:
    """The aggregate of `spec` by the `groupBy` dimensions, summarising the `measured` (property,
    functions)."""
    arguments = selection.arguments
    named = dimensions(spec)
    keys = tuple(
        named[name] for name in dict.fromkeys(getattr(d, "value", d) for d in arguments.get("groupBy") or ())
    )
    key_selections = [
        child for group in selection.children() if group.name == "key" for child in group.children()
    ]
    return Aggregate(
        label=spec.label,
        kinds=spec.labels,
        where=predicate(spec, arguments.get("where")),
        keys=keys,
        measures=tuple((name, spec.properties[name].property, functions) for name, functions in measured),
        groups=groups,
        key_fields=tuple((child.key, child.name) for child in key_selections),
        key_nodes=tuple(
            (
                key.name,
                node_shape(merged([child for child in key_selections if child.name == key.name]), pages),
            )
            for key in keys
            if key.relation is not None and any(child.name == key.name for child in key_selections)
        ),
    )


def aggregate(spec: TypeSpec, selection: Selection, pages: Pages) -> Aggregate:
    """`schoolsAggregate(where:, groupBy:)`, …: dimensions and measures as the catalog derives them."""
    known = measures(spec)
    groups = tuple(
        GroupField(child.key, child.name, tuple((part.key, part.name) for part in child.children()))
        if child.name in known
        else GroupField(child.key, child.name)
        for child in selection.children()
    )
    measured = tuple(dict.fromkeys(group.name for group in groups if group.name in known))
    return _grouped(
        spec, selection, pages, groups, tuple((name, FUNCTIONS[known[name].scalar]) for name in measured)
    )


FLOWS = CATALOG[FUNDING_FLOW]
AMOUNTS = (("amount", ("sum", "count")),)
"""What `fundingAggregate` summarises: the sum of the known amounts and how many are known."""


def funding_aggregate(selection: Selection, pages: Pages) -> Aggregate:
    """`fundingAggregate(where:, groupBy:)`: the FundingFlow aggregate, its amounts always summarised
    (`totalAmount`, `unknownAmountCount`)."""
    groups = tuple(GroupField(child.key, child.name) for child in selection.children())
    return _grouped(FLOWS, selection, pages, groups, AMOUNTS)
