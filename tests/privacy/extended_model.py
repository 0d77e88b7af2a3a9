"""A pytest plugin (`pytest -p tests.privacy.extended_model`) that declares one more kind with private
data, `Grant`, before anything derives from the model: with it, the privacy property covers a kind that no
code of the hub names."""

from __future__ import annotations

from enum import StrEnum

from hub.model.base import NodeRecord
from hub.model.kinds import NodeKind, RelationshipKind
from hub.model.registry import ACTIVITIES, ORGANISATIONS, extend
from hub.model.values import Text


class GrantStage(StrEnum):
    DRAFT = "draft"
    OPEN = "open"


class Grant(NodeRecord):
    """A grant an organisation applies for; drafts are its own business."""

    stage: GrantStage
    note: Text | None = None
    amount: float | None = None


extend(
    kinds=[
        NodeKind(
            "Grant",
            Grant,
            private=frozenset({"note", "amount"}),
            private_when=("stage", frozenset({"draft"})),
            owners=("AWARDED_TO",),
        )
    ],
    relationships=[
        RelationshipKind(
            "AWARDED_TO",
            frozenset({"Grant"}),
            ORGANISATIONS,
            "awardedTo",
            "grants",
            ("is awarded to", "is awarded"),
            single=True,
        ),
        RelationshipKind(
            "SUPPORTS",
            frozenset({"Grant"}),
            ACTIVITIES,
            "supports",
            "supportedBy",
            ("supports", "is supported by"),
        ),
    ],
)
