"""Value types shared by the model: slugs and the enumerations of the domain."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import StringConstraints

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=120)]
"""A stable, human-readable identifier: lower-case words joined by hyphens."""

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
Quote = Annotated[str, StringConstraints(min_length=1, max_length=500)]
"""A span of a source document, verbatim: not stripped, so it can be found again in the text."""


class SchoolLevel(StrEnum):
    PO = "po"
    VO = "vo"
    MBO = "mbo"
    HBO = "hbo"
    WO = "wo"


class SizeClass(StrEnum):
    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


class ProjectType(StrEnum):
    PUBLIC_PRIVATE_PARTNERSHIP = "public_private_partnership"
    TALENT = "talent"
    FIELDLAB = "fieldlab"
    SCHEME = "scheme"
    PLAN = "plan"
    PLATFORM = "platform"


class ProjectStatus(StrEnum):
    PLANNED = "planned"
    APPLIED = "applied"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    REJECTED = "rejected"


class FundingStatus(StrEnum):
    """The life of a funding flow, after the 360Giving grant standard."""

    PLANNED = "planned"
    REQUESTED = "requested"
    AWARDED = "awarded"
    PAID = "paid"


class ProgrammeType(StrEnum):
    BUDGET_LINE = "budget_line"
    BUDGET = "budget"
    COALITION_AGREEMENT = "coalition_agreement"
    ACTION_PLAN = "action_plan"
    MOTION = "motion"
    AGENDA = "agenda"


class RegionType(StrEnum):
    PART_OF_COUNTRY = "part_of_country"
    REGION = "region"
