"""A deterministic, fictional network of organisations around the real one, for load and query tests.

Every record is marked `synthetic: true` and has no `source`; names say "Voorbeeld" (example) so nobody
mistakes them for real organisations. The same anchors, size and seed always give the same records.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from typing import Any

from pydantic import BaseModel

from hub.model import NODE_KINDS, RELATIONSHIP_KINDS, NodeKind, RelationshipKind
from hub.model.values import FundingStatus, ProjectStatus, ProjectType, RegionType, SizeClass
from hub.seeding.network import Network
from hub.seeding.values import Property, to_neo4j

Item = tuple[NodeKind | RelationshipKind, dict[str, Any]]
"""A node row (its property map) or a relationship row (`{start, end, **properties}`), and its kind."""

SECTORS = (
    "maakindustrie",
    "hightech systemen",
    "ICT",
    "bouw",
    "installatietechniek",
    "energie",
    "logistiek",
    "agrofood",
    "chemie",
    "zorgtechnologie",
)
SIZES: dict[str, int] = {SizeClass.MICRO: 50, SizeClass.SMALL: 30, SizeClass.MEDIUM: 15, SizeClass.LARGE: 5}
PERSON_ROLES = ("HR-adviseur", "opleidingscoördinator", "projectleider", "directeur", "docent")
PROJECT_TYPES: dict[str, int] = {
    ProjectType.TALENT: 45,
    ProjectType.PUBLIC_PRIVATE_PARTNERSHIP: 40,
    ProjectType.FIELDLAB: 10,
    ProjectType.PLATFORM: 5,
}
PROJECT_STATUSES: dict[str, int] = {
    ProjectStatus.PLANNED: 10,
    ProjectStatus.APPLIED: 15,
    ProjectStatus.IN_PROGRESS: 45,
    ProjectStatus.COMPLETED: 25,
    ProjectStatus.REJECTED: 5,
}
FUNDING_STATUSES: dict[str, int] = {
    FundingStatus.PLANNED: 5,
    FundingStatus.REQUESTED: 15,
    FundingStatus.AWARDED: 45,
    FundingStatus.PAID: 35,
}
ZIPF_EXPONENT = 1.0
"""Participation in the project of rank r is proportional to 1 / r**ZIPF_EXPONENT; real ones rank first."""


@dataclass(frozen=True)
class Plan:
    """How many records of each kind a synthetic layer of `organisations` companies has."""

    organisations: int

    @property
    def projects(self) -> int:
        return self.organisations // 10

    @property
    def persons(self) -> int:
        return self.organisations // 4

    @property
    def grants(self) -> int:
        """Funding flows to companies through a real scheme, besides one flow per synthetic project."""
        return self.organisations // 10

    @property
    def nodes(self) -> int:
        return self.organisations + self.projects + self.persons + self.projects + self.grants

    @classmethod
    def for_nodes(cls, nodes: int) -> Plan:
        """The smallest plan with at least `nodes` nodes."""
        plan = cls(max(1, math.floor(nodes / 1.55) - 10))
        while plan.nodes < nodes:
            plan = cls(plan.organisations + 1)
        return plan


@dataclass(frozen=True)
class Anchors:
    """The real nodes the synthetic layer attaches to, chosen from the source network by kind."""

    regions: tuple[str, ...]
    groups: tuple[str, ...]
    """Pacts and networks companies can be members of."""
    projects: tuple[str, ...]
    """Real talent and public-private projects: the first hubs of participation."""
    schemes: tuple[str, ...]
    funders: tuple[str, ...]
    """Whoever funds something in the source network."""

    @classmethod
    def of(cls, network: Network) -> Anchors:
        def ids(label: str, **values: object) -> tuple[str, ...]:
            return tuple(
                node.record.id
                for node in network.of_kind(label)
                if all(getattr(node.record, key) == value for key, value in values.items())
            )

        hubs = (ProjectType.TALENT, ProjectType.PUBLIC_PRIVATE_PARTNERSHIP)
        funders = dict.fromkeys(edge.end for edge in network.edges if edge.kind is RELATIONSHIP_KINDS["FROM"])
        anchors = cls(
            regions=ids("Region", region_type=RegionType.REGION),
            groups=tuple(
                node.record.id
                for node in network.nodes
                if node.kind.label in RELATIONSHIP_KINDS["MEMBER_OF"].targets
            ),
            projects=tuple(p for hub in hubs for p in ids("Project", project_type=hub)),
            schemes=ids("Project", project_type=ProjectType.SCHEME),
            funders=tuple(funders),
        )
        empty = [name for name, value in vars(anchors).items() if not value]
        if empty:
            raise ValueError(
                f"the source network has nothing to attach synthetic records to: no {', '.join(empty)}"
            )
        return anchors


@cache
def _aliases(model: type[BaseModel]) -> dict[str, str]:
    return {name: info.alias or name for name, info in model.model_fields.items()}


@dataclass(frozen=True)
class _Shape:
    """The keys of a kind's synthetic records under the model's camelCase names, found once: `shape(*values)`
    is a record, its values in the order of the names given, marked synthetic; Neo4j-ready values."""

    keys: tuple[str, ...]

    @classmethod
    def of(cls, model: type[BaseModel], *names: str, ends: bool = False) -> _Shape:
        """The shape of records with these properties (and `start` and `end` first, with `ends`)."""
        aliases = _aliases(model)
        lead = ("start", "end") if ends else ()
        return cls((*lead, *(aliases[name] for name in names), aliases["synthetic"]))

    def __call__(self, *values: Property) -> dict[str, Property]:
        return dict(zip(self.keys, (*values, True), strict=True))


def _urn(weights: dict[str, int]) -> tuple[str, ...]:
    """Each value repeated by its weight, so that a uniform choice follows the weights."""
    return tuple(str(value) for value, weight in weights.items() for _ in range(weight))


def _months(first: int, last: int) -> tuple[Property, ...]:
    """The first days of the months of some years, as Neo4j dates."""
    return tuple(
        to_neo4j(dt.date(year, month, 1)) for year in range(first, last + 1) for month in range(1, 13)
    )


def company_id(index: int) -> str:
    return f"synthetic-company-{index:07d}"


def project_id(index: int) -> str:
    return f"synthetic-project-{index:07d}"


def generate(anchors: Anchors, plan: Plan, seed: int) -> Iterator[Item]:
    """The synthetic records, each node before the relationships that need it."""
    rng = random.Random(seed)
    kinds, rels = NODE_KINDS, RELATIONSHIP_KINDS
    months = _months(2014, 2028)
    early = months[:-48]
    # Start months from 2016 on that leave room for a project of four years.
    recent = range(12 * (2016 - 2014), len(months) - 48)
    project_types, project_statuses = _urn(PROJECT_TYPES), _urn(PROJECT_STATUSES)
    sizes, funding_statuses = _urn(SIZES), _urn(FUNDING_STATUSES)
    leads: list[int] = []

    def edge(type_: str, *names: str) -> tuple[RelationshipKind, _Shape]:
        return rels[type_], _Shape.of(rels[type_].properties, *names, ends=True)

    located, located_in = edge("LOCATED_IN")
    member, member_of = edge("MEMBER_OF", "role", "since")
    participant, participates_in = edge("PARTICIPATES_IN", "role", "since")
    lead_kind, leads_to = edge("LEADS", "role")
    worker, works_for = edge("WORKS_FOR", "role")
    responsible, responsible_for = edge("RESPONSIBLE_FOR", "role")
    payer, paid_from = edge("FROM")
    payee, paid_to = edge("TO")
    purpose, paid_for = edge("FOR")

    project = kinds["Project"]
    project_row = _Shape.of(project.model, "id", "name", "project_type", "status", "start_date", "end_date")
    for j in range(plan.projects):
        start = rng.choice(recent)
        yield (
            project,
            project_row(
                project_id(j),
                f"Voorbeeldproject {j:06d}",
                rng.choice(project_types),
                rng.choice(project_statuses),
                months[start],
                months[start + 12 * rng.randint(1, 4)],
            ),
        )
        yield located, located_in(project_id(j), rng.choice(anchors.regions))
        leads.append(rng.randrange(plan.organisations))

    projects = anchors.projects + tuple(project_id(j) for j in range(plan.projects))
    popularity = list(accumulate(1 / rank**ZIPF_EXPONENT for rank in range(1, len(projects) + 1)))
    company_kind = kinds["Company"]
    company_row = _Shape.of(company_kind.model, "id", "name", "sector", "size_class")
    for i in range(plan.organisations):
        company = company_id(i)
        sector = rng.choice(SECTORS)
        name = f"Voorbeeld {sector.capitalize()} BV {i:06d}"
        yield company_kind, company_row(company, name, sector, rng.choice(sizes))
        yield located, located_in(company, rng.choice(anchors.regions))
        for group in rng.sample(anchors.groups, min(len(anchors.groups), rng.choice((0, 0, 1, 1, 2)))):
            yield member, member_of(company, group, "lid", rng.choice(early))
        count = 0 if rng.random() < 0.3 else min(8, int(rng.paretovariate(1.5)))
        for joined in dict.fromkeys(rng.choices(projects, cum_weights=popularity, k=count)):
            yield participant, participates_in(company, joined, "partner", months[rng.choice(recent)])

    for j, lead in enumerate(leads):
        yield lead_kind, leads_to(company_id(lead), project_id(j), "lead applicant")

    person_kind = kinds["Person"]
    person_row = _Shape.of(person_kind.model, "id", "name", "role")
    for i in range(plan.persons):
        person = f"synthetic-person-{i:07d}"
        role = rng.choice(PERSON_ROLES)
        yield person_kind, person_row(person, f"Voorbeeldpersoon {i:06d}", role)
        yield worker, works_for(person, company_id(rng.randrange(plan.organisations)), role)
        if i < plan.projects:
            yield responsible, responsible_for(person, project_id(i), "contactpersoon")

    flow = kinds["FundingFlow"]
    flow_row = _Shape.of(flow.model, "id", "name", "amount", "currency", "year", "status", "instrument")
    for j in range(plan.projects + plan.grants):
        grant = j >= plan.projects
        amount = rng.lognormvariate(math.log(7_500 if grant else 75_000), 0.6 if grant else 0.9)
        flow_id = f"synthetic-funding-{j:07d}"
        recipient = company_id(rng.randrange(plan.organisations) if grant else leads[j])
        yield (
            flow,
            flow_row(
                flow_id,
                f"Voorbeeldsubsidie {j:06d}",
                float(max(1_000, round(amount, -2 if grant else -3))),
                "EUR",
                rng.randint(2017, 2024),
                rng.choice(funding_statuses),
                "subsidie",
            ),
        )
        yield payer, paid_from(flow_id, rng.choice(anchors.funders))
        yield payee, paid_to(flow_id, recipient)
        yield purpose, paid_for(flow_id, rng.choice(anchors.schemes) if grant else project_id(j))
