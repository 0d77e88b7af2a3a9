"""A deterministic, fictional network of organisations around the real one, for load and query tests.

Every record is marked `synthetic: true` and has no `source`; names say "Voorbeeld" (example) so nobody
mistakes them for real organisations. The same anchors, size and seed always give the same records.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable, Iterable, Iterator
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


def person_id(index: int) -> str:
    return f"synthetic-person-{index:07d}"


def flow_id(index: int) -> str:
    return f"synthetic-funding-{index:07d}"


CHUNK = 10_000
"""Records of a section drawn from one random stream: a chunk's records depend on the seed, its section and
its first index alone, so that chunks can be generated apart (by the offline writers) into the same layer."""


@dataclass(frozen=True)
class Chunk:
    """The records of a section (projects, companies, leads, persons or funding) from index `start` to
    `stop`: each node with its relationships, but the leads, which follow all companies."""

    section: str
    start: int
    stop: int


_Records = Callable[[random.Random, range], Iterator[Item]]
"""A section's records of a range of indexes, drawn from a random stream."""


class Layer:
    """The synthetic layer of a plan around the anchors: its chunks, in the order records are generated
    (each node before the relationships that need it), and their records."""

    def __init__(self, anchors: Anchors, plan: Plan, seed: int) -> None:
        self.anchors, self.plan, self.seed = anchors, plan, seed
        sections: dict[str, tuple[int, _Records, Callable[[int], str] | None]] = {
            "projects": (plan.projects, self._projects, project_id),
            "companies": (plan.organisations, self._companies, company_id),
            "leads": (plan.projects, self._leads, None),
            "persons": (plan.persons, self._persons, person_id),
            "funding": (plan.projects + plan.grants, self._funding, flow_id),
        }
        self.chunks = tuple(
            Chunk(section, start, min(start + CHUNK, size))
            for section, (size, _, _) in sections.items()
            for start in range(0, size, CHUNK)
        )
        self._records = {section: records for section, (_, records, _) in sections.items()}
        self._ids = {section: ids for section, (_, _, ids) in sections.items() if ids is not None}
        self._months = _months(2014, 2028)
        self._early = self._months[:-48]
        # Start months from 2016 on that leave room for a project of four years.
        self._recent = range(12 * (2016 - 2014), len(self._months) - 48)
        self._joinable = anchors.projects + tuple(project_id(j) for j in range(plan.projects))
        self._popularity = list(
            accumulate(1 / rank**ZIPF_EXPONENT for rank in range(1, len(self._joinable) + 1))
        )

    def node_ids(self, chunks: Iterable[Chunk]) -> Iterator[str]:
        """The ids of the nodes of these chunks, in their order."""
        for chunk in chunks:
            ids = self._ids.get(chunk.section)
            if ids is not None:
                yield from map(ids, range(chunk.start, chunk.stop))

    def items(self, chunks: Iterable[Chunk]) -> Iterator[Item]:
        """The records of these chunks, in their order."""
        for chunk in chunks:
            rng = random.Random(f"{self.seed}/{chunk.section}/{chunk.start}")
            yield from self._records[chunk.section](rng, range(chunk.start, chunk.stop))

    def _leads_of(self, projects: range) -> list[int]:
        """The companies that lead these synthetic projects (their indexes), one random stream per chunk."""
        rng = random.Random(f"{self.seed}/lead/{projects.start}")
        return [rng.randrange(self.plan.organisations) for _ in projects]

    def _projects(self, rng: random.Random, projects: range) -> Iterator[Item]:
        kind = NODE_KINDS["Project"]
        row = _Shape.of(kind.model, "id", "name", "project_type", "status", "start_date", "end_date")
        located, located_in = _edge("LOCATED_IN")
        types, statuses, months = _urn(PROJECT_TYPES), _urn(PROJECT_STATUSES), self._months
        for j in projects:
            start = rng.choice(self._recent)
            end = start + 12 * rng.randint(1, 4)
            name = f"Voorbeeldproject {j:06d}"
            yield (
                kind,
                row(project_id(j), name, rng.choice(types), rng.choice(statuses), months[start], months[end]),
            )
            yield located, located_in(project_id(j), rng.choice(self.anchors.regions))

    def _companies(self, rng: random.Random, companies: range) -> Iterator[Item]:
        kind = NODE_KINDS["Company"]
        row = _Shape.of(kind.model, "id", "name", "sector", "size_class")
        located, located_in = _edge("LOCATED_IN")
        member, member_of = _edge("MEMBER_OF", "role", "since")
        participant, participates_in = _edge("PARTICIPATES_IN", "role", "since")
        sizes, groups, regions = _urn(SIZES), self.anchors.groups, self.anchors.regions
        for i in companies:
            company = company_id(i)
            sector = rng.choice(SECTORS)
            yield kind, row(company, f"Voorbeeld {sector.capitalize()} BV {i:06d}", sector, rng.choice(sizes))
            yield located, located_in(company, rng.choice(regions))
            for group in rng.sample(groups, min(len(groups), rng.choice((0, 0, 1, 1, 2)))):
                yield member, member_of(company, group, "lid", rng.choice(self._early))
            count = 0 if rng.random() < 0.3 else min(8, int(rng.paretovariate(1.5)))
            for joined in dict.fromkeys(rng.choices(self._joinable, cum_weights=self._popularity, k=count)):
                yield (
                    participant,
                    participates_in(company, joined, "partner", self._months[rng.choice(self._recent)]),
                )

    def _leads(self, rng: random.Random, projects: range) -> Iterator[Item]:
        kind, leads = _edge("LEADS", "role")
        for j, lead in zip(projects, self._leads_of(projects), strict=True):
            yield kind, leads(company_id(lead), project_id(j), "lead applicant")

    def _persons(self, rng: random.Random, persons: range) -> Iterator[Item]:
        kind = NODE_KINDS["Person"]
        row = _Shape.of(kind.model, "id", "name", "role")
        worker, works_for = _edge("WORKS_FOR", "role")
        responsible, responsible_for = _edge("RESPONSIBLE_FOR", "role")
        for i in persons:
            person = person_id(i)
            role = rng.choice(PERSON_ROLES)
            yield kind, row(person, f"Voorbeeldpersoon {i:06d}", role)
            yield worker, works_for(person, company_id(rng.randrange(self.plan.organisations)), role)
            if i < self.plan.projects:
                yield responsible, responsible_for(person, project_id(i), "contactpersoon")

    def _funding(self, rng: random.Random, flows: range) -> Iterator[Item]:
        kind = NODE_KINDS["FundingFlow"]
        row = _Shape.of(kind.model, "id", "name", "amount", "currency", "year", "status", "instrument")
        payer, paid_from = _edge("FROM")
        payee, paid_to = _edge("TO")
        purpose, paid_for = _edge("FOR")
        statuses, projects = _urn(FUNDING_STATUSES), self.plan.projects
        leads = self._leads_of(range(flows.start, min(flows.stop, projects)))
        for j in flows:
            grant = j >= projects
            amount = rng.lognormvariate(math.log(7_500 if grant else 75_000), 0.6 if grant else 0.9)
            flow = flow_id(j)
            recipient = company_id(
                rng.randrange(self.plan.organisations) if grant else leads[j - flows.start]
            )
            yield (
                kind,
                row(
                    flow,
                    f"Voorbeeldsubsidie {j:06d}",
                    float(max(1_000, round(amount, -2 if grant else -3))),
                    "EUR",
                    rng.randint(2017, 2024),
                    rng.choice(statuses),
                    "subsidie",
                ),
            )
            yield payer, paid_from(flow, rng.choice(self.anchors.funders))
            yield payee, paid_to(flow, recipient)
            yield purpose, paid_for(flow, rng.choice(self.anchors.schemes) if grant else project_id(j))


def _edge(type_: str, *names: str) -> tuple[RelationshipKind, _Shape]:
    """A relationship kind and the shape of its records with these properties."""
    kind = RELATIONSHIP_KINDS[type_]
    return kind, _Shape.of(kind.properties, *names, ends=True)


def generate(anchors: Anchors, plan: Plan, seed: int) -> Iterator[Item]:
    """The synthetic records, each node before the relationships that need it."""
    layer = Layer(anchors, plan, seed)
    return layer.items(layer.chunks)
