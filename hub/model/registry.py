"""The declaration of the graph: which node kinds exist and which relationships may join them."""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field

from hub.model import nodes
from hub.model.base import EdgeRecord, NodeRecord
from hub.model.relationships import Agreement, Plain, Role

ENTITY = "Entity"
"""The label every node carries: ids are unique across the whole graph."""
ORGANISATION = "Organisation"
"""The label every organisation kind carries."""
FUNDING_FLOW = "FundingFlow"
"""The kind money is recorded as: funding traces and aggregates are about it."""
SEARCHABLE = ("name", "description")
"""The properties full-text search matches (graph_schema/V003); never private, so no hit rests on hidden
text."""


@dataclass(frozen=True)
class NodeKind:
    """A node label, its record model and whether it is an organisation."""

    label: str
    model: type[NodeRecord]
    organisation: bool = False
    references: dict[str, str] = field(default_factory=dict)
    """Record fields that name another node by id and become an outgoing relationship of that type."""
    private: frozenset[str] = frozenset()
    """Properties (camelCase) only readers of everything and the owning organisation may see; others read
    null, so a private property must be optional."""
    private_when: tuple[str, frozenset[str]] | None = None
    """(property, values): a node whose property has one of the values is private as a whole."""
    owners: tuple[str, ...] = ()
    """Outgoing relationship types reaching the organisations that own the node's private data;
    an organisation owns itself."""

    @property
    def labels(self) -> tuple[str, ...]:
        """Every label a node of this kind carries: its own, `Entity`, and `Organisation` where it is one."""
        return (self.label, ENTITY, *((ORGANISATION,) if self.organisation else ()))

    @property
    def properties(self) -> tuple[str, ...]:
        """The graph property names (camelCase) stored on the node."""
        return tuple(
            info.alias or name
            for name, info in self.model.model_fields.items()
            if name not in self.references
        )


@dataclass(frozen=True)
class RelationshipKind:
    """A relationship type, the labels it may join, and the GraphQL fields that traverse it."""

    type: str
    sources: frozenset[str]
    targets: frozenset[str]
    outgoing: str
    incoming: str
    properties: builtins.type[EdgeRecord] = Plain
    single: bool = False
    """At most one outgoing relationship of this type per source node."""


def _kinds(*kinds: NodeKind) -> dict[str, NodeKind]:
    return {kind.label: kind for kind in kinds}


NODE_KINDS: dict[str, NodeKind] = _kinds(
    NodeKind("Document", nodes.Document),
    NodeKind("Province", nodes.Province, organisation=True),
    NodeKind("Region", nodes.Region),
    NodeKind("Municipality", nodes.Municipality, organisation=True),
    NodeKind("Country", nodes.Country),
    NodeKind("Pact", nodes.Pact, organisation=True),
    NodeKind("ExpertiseCentre", nodes.ExpertiseCentre, organisation=True),
    NodeKind("Network", nodes.Network, organisation=True),
    NodeKind("EmployerOrganisation", nodes.EmployerOrganisation, organisation=True),
    NodeKind("School", nodes.School, organisation=True),
    NodeKind("Company", nodes.Company, organisation=True),
    NodeKind("Person", nodes.Person, private=frozenset({"email"}), owners=("WORKS_FOR",)),
    NodeKind("Project", nodes.Project),
    NodeKind("Campaign", nodes.Campaign),
    NodeKind("Programme", nodes.Programme),
    NodeKind("Fund", nodes.Fund),
    NodeKind("Dashboard", nodes.Dashboard),
    NodeKind("Event", nodes.Event),
    NodeKind("Indicator", nodes.Indicator),
    NodeKind("Target", nodes.Target, references={"indicator": "MEASURED_BY"}),
    NodeKind("Observation", nodes.Observation, references={"indicator": "OBSERVES", "area": "IN_AREA"}),
    NodeKind(
        "FundingFlow",
        nodes.FundingFlow,
        references={"funder": "FROM", "recipient": "TO", "project": "FOR"},
        private_when=("status", frozenset({"requested"})),
        owners=("FROM", "TO"),
    ),
)

ORGANISATIONS = frozenset(label for label, kind in NODE_KINDS.items() if kind.organisation)
ACTORS = ORGANISATIONS | {"Person"}
AREAS = frozenset({"Region", "Municipality", "Province", "Country"})
MONEY_HOLDERS = ORGANISATIONS | {"Fund", "Programme"}
ACTIVITIES = frozenset({"Project", "Campaign"})


def _rel(
    type_: str,
    sources: frozenset[str] | set[str],
    targets: frozenset[str] | set[str],
    outgoing: str,
    incoming: str,
    properties: type[EdgeRecord] = Plain,
    *,
    single: bool = False,
) -> RelationshipKind:
    return RelationshipKind(
        type_, frozenset(sources), frozenset(targets), outgoing, incoming, properties, single
    )


RELATIONSHIP_KINDS: dict[str, RelationshipKind] = {
    rel.type: rel
    for rel in (
        _rel("LOCATED_IN", ORGANISATIONS | {"Event", "Project"}, AREAS, "locatedIn", "locatedHere"),
        _rel("PART_OF", {"Region", "Municipality", "Programme"}, AREAS | {"Programme"}, "partOf", "parts"),
        _rel("MEMBER_OF", ACTORS, {"Pact", "Network"}, "memberOf", "members", Role),
        _rel("LEADS", ACTORS, ACTIVITIES | {"Pact"}, "leads", "leaders", Role),
        _rel("PARTICIPATES_IN", ACTORS, ACTIVITIES, "participatesIn", "participants", Role),
        _rel("AGREEMENT_WITH", ORGANISATIONS, ORGANISATIONS, "agreementsWith", "agreementsFrom", Agreement),
        _rel("FROM", {"FundingFlow"}, MONEY_HOLDERS, "funder", "fundingGiven", single=True),
        _rel("TO", {"FundingFlow"}, MONEY_HOLDERS, "recipient", "fundingReceived", single=True),
        _rel("FOR", {"FundingFlow"}, ACTIVITIES, "project", "funding", single=True),
        _rel("HAS_TARGET", ORGANISATIONS | {"Programme"}, {"Target"}, "targets", "setBy"),
        _rel("MEASURED_BY", {"Target"}, {"Indicator"}, "indicator", "targets", single=True),
        _rel("OBSERVES", {"Observation"}, {"Indicator"}, "indicator", "observations", single=True),
        _rel("IN_AREA", {"Observation", "Target"}, AREAS, "area", "observedHere", single=True),
        _rel("MEASURES", {"Dashboard"}, {"Indicator"}, "measures", "dashboards"),
        _rel("OPERATES", ORGANISATIONS, {"Dashboard"}, "operates", "operators"),
        _rel("ORGANISED", ACTORS, {"Event"}, "organised", "organisers"),
        _rel("ATTENDED", ACTORS, {"Event"}, "attended", "attendees", Role),
        _rel(
            "RESPONSIBLE_FOR", {"Person"}, ACTIVITIES | {"Programme"}, "responsibleFor", "responsible", Role
        ),
        _rel("WORKS_FOR", {"Person"}, ORGANISATIONS, "worksFor", "people", Role),
        _rel("AIMS_AT", ACTIVITIES, AREAS, "aimsAt", "aimedAtBy"),
        _rel("BASED_ON", ACTIVITIES | {"Programme", "Dashboard"}, {"Programme"}, "basedOn", "basisFor"),
        _rel("CONTRIBUTES_TO", ACTIVITIES | {"Programme"}, {"Target"}, "contributesTo", "contributors"),
    )
}


def node_kind(label: str) -> NodeKind:
    """The kind of a label; KeyError for an unknown one."""
    return NODE_KINDS[label]


def fields_of(label: str) -> dict[str, tuple[RelationshipKind, bool]]:
    """The relationship fields of a kind: name -> (relationship kind, outgoing?)."""
    found: dict[str, tuple[RelationshipKind, bool]] = {}
    for rel in RELATIONSHIP_KINDS.values():
        for name, outgoing, ends in ((rel.outgoing, True, rel.sources), (rel.incoming, False, rel.targets)):
            if label in ends:
                if name in found or name in NODE_KINDS[label].properties:
                    raise ValueError(f"{label}.{name} is declared twice")
                found[name] = (rel, outgoing)
    return found


def _check() -> None:
    """Fail at import when the declaration contradicts itself."""
    for rel in RELATIONSHIP_KINDS.values():
        unknown = (rel.sources | rel.targets) - NODE_KINDS.keys()
        if unknown:
            raise ValueError(f"{rel.type} names unknown kinds {sorted(unknown)}")
    for kind in NODE_KINDS.values():
        for name, type_ in kind.references.items():
            rel = RELATIONSHIP_KINDS[type_]
            if not rel.single or kind.label not in rel.sources or rel.outgoing != name:
                raise ValueError(f"{kind.label}.{name} must be the single outgoing field of {type_}")
        fields_of(kind.label)
        hidden = kind.private | ({kind.private_when[0]} if kind.private_when else set())
        if hidden - set(kind.properties):
            raise ValueError(f"{kind.label} declares unknown private properties {sorted(hidden)}")
        fields = {info.alias or name: info for name, info in kind.model.model_fields.items()}
        if any(fields[name].is_required() or fields[name].default is not None for name in kind.private):
            raise ValueError(f"{kind.label}: a private property must be optional, with no default")
        if kind.private & set(SEARCHABLE):
            raise ValueError(f"{kind.label}: {', '.join(SEARCHABLE)} are searched, so they cannot be private")
        if any(kind.label not in RELATIONSHIP_KINDS[type_].sources for type_ in kind.owners):
            raise ValueError(f"{kind.label}.owners names relationships it cannot start")
    if FUNDING_FLOW not in NODE_KINDS:
        raise ValueError(f"the model must declare {FUNDING_FLOW}")


_check()
