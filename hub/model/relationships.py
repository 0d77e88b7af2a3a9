"""Relationship property sets; memberships and participations carry `since` and `until` for "as of"."""

from __future__ import annotations

import datetime as dt
from typing import Self

from pydantic import model_validator

from hub.model.base import EdgeRecord
from hub.model.values import Text


class Plain(EdgeRecord):
    """A relationship with provenance only."""


class Dated(EdgeRecord):
    """A relationship valid from `since` until `until` (both optional, both inclusive)."""

    since: dt.date | None = None
    until: dt.date | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        if self.since and self.until and self.until < self.since:
            raise ValueError("until is before since")
        return self


class Role(Dated):
    """A dated relationship in which the source plays a role, e.g. lead applicant or partner."""

    role: Text | None = None


class Agreement(Dated):
    """A performance agreement: what it is about and how far it has come."""

    subject: Text | None = None
    status: Text | None = None
