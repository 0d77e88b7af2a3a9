"""`fundingTrace`: follow money from a source through intermediaries, hop by hop, in one statement.

The trace is priced before it runs: the flows the source funds, times the average number of flows a
money holder funds for every further hop, each flow read with its ends and counted into totals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from typing import Annotated, Any

import strawberry

from hub.graphql import cost
from hub.graphql.context import Context
from hub.graphql.cypher.access import read, shown
from hub.graphql.cypher.fragments import in_effect, ref
from hub.graphql.cypher.scope import Scope, Statement
from hub.graphql.cypher.viewer import Viewer, viewer_of
from hub.graphql.domain.paging import PageInfo, after_values, page_info
from hub.graphql.domain.question import ask, bounded, missing, pages, selects
from hub.graphql.domain.refs import EntityRef, named, native, node_id
from hub.graphql.errors import BadRequest
from hub.graphql.ids import global_id
from hub.graphql.types.enums import value_enum
from hub.model import FUNDING_FLOW
from hub.model.registry import MONEY_HOLDERS
from hub.model.values import FundingStatus

value_enum(FundingStatus)
STATUSES = {status.value: status for status in FundingStatus}

MAX_HOPS = 6
DEFAULT_HOPS = 4
SHOWN = ("amount", "currency", "status", "year", "date", "instrument", "purpose")
"""The properties of a flow a trace lists."""
CURSOR_KEYS = ("hop:ASC", "year:ASC", "date:ASC", "id:ASC")
NO_YEAR, NO_DATE = 1_000_000, dt.date.max
"""Where a flow without a year or date sorts: last, as ORDER BY puts nulls."""
READS_PER_FLOW = 4
"""Relationships read per flow: its funder, its recipient, and the two totals it counts into."""


def _flows(scope: Scope, var: str = "f") -> str:
    """The flows a trace considers: of `$year`, in effect on `$asOf`, with one of `$statuses`, visible."""
    year, status = (read(scope, var, (FUNDING_FLOW,), prop) for prop in ("year", "status"))
    return (
        f"($year IS NULL OR {year} = $year) AND {in_effect(scope, var, '$asOf')}"
        f" AND ($statuses IS NULL OR {status} IN $statuses) AND {shown(scope, var, (FUNDING_FLOW,))}"
    )


def _price(hops: int) -> str:
    """The source's flows, and for every further hop the average flows a money holder funds (`branching`)."""
    spread = " + ".join(f"branching ^ {hop}" for hop in range(hops))
    return f"{READS_PER_FLOW} * {cost.degree('source', ['FROM'])} * ({spread})"


@lru_cache(maxsize=256)
def statement(hops: int, viewer: Viewer, nodes: bool = True) -> Statement:
    """A quantifier cannot be a parameter, so each hop bound is its own statement; without `nodes` (none
    asked for) the nodes are not listed.

    A node's hop is the fewest flows from the source to it, and a flow's is one more than its funder's: one
    shortest-path search finds the money holders within `hops - 1` flows, whose flows are each read once
    however many chains lead to them; a node's hop is the least of the flows it receives. The flows are
    sorted before anything is collected, and the nodes after their aggregation: an operator that holds
    rows (a sort, a top) counts every value of each row against the transaction's memory, so no whole list
    of the trace may ride along with them.
    """
    scope = Scope(viewer)
    flows = _flows(scope)
    amounts = "{known: toFloat(sum(a)), unknownCount: count(f) - count(a), count: count(f)}"
    amount = read(scope, "f", (FUNDING_FLOW,), "amount")
    of_flow = {prop: read(scope, "flow", (FUNDING_FLOW,), prop) for prop in SHOWN}
    listed = ", ".join(f"{prop}: {value}" for prop, value in of_flow.items())
    ends = ", ".join(f"{end}: {ref(scope, end)}" for end in ("funder", "recipient", "project"))
    step = f"((payer)<-[:FROM]-(f:{FUNDING_FLOW} WHERE {flows})-[:TO]->(payee WHERE {shown(scope, 'payee')}))"
    holders = (
        "WITH source AS holder, [] AS f"
        if hops == 1
        else f"MATCH ANY SHORTEST (source) {step}{{0,{hops - 1}}} (holder)"
    )
    reach = (
        f"""OPTIONAL CALL (source, levels, estimate) {{
  WITH source, levels WHERE estimate <= {cost.LIMIT}
  UNWIND [{{hop: 0, nodes: [source]}}] + levels AS level
  UNWIND level.nodes AS node
  WITH node, min(level.hop) AS hop
  WITH node, hop ORDER BY hop, node.name, node.id
  WITH collect({{node: node, hop: hop}}) AS reached
  RETURN reached[..$first] AS reached, size(reached) AS reachedCount
}}"""
        if nodes
        else "WITH *, [] AS reached, 0 AS reachedCount"
    )
    branching = f"1.0 * {cost.related(['FROM'])} / ({cost.counted(sorted(MONEY_HOLDERS))} + 1)"
    return scope.statement(f"""
MATCH (source:Entity {{id: $from}}) WHERE {shown(scope, "source")}
WITH source, {branching} AS branching
WITH source, {_price(hops)} AS estimate
OPTIONAL CALL (source, estimate) {{
  WITH source WHERE estimate <= {cost.LIMIT}
  {holders}
  MATCH (holder)<-[:FROM]-(flow:{FUNDING_FLOW} WHERE {_flows(scope, "flow")})-[:TO]->(recipient)
  WHERE {shown(scope, "recipient")}
  WITH size(f) + 1 AS hop, flow, recipient
  WITH hop, flow, recipient, {of_flow["amount"]} AS amount,
       [hop, coalesce({of_flow["year"]}, $noYear), coalesce({of_flow["date"]}, $noDate), flow.id] AS key
  ORDER BY key
  WITH hop, collect({{key: key, flow: flow}}) AS listed, collect(recipient) AS recipients,
       toFloat(sum(amount)) AS known, count(amount) AS withAmount, count(flow) AS count
  ORDER BY hop
  WITH collect({{hop: hop, total: {{known: known, unknownCount: count - withAmount, count: count}}}}) AS hops,
       reduce(all = [], entries IN collect(listed) | all + entries) AS listed,
       collect({{hop: hop, nodes: recipients}}) AS levels
  RETURN hops, levels, [entry IN listed WHERE $after IS NULL OR entry.key > $after][..$first + 1] AS page
}}
{reach}
CALL (page) {{
  UNWIND page AS entry
  WITH entry.flow AS flow, entry.key AS key
  MATCH (funder)<-[:FROM]-(flow)-[:TO]->(recipient)
  OPTIONAL MATCH (flow)-[:FOR]->(project) WHERE {shown(scope, "project")}
  WITH flow, key, funder, recipient, project ORDER BY key
  RETURN collect(flow {{.id, .name, {listed}, hop: key[0], key: key, {ends}}}) AS flows
}}
CALL (reached) {{
  UNWIND reached AS entry
  WITH entry.node AS node, entry.hop AS hop
  CALL (node) {{
    OPTIONAL MATCH (node)<-[:TO]-(f:{FUNDING_FLOW} WHERE {flows})
    WITH f, {amount} AS a
    RETURN {amounts} AS received
  }}
  CALL (node) {{
    OPTIONAL MATCH (node)<-[:FROM]-(f:{FUNDING_FLOW} WHERE {flows})
    WITH f, {amount} AS a
    RETURN {amounts} AS passedOn
  }}
  WITH node, hop, received, passedOn ORDER BY hop, node.name, node.id
  RETURN collect({{node: {ref(scope, "node")}, hop: hop, received: received, passedOn: passedOn}}) AS nodes
}}
RETURN estimate AS {cost.ESTIMATE}, {ref(scope, "source")} AS source, hops, flows, nodes, reachedCount
""")


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
        description=(
            "The flows of this hop on this page of the trace (see `flowsPageInfo`); `total.count` counts"
            " them all."
        ),
        metadata=cost.sized(cost.page_of("first")),
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
    hops: list[FundingHop] = strawberry.field(
        metadata=cost.sized(cost.number_of("maxHops", otherwise=MAX_HOPS))
    )
    nodes: list[FundingTraceNode] = strawberry.field(
        description="The source and the recipients, nearest first: the first `first` of `nodeCount`.",
        metadata=cost.sized(cost.page_of("first")),
    )
    node_count: int = strawberry.field(description="How many nodes the trace reaches, the source included.")
    flows_page_info: Any = strawberry.field(
        graphql_type=PageInfo,
        description=(
            "The flows of all hops are one list, nearest hop first, then by year, date and id; a page lists"
            " `first` of them. Pass endCursor as `after` for the next."
        ),
    )


async def funding_trace(
    info: strawberry.Info[Context, None],
    from_: Annotated[
        strawberry.ID, strawberry.argument(name="from", description="The source: its slug or global id.")
    ],
    max_hops: int = DEFAULT_HOPS,
    year: int | None = None,
    as_of: dt.date | None = None,
    statuses: list[FundingStatus] | None = None,
    first: Annotated[
        int | None,
        strawberry.argument(
            description="List at most this many flows (over all hops) and nodes (HUB_DEFAULT_PAGE_SIZE when"
            " not given); totals and counts cover everything the trace reaches."
        ),
    ] = None,
    after: Annotated[
        str | None, strawberry.argument(description="The flowsPageInfo.endCursor of the page before.")
    ] = None,
) -> FundingTrace:
    """Follow chains `(payer)<-[:FROM]-(flow:FundingFlow)-[:TO]->(payee)` from `from`, maxHops deep."""
    bounded("maxHops", max_hops, 1, MAX_HOPS)
    size = pages(info).size("first", first)
    if statuses is not None and not statuses:
        raise BadRequest("statuses must name at least one status, or be left out")
    row = await ask(
        info,
        statement(max_hops, viewer_of(info.context), selects(info, "nodes", "nodeCount")),
        **{"from": node_id(from_, "from")},
        year=year,
        asOf=as_of,
        first=size,
        after=after_values(after, CURSOR_KEYS),
        noYear=NO_YEAR,
        noDate=NO_DATE,
        statuses=None if statuses is None else [status.value for status in statuses],
    )
    if row is None or not named(from_, row["source"]):
        raise missing(from_)
    flows = row["flows"] or []
    listed = [TracedFlow.from_row(flow) for flow in flows[:size]]
    return FundingTrace(
        source=EntityRef.from_row(row["source"]),
        max_hops=max_hops,
        hops=[
            FundingHop(
                hop=hop["hop"],
                flows=[flow for flow in listed if flow.hop == hop["hop"]],
                total=Amounts.from_row(hop["total"]),
            )
            for hop in row["hops"] or []
        ],
        flows_page_info=page_info(
            flows, size, lambda flow: tuple(native(v) for v in flow["key"]), CURSOR_KEYS
        ),
        nodes=[FundingTraceNode.from_row(node, max_hops) for node in row["nodes"]],
        node_count=row["reachedCount"],
    )
