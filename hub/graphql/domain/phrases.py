"""How a path reads in a sentence: each relationship as its kind declares (`RelationshipKind.phrases`).

A path `ROC van Twente -PARTICIPATES_IN-> Direct2job <-FOR- flow -FROM-> prestatie 5.2.1` reads
"ROC van Twente participates in Direct2job, which is funded by prestatie 5.2.1": a funding flow between two
nodes reads as one phrase chosen by the relationships on either side of it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hub.graphql.cypher.fragments import KIND_KEY
from hub.model import FUNDING_FLOW, RELATIONSHIP_KINDS

FUNDING_PHRASES: dict[tuple[str, str], str] = {
    ("FROM", "TO"): "funds",
    ("TO", "FROM"): "is funded by",
    ("FROM", "FOR"): "funds",
    ("FOR", "FROM"): "is funded by",
    ("TO", "FOR"): "receives funding for",
    ("FOR", "TO"): "has funding paid to",
}
"""(relationship to the flow on the near side, on the far side) -> phrase from the near node to the far."""


def explain(nodes: Sequence[Mapping[str, Any]], relationships: Sequence[Mapping[str, Any]]) -> str:
    """One sentence for a path of `fragments.ref()` nodes and `{type, from, to}` relationships."""
    clauses: list[str] = []
    index = 0
    while index < len(relationships):
        near, rel = nodes[index], relationships[index]
        onward = relationships[index + 1]["type"] if index + 1 < len(relationships) else None
        funding = FUNDING_PHRASES.get((rel["type"], onward or ""))
        if nodes[index + 1][KIND_KEY] == FUNDING_FLOW and funding:
            phrase, index = funding, index + 2
        else:
            forward, backward = RELATIONSHIP_KINDS[rel["type"]].phrases
            phrase, index = (forward if rel["from"] == near["id"] else backward), index + 1
        clauses.append(f"{phrase} {nodes[index]['name']}")
    return f"{nodes[0]['name']} {', which '.join(clauses)}" if clauses else nodes[0]["name"]
