"""The node kinds of the stakeholder graph. Each class name is its Neo4j label and GraphQL type."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Self

from pydantic import Field, HttpUrl, model_validator

from hub.model.base import NodeRecord
from hub.model.values import (
    FundingStatus,
    ProgrammeType,
    ProjectStatus,
    ProjectType,
    RegionType,
    SchoolLevel,
    SizeClass,
    Slug,
    Text,
)

Year = Annotated[int, Field(ge=1900, le=2100)]
QualificationLevel = Annotated[int, Field(ge=1, le=8)]
"""A level of the Dutch qualifications framework (NLQF *niveau* 1-8)."""


class Document(NodeRecord):
    """A source document that records cite as their provenance."""

    file: Text | None = None
    year: Year | None = None
    url: HttpUrl | None = None


class Province(NodeRecord):
    role: Text | None = None


class Region(NodeRecord):
    region_type: RegionType = RegionType.REGION


class Municipality(NodeRecord):
    pass


class Country(NodeRecord):
    code: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]


class Pact(NodeRecord):
    scope: Text | None = None
    url: HttpUrl | None = None


class ExpertiseCentre(NodeRecord):
    pass


class Network(NodeRecord):
    pass


class EmployerOrganisation(NodeRecord):
    pass


class School(NodeRecord):
    level: SchoolLevel


class Company(NodeRecord):
    sector: Text | None = None
    size_class: SizeClass | None = None


class OtherOrganisation(NodeRecord):
    """An organisation the source names without saying what kind of organisation it is."""


class Person(NodeRecord):
    role: Text | None = None
    email: Text | None = None


class Project(NodeRecord):
    project_type: ProjectType
    status: ProjectStatus
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    max_qualification_level: QualificationLevel | None = None
    """The highest qualification level (niveau) of the people it is for, inclusive."""

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError("endDate is before startDate")
        return self


class Campaign(NodeRecord):
    status: ProjectStatus


class Programme(NodeRecord):
    """A budget line, budget, coalition agreement, action plan or motion."""

    programme_type: ProgrammeType
    code: Text | None = None
    year: Year | None = None


class Fund(NodeRecord):
    """A reserve or fund money is drawn from."""


class Dashboard(NodeRecord):
    launched: dt.date | None = None
    url: HttpUrl | None = None


class Decision(NodeRecord):
    """A decision of a governing body, e.g. to draw on a reserve."""

    body: Text | None = None
    """Who decided, as the source names it (e.g. GS)."""
    year: Year | None = None


class Event(NodeRecord):
    date: dt.date | None = None


class Indicator(NodeRecord):
    """A measure that is observed over time, e.g. the share of technical inflow."""

    unit: Text


class Target(NodeRecord):
    value: float
    unit: Text
    year: Year | None = None
    """The year it is to be reached; absent where the source names none."""
    indicator: Slug | None = None


class Observation(NodeRecord):
    """One value of an indicator for a period and area; `value` is absent where the source only qualifies."""

    indicator: Slug
    area: Slug | None = None
    period_start: Year
    period_end: Year
    value: float | None = None
    unit: Text | None = None
    level: SchoolLevel | None = None
    qualifier: Text | None = None

    @model_validator(mode="after")
    def _period_in_order(self) -> Self:
        if self.period_end < self.period_start:
            raise ValueError("periodEnd is before periodStart")
        if self.value is None and self.qualifier is None:
            raise ValueError("give a value or a qualifier")
        return self


class FundingFlow(NodeRecord):
    """Money from a funder to a recipient, optionally for a project (after the 360Giving standard)."""

    funder: Slug
    recipient: Slug
    project: Slug | None = None
    amount: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "EUR"
    year: Year | None = None
    date: dt.date | None = None
    status: FundingStatus
    instrument: Text | None = None
    purpose: Text | None = None
    expected_from: dt.date | None = None
    """With `expectedUntil`: when its next step is expected (the request of a planned flow, the decision
    on a requested one), both inclusive."""
    expected_until: dt.date | None = None

    @model_validator(mode="after")
    def _not_to_itself(self) -> Self:
        if self.funder == self.recipient:
            raise ValueError("funder and recipient are the same")
        if self.expected_from and self.expected_until and self.expected_until < self.expected_from:
            raise ValueError("expectedUntil is before expectedFrom")
        return self
