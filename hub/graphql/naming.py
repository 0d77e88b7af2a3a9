"""Names the API derives from the model: type names, plurals, enum value names."""

from __future__ import annotations

import re

IRREGULAR_PLURALS = {"Person": "people"}


def camel(name: str) -> str:
    """`FundingFlow` -> `fundingFlow`."""
    return name[0].lower() + name[1:]


def constant(name: str) -> str:
    """`startDate` -> `START_DATE`, the style of GraphQL enum values."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).upper()


def plural(label: str) -> str:
    """The root collection field of a label: `School` -> `schools`, `Company` -> `companies`."""
    if label in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[label]
    word = camel(label)
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"
