"""`fundingTrace`: follow money from a source through intermediaries, hop by hop, in one statement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any

import strawberry

from hub.graphql.compiler.viewer import viewer_of
from hub.graphql.context import Context
from hub.graphql.domain.common import (
    DEFAULT_ROWS,
    FUNDING_FLOW,
    MAX_ROWS,
    EntityRef,
    bounded,
    native,
    node_id,
    parameters,
    ref,
    viewing,
    visible,
)
from hub.graphql.errors import BadRequest
from hub.graphql.execute import run
from hub.graphql.ids import global_id
from hub.graphql.types.enums import value_enum
from hub.model.values import FundingStatus

value_enum(FundingStatus)
STATUSES = {status.value: status for status in FundingStatus}

MAX_HOPS = 6

FLOW_FILTER = (
    "($year IS NULL OR f.year = $year)"
    " AND ($asOf IS NULL OR coalesce(f.date <= $asOf, f.year <= $asOf.year, true))"
    " AND ($statuses IS NULL OR f.status IN $statuses)"
    f" AND {visible('f')}"
)
"""The flows a trace considers: of `$year`, dated on or before `$asOf`, with one of `$statuses`, visible."""

AMOUNTS = "{known: toFloat(sum(f.amount)), unknownCount: count(f) - count(f.amount), count: count(f)}"

STATEMENT = f"""
MATCH (source:Entity {{id: $from}}) WHERE {visible("source")}
CALL (source) {{
  MATCH (source) ((payer)<-[:FROM]-(f:FundingFlow WHERE {FLOW_FILTER})-[:TO]->(payee)){{1,{{hops}}}}
  WITH last(f) AS flow, min(size(f)) AS hop
  MATCH (funder)<-[:FROM]-(flow)-[:TO]->(recipient)
  OPTIONAL MATCH (flow)-[:FOR]->(project)
  WITH hop, flow, funder, recipient, project ORDER BY hop, flow.year, flow.date, flow.id
  WITH hop, collect(recipient) AS recipients, collect(flow {{
      .id, .name, .amount, .currency, .status, .year, .date, .instrument, .purpose, hop: hop,
      funder: {ref("funder")}, recipient: {ref("recipient")}, project: {ref("project")}}}) AS flows,
    toFloat(sum(flow.amount)) AS known, count(flow.amount) AS withAmount
  ORDER BY hop
  RETURN collect({{hop: hop, flows: flows[..$first], total: {{
           known: known, unknownCount: size(flows) - withAmount, count: size(flows)}}}}) AS hops,
         collect({{hop: hop, nodes: recipients}}) AS levels
}}
CALL (source, levels) {{
  UNWIND [{{hop: 0, nodes: [source]}}] + levels AS level
  UNWIND level.nodes AS node
  WITH node, min(level.hop) AS hop ORDER BY hop, node.name, node.id
  WITH collect({{node: node, hop: hop}}) AS reached
  UNWIND reached[..$first] AS entry
  WITH entry.node AS node, entry.hop AS hop, size(reached) AS reachedCount
  CALL (node) {{
    OPTIONAL MATCH (node)<-[:TO]-(f:FundingFlow WHERE {FLOW_FILTER})
    RETURN {AMOUNTS} AS received
  }}
  CALL (node) {{
    OPTIONAL MATCH (node)<-[:FROM]-(f:FundingFlow WHERE {FLOW_FILTER})
    RETURN {AMOUNTS} AS passedOn
  }}
  WITH node, hop, received, passedOn, reachedCount ORDER BY hop, node.name, node.id
  RETURN collect({{node: {ref("node")}, hop: hop, received: received, passedOn: passedOn}}) AS nodes,
         reachedCount
}}
RETURN {ref("source")} AS source, hops, nodes, reachedCount
"""

STATEMENTS = {hops: STATEMENT.replace("{hops}", str(hops)) for hops in range(1, MAX_HOPS + 1)}
"""One statement per hop bound: a quantifier cannot be a parameter, so the bound is chosen from this set."""


@strawberry.type(
    description="Money in a set of flows: the sum of known amounts and how many amounts are unknown."
)
class Amounts:
    known: float = strawberry.field(description="Sum of the amounts the sources give (EUR).")
    unknown_count: int = strawberry.field(description="Flows whose amount the sources do not give.")
    count: int = strawberry.field(description="All flows counted.")

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Amounts:
        return cls(known=row["known"] or 0.0, unknown_count=row["unknownCount"], count=row["count"])


@strawberry.type(description="One funding flow met on the trace.")
class TracedFlow:
    id: strawberry.ID = strawberry.field(description="The global id of the FundingFlow node.")
    slug: str
    name: str
    hop: int = strawberry.field(description="1 for flows leaving the source, 2 for the next step, and so on.")
    amount: float | None = strawberry.field(description="Null when the sources give no amount.")
    currency: str
    status: FundingStatus
    year: int | None
    date: dt.date | None
    instrument: str | None
    purpose: str | None
    funder: EntityRef
    recipient: EntityRef
    project: EntityRef | None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> TracedFlow:
        return cls(
            id=strawberry.ID(global_id(FUNDING_FLOW, row["id"])),
            slug=row["id"],
            name=row["name"],
            hop=row["hop"],
            amount=row["amount"],
            currency=row["currency"] or "EUR",
            status=STATUSES[row["status"]],
            year=row["year"],
            date=native(row["date"]),
            instrument=row["instrument"],
            purpose=row["purpose"],
            funder=EntityRef.from_row(row["funder"]),
            recipient=EntityRef.from_row(row["recipient"]),
            project=EntityRef.maybe(row["project"]),
        )


@strawberry.type(description="The flows of one step away from the source, with their total.")
class FundingHop:
    hop: int
    flows: list[TracedFlow] = strawberry.field(
        description="The first `first` flows of this hop; `total.count` counts them all."
    )
    total: Amounts


@strawberry.type(
    description="A node the money reaches: what it receives and passes on in all matching flows."
)
class FundingTraceNode:
    node: EntityRef
    hop: int = strawberry.field(
        description="Fewest flows between the source and this node (0 for the source)."
    )
    received: Amounts = strawberry.field(
        description="Every matching flow to this node, also from outside the trace."
    )
    passed_on: Amounts = strawberry.field(description="Every matching flow from this node.")
    expanded: bool = strawberry.field(
        description="Whether the trace follows this node's onward flows (hop < maxHops)."
    )
    passes_on_more_than_received: bool = strawberry.field(
        description="An intermediary whose known onward amounts exceed its known received amounts."
    )

    @classmethod
    def from_row(cls, row: Mapping[str, Any], max_hops: int) -> FundingTraceNode:
        received, passed_on = Amounts.from_row(row["received"]), Amounts.from_row(row["passedOn"])
        return cls(
            node=EntityRef.from_row(row["node"]),
            hop=row["hop"],
            received=received,
            passed_on=passed_on,
            expanded=row["hop"] < max_hops,
            passes_on_more_than_received=row["hop"] > 0 and passed_on.known > received.known,
        )


@strawberry.type(
    description="Where the money from a source goes, hop by hop, and what each node receives and passes on."
)
class FundingTrace:
    source: EntityRef
    max_hops: int
    hops: list[FundingHop]
    nodes: list[FundingTraceNode] = strawberry.field(
        description="The source and the recipients, nearest first: the first `first` of `nodeCount`."
    )
    node_count: int = strawberry.field(description="How many nodes the trace reaches, the source included.")


async def funding_trace(
    info: strawberry.Info[Context, None],
    from_: Annotated[strawberry.ID, strawberry.argument(name="from", description="The source: slug or id.")],
    max_hops: int = 4,
    year: int | None = None,
    as_of: dt.date | None = None,
    statuses: list[FundingStatus] | None = None,
    first: Annotated[
        int,
        strawberry.argument(
            description=f"List at most this many flows per hop, and nodes (at most {MAX_ROWS}); "
            "totals and counts cover everything the trace reaches."
        ),
    ] = DEFAULT_ROWS,
) -> FundingTrace:
    """Follow chains `(payer)<-[:FROM]-(flow:FundingFlow)-[:TO]->(payee)` from `from`, maxHops deep."""
    bounded("maxHops", max_hops, 1, MAX_HOPS)
    bounded("first", first, 0, MAX_ROWS)
    if statuses is not None and not statuses:
        raise BadRequest("statuses must name at least one status, or be left out")
    rows = await run(
        info.context,
        STATEMENTS[max_hops],
        parameters(
            **{"from": node_id(from_)},
            year=year,
            asOf=as_of,
            first=first,
            statuses=None if statuses is None else [status.value for status in statuses],
            **viewing(viewer_of(info.context)),
        ),
    )
    if not rows:
        raise BadRequest(f"no node has id {from_!r}")
    row = rows[0]
    return FundingTrace(
        source=EntityRef.from_row(row["source"]),
        max_hops=max_hops,
        hops=[
            FundingHop(
                hop=hop["hop"],
                flows=[TracedFlow.from_row(flow) for flow in hop["flows"]],
                total=Amounts.from_row(hop["total"]),
            )
            for hop in row["hops"]
        ],
        nodes=[FundingTraceNode.from_row(node, max_hops) for node in row["nodes"]],
        node_count=row["reachedCount"],
    )
