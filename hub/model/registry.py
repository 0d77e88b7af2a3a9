"""The declaration of the graph: which node kinds exist and which relationships may join them."""

from __future__ import annotations

from collections.abc import Iterable

from hub.model import nodes
from hub.model.base import EdgeRecord
from hub.model.kinds import NodeKind, RelationshipKind
from hub.model.relationships import Agreement, Plain, Role

FUNDING_FLOW = "FundingFlow"
"""The kind money is recorded as: funding traces and aggregates are about it."""
SEARCHABLE = ("name", "description")
"""The properties full-text search matches (graph_schema/V003, V007); never private, so no hit rests on hidden
text."""


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
    NodeKind("OtherOrganisation", nodes.OtherOrganisation, organisation=True),
    NodeKind("Person", nodes.Person, private=frozenset({"email"}), owners=("WORKS_FOR",)),
    NodeKind("Project", nodes.Project),
    NodeKind("Campaign", nodes.Campaign),
    NodeKind("Programme", nodes.Programme),
    NodeKind("Fund", nodes.Fund),
    NodeKind("Dashboard", nodes.Dashboard),
    NodeKind("Decision", nodes.Decision),
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
    fields: tuple[str, str],
    phrases: tuple[str, str],
    properties: type[EdgeRecord] = Plain,
    *,
    single: bool = False,
) -> RelationshipKind:
    """`fields`: the GraphQL fields along and against it; `phrases`: how it reads along and against it."""
    outgoing, incoming = fields
    return RelationshipKind(
        type_, frozenset(sources), frozenset(targets), outgoing, incoming, phrases, properties, single
    )


def _relationships(*kinds: RelationshipKind) -> dict[str, RelationshipKind]:
    return {kind.type: kind for kind in kinds}


RELATIONSHIP_KINDS: dict[str, RelationshipKind] = _relationships(
    _rel(
        "LOCATED_IN",
        ORGANISATIONS | {"Event", "Project"},
        AREAS,
        ("locatedIn", "locatedHere"),
        ("is located in", "is the location of"),
    ),
    _rel(
        "PART_OF",
        {"Region", "Municipality", "Programme"},
        AREAS | {"Programme"},
        ("partOf", "parts"),
        ("is part of", "includes"),
    ),
    _rel(
        "MEMBER_OF",
        ACTORS,
        {"Pact", "Network"},
        ("memberOf", "members"),
        ("is a member of", "has as a member"),
        Role,
    ),
    _rel("LEADS", ACTORS, ACTIVITIES | {"Pact"}, ("leads", "leaders"), ("leads", "is led by"), Role),
    _rel(
        "PARTICIPATES_IN",
        ACTORS,
        ACTIVITIES,
        ("participatesIn", "participants"),
        ("participates in", "has as a participant"),
        Role,
    ),
    _rel(
        "AGREEMENT_WITH",
        ORGANISATIONS,
        ORGANISATIONS,
        ("agreementsWith", "agreementsFrom"),
        ("has an agreement with", "has an agreement with"),
        Agreement,
    ),
    _rel(
        "FROM", {FUNDING_FLOW}, MONEY_HOLDERS, ("funder", "fundingGiven"), ("is paid by", "pays"), single=True
    ),
    _rel(
        "TO",
        {FUNDING_FLOW},
        MONEY_HOLDERS,
        ("recipient", "fundingReceived"),
        ("is paid to", "receives"),
        single=True,
    ),
    _rel("FOR", {FUNDING_FLOW}, ACTIVITIES, ("project", "funding"), ("is for", "is funded by"), single=True),
    _rel(
        "HAS_TARGET",
        ORGANISATIONS | {"Programme"},
        {"Target"},
        ("targets", "setBy"),
        ("has the target", "is a target of"),
    ),
    _rel(
        "MEASURED_BY",
        {"Target"},
        {"Indicator"},
        ("indicator", "targets"),
        ("is measured by", "measures"),
        single=True,
    ),
    _rel(
        "OBSERVES",
        {"Observation"},
        {"Indicator"},
        ("indicator", "observations"),
        ("observes", "is observed by"),
        single=True,
    ),
    _rel(
        "IN_AREA",
        {"Observation", "Target"},
        AREAS,
        ("area", "observedHere"),
        ("concerns", "is the area of"),
        single=True,
    ),
    _rel(
        "MEASURES", {"Dashboard"}, {"Indicator"}, ("measures", "dashboards"), ("measures", "is measured on")
    ),
    _rel("OPERATES", ORGANISATIONS, {"Dashboard"}, ("operates", "operators"), ("operates", "is operated by")),
    _rel("ORGANISED", ACTORS, {"Event"}, ("organised", "organisers"), ("organised", "was organised by")),
    _rel("ATTENDED", ACTORS, {"Event"}, ("attended", "attendees"), ("attended", "was attended by"), Role),
    _rel(
        "RESPONSIBLE_FOR",
        {"Person"},
        ACTIVITIES | {"Programme"},
        ("responsibleFor", "responsible"),
        ("is responsible for", "is the responsibility of"),
        Role,
    ),
    _rel("WORKS_FOR", {"Person"}, ORGANISATIONS, ("worksFor", "people"), ("works for", "employs"), Role),
    _rel("AIMS_AT", ACTIVITIES, AREAS, ("aimsAt", "aimedAtBy"), ("aims at", "is aimed at by")),
    _rel(
        "BASED_ON",
        ACTIVITIES | {"Programme", "Dashboard", "Decision"},
        {"Programme", "Fund"},
        ("basedOn", "basisFor"),
        ("is based on", "is the basis for"),
    ),
    _rel(
        "CONTRIBUTES_TO",
        ACTIVITIES | {"Programme", "Pact"},
        {"Target"},
        ("contributesTo", "contributors"),
        ("contributes to", "is contributed to by"),
    ),
    _rel(
        "TREND_FOR",
        {"Indicator"},
        {"Target"},
        ("trendFor", "trendIndicators"),
        ("is the trend followed for", "is followed through"),
    ),
    _rel(
        "CONTACT_FOR",
        ACTORS,
        AREAS,
        ("contactFor", "contacts"),
        ("is the contact for", "has as its contact"),
        Role,
    ),
    _rel(
        "RELATED_RESERVE",
        {"Programme"},
        {"Fund"},
        ("reserves", "programmes"),
        ("has a relation with", "has a relation with"),
    ),
    _rel("DECIDED", ORGANISATIONS, {"Decision"}, ("decided", "decidedBy"), ("decided", "was decided by")),
    _rel(
        "DECIDES_ON",
        {"Decision"},
        {FUNDING_FLOW, "Programme"},
        ("decidesOn", "decisions"),
        ("decides on", "is decided on by"),
    ),
)


_sealed = False


def extend(kinds: Iterable[NodeKind] = (), relationships: Iterable[RelationshipKind] = ()) -> None:
    """Declare more kinds and relationship types beside the stakeholder model (a deployment's own, or a
    test's), checked like the rest. Only before anything derives from the model: the GraphQL package seals
    it when it is first imported."""
    if _sealed:
        raise RuntimeError("the model is in use and can no longer be extended: extend it before hub.graphql")
    NODE_KINDS.update(_kinds(*kinds))
    RELATIONSHIP_KINDS.update(_relationships(*relationships))
    _check()


def seal() -> None:
    """No more extensions: what derives from the model is being built."""
    global _sealed
    _sealed = True


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
