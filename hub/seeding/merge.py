"""Seeding a graph that the API writes too: a three-way merge of every record, property by property.

Three versions of each record meet: what the seed wrote last time (the ledger, `hub.seeding.ledger`), what
the graph holds now, and what the seed files say now.

- A property the API did not change since the last seed takes the files' value.
- A property the API changed keeps the API's value. When the files changed it too, to something else, that
  is a conflict, reported with both values; `--overwrite` takes the files' value instead.
- A record the API deleted stays deleted. While the files still have it, that is a conflict too;
  `--overwrite` writes it again.
- A record the seed never wrote but the graph holds is the API's when the API stamped it (its `updatedBy`
  is a caller's), and the seed's otherwise (a graph seeded before the ledger existed).

Pure: no database here, only the decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hub.audit.entry import SEED
from hub.model.kinds import STAMPED, UPDATED_BY
from hub.seeding.errors import Where

DELETED = "(the whole record)"
"""The property a conflict names when the API deleted a record the files still have."""

Values = dict[str, Any]


@dataclass(frozen=True)
class Conflict:
    """A property (or a whole record) the API and the seed files disagree on; the API's value was kept."""

    where: Where
    record: str
    property: str
    api: Any
    seed: Any

    def __str__(self) -> str:
        where = f"{self.where.file}: {self.record}: {self.property}"
        return f"{where}: the API has {self.api!r}, the file {self.seed!r}"


@dataclass(frozen=True)
class Decision:
    """What to write for one record: all of it (a new record), some properties, or nothing."""

    create: bool = False
    changes: Values = field(default_factory=dict)
    conflicts: tuple[Conflict, ...] = ()
    base: Values | None = None
    """What the ledger holds for the record afterwards: the files' values, except where a conflict kept
    the API's (so the conflict is reported again until it is resolved)."""

    @property
    def writes(self) -> bool:
        return self.create or bool(self.changes)


def written_by_api(current: Mapping[str, Any]) -> bool:
    """Whether a caller of the API stamped the record (the seed stamps `seed`, older seeds nothing)."""
    writer = current.get(UPDATED_BY)
    return writer is not None and writer != SEED


def record_values(current: Mapping[str, Any]) -> Values:
    """The graph's properties of a record without the stamps of its writes."""
    return {key: value for key, value in current.items() if key not in STAMPED}


def decide(
    where: Where,
    record: str,
    seed: Values,
    current: Mapping[str, Any] | None,
    base: Values | None,
    *,
    overwrite: bool = False,
) -> Decision:
    """The merge of one record: `seed` from the files, `current` from the graph (None: absent), `base`
    from the ledger (None: the seed never wrote it)."""
    if current is None:
        if base is None or overwrite:
            return Decision(create=True, base=seed)
        return Decision(conflicts=(Conflict(where, record, DELETED, None, "present"),), base=base)
    now = record_values(current)
    if base is None:
        base = {} if written_by_api(current) else now
    changes: Values = {}
    conflicts: list[Conflict] = []
    kept = dict(seed)
    for name in seed:
        ours, theirs, before = now.get(name), seed[name], base.get(name)
        if ours == theirs:
            continue
        if ours == before or overwrite:
            changes[name] = theirs
        elif theirs != before:
            conflicts.append(Conflict(where, record, name, ours, theirs))
            kept[name] = before
    return Decision(changes=changes, conflicts=tuple(conflicts), base=kept)
