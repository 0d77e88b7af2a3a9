"""Seed errors: each names its file and record, so a whole batch of them can be fixed in one go."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Where:
    """A place in the seed files: a file and, unless the error concerns the whole file, a record."""

    file: str
    record: str = ""

    def __str__(self) -> str:
        return f"{self.file}: {self.record}" if self.record else self.file


@dataclass(frozen=True)
class SeedError:
    """One problem in the seed files."""

    where: Where
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class SeedValidationError(Exception):
    """The seed files are invalid; `errors` lists every problem found."""

    def __init__(self, errors: Sequence[SeedError]) -> None:
        self.errors = tuple(errors)
        super().__init__(f"{len(self.errors)} error(s) in the seed files")
