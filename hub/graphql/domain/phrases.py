"""How a relationship reads in a sentence, declared once for every relationship type of the model.

A path `ROC van Twente -PARTICIPATES_IN-> Direct2job <-FOR- flow -FROM-> prestatie 5.2.1` reads
"ROC van Twente participates in Direct2job, which is funded by prestatie 5.2.1": a funding flow between two
nodes reads as one phrase chosen by the relationships on either side of it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hub.graphql.cypher.fragments import KIND_KEY
from hub.model import FUNDING_FLOW, RELATIONSHIP_KINDS

RELATIONSHIP_PHRASES: dict[str, tuple[str, str]] = {
    "LOCATED_IN": ("is located in", "is the location of"),
    "PART_OF": ("is part of", "includes"),
    "MEMBER_OF": ("is a member of", "has as a member"),
    "LEADS": ("leads", "is led by"),
    "PARTICIPATES_IN": ("participates in", "has as a participant"),
    "AGREEMENT_WITH": ("has an agreement with", "has an agreement with"),
    "FROM": ("is paid by", "pays"),
    "TO": ("is paid to", "receives"),
    "FOR": ("is for", "is funded by"),
    "HAS_TARGET": ("has the target", "is a target of"),
    "MEASURED_BY": ("is measured by", "measures"),
    "OBSERVES": ("observes", "is observed by"),
    "IN_AREA": ("concerns", "is the area of"),
    "MEASURES": ("measures", "is measured on"),
    "OPERATES": ("operates", "is operated by"),
    "ORGANISED": ("organised", "was organised by"),
    "ATTENDED": ("attended", "was attended by"),
    "RESPONSIBLE_FOR": ("is responsible for", "is the responsibility of"),
    "WORKS_FOR": ("works for", "employs"),
    "AIMS_AT": ("aims at", "is aimed at by"),
    "BASED_ON": ("is based on", "is the basis for"),
    "CONTRIBUTES_TO": ("contributes to", "is contributed to by"),
}
"""Relationship type -> (phrase read along its direction, phrase read against it)."""

FUNDING_PHRASES: dict[tuple[str, str], str] = {
    ("FROM", "TO"): "funds",
    ("TO", "FROM"): "is funded by",
    ("FROM", "FOR"): "funds",
    ("FOR", "FROM"): "is funded by",
    ("TO", "FOR"): "receives funding for",
    ("FOR", "TO"): "has funding paid to",
}
"""(relationship to the flow on the near side, on the far side) -> phrase from the near node to the far."""

if set(RELATIONSHIP_PHRASES) != set(RELATIONSHIP_KINDS):
    raise ValueError("RELATIONSHIP_PHRASES must name every relationship type of the model, and only those")


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
            forward, backward = RELATIONSHIP_PHRASES[rel["type"]]
            phrase, index = (forward if rel["from"] == near["id"] else backward), index + 1
        clauses.append(f"{phrase} {nodes[index]['name']}")
    return f"{nodes[0]['name']} {', which '.join(clauses)}" if clauses else nodes[0]["name"]
