"""Result types of the root fields that are not node lists: search hits and funding groups."""

from __future__ import annotations

from hub.graphql.types.enums import value_enum
from hub.graphql.types.fields import field, optional, output_type
from hub.graphql.types.objects import NODE_TYPES
from hub.model import ENTITY
from hub.model.values import FundingStatus

_entity = NODE_TYPES[ENTITY]

SearchHit = output_type(
    "SearchHit",
    {
        "score": field("score", float),
        "node": field("node", _entity),
        "cursor": field("cursor", str, description="Pass as `after` to go on after this hit."),
    },
    "A node matching a full-text search, and how well it matches.",
)

FundingGroupKey = output_type(
    "FundingGroupKey",
    {
        "year": field("year", optional(int)),
        "funder": field("funder", optional(_entity)),
        "recipient": field("recipient", optional(_entity)),
        "project": field("project", optional(_entity)),
        "status": field("status", optional(value_enum(FundingStatus))),
        "instrument": field("instrument", optional(str)),
    },
    "The values funding flows were grouped by; those not grouped by are null.",
)

FundingGroup = output_type(
    "FundingGroup",
    {
        "key": field("key", FundingGroupKey),
        "count": field("count", int),
        "totalAmount": field(
            "totalAmount", float, description="The sum of the known amounts (in the flows' currency, EUR)."
        ),
        "unknownAmountCount": field("unknownAmountCount", int, description="How many flows have no amount."),
    },
    "One group of funding flows: how many, and how much money where it is known.",
)
