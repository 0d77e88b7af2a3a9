"""The page-size policy, read from the settings: how many items a list gives when not told, and the most
it may be asked for. Every list argument (`first`, `last`, `limit`) of every field follows it: the
validation rule, the compiler, the domain questions and the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass

from hub.config import Settings
from hub.graphql.errors import BadRequest, PageSizeTooLarge

PAGE_ARGUMENTS = ("first", "last", "limit")
"""The arguments that say how many items a list holds."""


@dataclass(frozen=True)
class Pages:
    default: int
    """HUB_DEFAULT_PAGE_SIZE: the size of a list whose size is not given."""
    maximum: int
    """HUB_MAX_PAGE_SIZE: the most items one list may be asked for."""

    @classmethod
    def of(cls, settings: Settings) -> Pages:
        return cls(settings.hub_default_page_size, settings.hub_max_page_size)

    def size(self, argument: str, value: int | None, *, least: int = 0) -> int:
        """The size a list argument asks for: the default when not given; refused below `least` or above
        the maximum."""
        if value is None:
            return max(self.default, least)
        refusal = self.refusal(argument, value, least=least)
        if refusal is not None:
            raise refusal
        return value

    def refusal(self, argument: str, value: int, *, least: int = 0) -> BadRequest | PageSizeTooLarge | None:
        """Why `value` is no size for `argument`, or None when it is one."""
        if value < least:
            return BadRequest(f"{argument} must be at least {least}, got {value}")
        if value > self.maximum:
            return PageSizeTooLarge(f"{argument} must be at most {self.maximum}, got {value}")
        return None
