"""`GET /export/graph.{format}`: every node and relationship the caller may see, streamed page by page.

The nodes are read in pages of PAGE by their `id` (the unique index's order), then the relationships
page by page of their start nodes, each page one statement; what the caller may see is decided by the
same access rules as every read (`hub.graphql.cypher.access`). The file is written as the pages arrive,
so memory stays flat whatever the graph's size. Writes made during an export may or may not be in it.

Nodes carry `kind`, `name`, `slug`, `synthetic`, and where they have them `amount`, `status` and `year`;
relationships their `type` and, where they have them, `role`, `since` and `until`. Node ids are global ids,
as in every other export and in GraphQL.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from neo4j import AsyncDriver
from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from hub.auth.principal import principal_of
from hub.graphql.cypher.access import ANY_KIND, read, shown
from hub.graphql.cypher.fragments import RELATIONSHIP_TYPES, ref, relationship
from hub.graphql.cypher.scope import Scope as CypherScope
from hub.graphql.cypher.scope import Statement
from hub.graphql.cypher.viewer import Viewer
from hub.graphql.domain.refs import ends, jsonable
from hub.graphql.ids import global_id
from hub.limits.responses import error_response
from hub.model import ENTITY

PAGE = 10_000
"""Nodes read per statement: their rows, or their outgoing relationships."""
NODE_ATTRIBUTES: dict[str, str] = {
    "kind": "string",
    "name": "string",
    "slug": "string",
    "synthetic": "boolean",
    "amount": "double",
    "status": "string",
    "year": "int",
}
"""What a node carries, with its GraphML/GEXF type: what Gephi and Cytoscape colour, size and filter by."""
EDGE_ATTRIBUTES: dict[str, str] = {"type": "string", "role": "string", "since": "string", "until": "string"}
NAME = "graph"
"""The export's name: `/export/graph.graphml`."""

Row = dict[str, Any]


@lru_cache(maxsize=64)
def nodes_statement(viewer: Viewer) -> Statement:
    scope = CypherScope(viewer)
    values = {prop: read(scope, "n", ANY_KIND, prop) for prop in ("amount", "status", "year")}
    return scope.statement(f"""
MATCH (n:{ENTITY}) WHERE n.id > $after
WITH n ORDER BY n.id LIMIT $page
WITH collect(n) AS page
RETURN [n IN page WHERE {shown(scope, "n")} | {ref(scope, "n", **values)}] AS rows, last(page).id AS last
""")


@lru_cache(maxsize=64)
def edges_statement(viewer: Viewer) -> Statement:
    scope = CypherScope(viewer)
    return scope.statement(f"""
MATCH (n:{ENTITY}) WHERE n.id > $after
WITH n ORDER BY n.id LIMIT $page
WITH collect(n) AS page
RETURN COLLECT {{
         UNWIND page AS n
         MATCH (n)-[r:{RELATIONSHIP_TYPES}]->(m:{ENTITY})
         WHERE {shown(scope, "n")} AND {shown(scope, "m")}
         RETURN {relationship(scope, "r")}
       }} AS rows, last(page).id AS last
""")


async def _pages(driver: AsyncDriver, database: str, statement: Statement) -> AsyncIterator[list[Row]]:
    """The rows of `statement`, page after page, until a page reads no node."""
    after = ""
    async with driver.session(database=database, notifications_min_severity="OFF") as session:
        while True:
            given = statement.given(after=after, page=PAGE)
            record = await (await session.run(given.text, given.parameters)).single(strict=True)
            if record["last"] is None:
                return
            yield record["rows"]
            after = record["last"]


def _node(row: Row) -> tuple[str, dict[str, Any]]:
    attributes = {
        "kind": row["__kind"],
        "name": row["name"],
        "slug": row["id"],
        "synthetic": row["synthetic"],
        **{key: row[key] for key in ("amount", "status", "year") if row.get(key) is not None},
    }
    return global_id(row["__kind"], row["id"]), attributes


def _edge(row: Row) -> tuple[str, str, str, dict[str, Any]]:
    start, end = ends(row)
    properties = jsonable(row["properties"])
    attributes = {"type": row["type"]} | {
        key: properties[key] for key in EDGE_ATTRIBUTES if key != "type" and properties.get(key) is not None
    }
    return str(start), str(end), row["id"], attributes


Node = tuple[str, dict[str, Any]]
Edge = tuple[str, str, str, dict[str, Any]]


@dataclass(frozen=True)
class Stream:
    """Where to read the caller's graph from: its nodes, then its relationships, a page at a time (each
    page is written as one chunk of the response)."""

    driver: AsyncDriver
    database: str
    viewer: Viewer

    async def nodes(self) -> AsyncIterator[list[Node]]:
        async for rows in _pages(self.driver, self.database, nodes_statement(self.viewer)):
            yield [_node(row) for row in rows]

    async def edges(self) -> AsyncIterator[list[Edge]]:
        async for rows in _pages(self.driver, self.database, edges_statement(self.viewer)):
            yield [_edge(row) for row in rows]


def _value(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _data(attributes: dict[str, Any], key: Callable[[str], str]) -> str:
    return "".join(
        f'<data key="{key(name)}">{escape(_value(value))}</data>' for name, value in attributes.items()
    )


async def _graphml(stream: Stream) -> AsyncIterator[str]:
    keys = [
        f'<key id="{owner[0]}_{name}" for="{owner}" attr.name="{name}" attr.type="{kind}"/>'
        for owner, declared in (("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES))
        for name, kind in declared.items()
    ]
    yield (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
        + "\n".join(keys)
        + '\n<graph edgedefault="directed">\n'
    )
    async for nodes in stream.nodes():
        yield "".join(
            f"<node id={quoteattr(node)}>{_data(attributes, lambda name: f'n_{name}')}</node>\n"
            for node, attributes in nodes
        )
    async for edges in stream.edges():
        yield "".join(
            f"<edge id={quoteattr(key)} source={quoteattr(start)} target={quoteattr(end)}>"
            f"{_data(attributes, lambda name: f'e_{name}')}</edge>\n"
            for start, end, key, attributes in edges
        )
    yield "</graph>\n</graphml>\n"


def _attvalues(attributes: dict[str, Any]) -> str:
    values = "".join(
        f"<attvalue for={quoteattr(name)} value={quoteattr(_value(value))}/>"
        for name, value in attributes.items()
    )
    return f"<attvalues>{values}</attvalues>"


GEXF_TYPES = {"string": "string", "boolean": "boolean", "double": "double", "int": "integer"}


async def _gexf(stream: Stream) -> AsyncIterator[str]:
    declared = "".join(
        f'<attributes class="{owner}">'
        + "".join(
            f'<attribute id="{name}" title="{name}" type="{GEXF_TYPES[kind]}"/>' for name, kind in attributes
        )
        + "</attributes>\n"
        for owner, attributes in (("node", NODE_ATTRIBUTES.items()), ("edge", EDGE_ATTRIBUTES.items()))
    )
    yield (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<gexf xmlns="http://gexf.net/1.3" version="1.3">\n'
        f'<graph defaultedgetype="directed" mode="static">\n{declared}<nodes>\n'
    )
    async for nodes in stream.nodes():
        yield "".join(
            f"<node id={quoteattr(node)} label={quoteattr(str(attributes['name']))}>"
            f"{_attvalues(attributes)}</node>\n"
            for node, attributes in nodes
        )
    yield "</nodes>\n<edges>\n"
    async for edges in stream.edges():
        yield "".join(
            f"<edge id={quoteattr(key)} source={quoteattr(start)} target={quoteattr(end)}"
            f" label={quoteattr(str(attributes['type']))}>{_attvalues(attributes)}</edge>\n"
            for start, end, key, attributes in edges
        )
    yield "</edges>\n</graph>\n</gexf>\n"


def _csv(header: list[str], rows: Iterable[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([header] if header else [])
    writer.writerows(rows)
    return buffer.getvalue()


async def _nodes_csv(stream: Stream) -> AsyncIterator[str]:
    columns = list(NODE_ATTRIBUTES)
    yield _csv(["Id", "Label", *columns], [])
    async for nodes in stream.nodes():
        yield _csv(
            [],
            (
                [node, attributes["name"], *(_cell(attributes.get(name)) for name in columns)]
                for node, attributes in nodes
            ),
        )


async def _edges_csv(stream: Stream) -> AsyncIterator[str]:
    columns = [name for name in EDGE_ATTRIBUTES if name != "type"]
    yield _csv(["Source", "Target", "Type", "Id", "Relationship", *columns], [])
    async for edges in stream.edges():
        yield _csv(
            [],
            (
                [
                    start,
                    end,
                    "Directed",
                    key,
                    attributes["type"],
                    *(_cell(attributes.get(name)) for name in columns),
                ]
                for start, end, key, attributes in edges
            ),
        )


def _cell(value: Any) -> Any:
    return "" if value is None else _value(value) if isinstance(value, bool) else value


WRITERS: dict[str, tuple[str, Callable[[Stream], AsyncIterator[str]]]] = {
    "graphml": ("application/graphml+xml", _graphml),
    "gexf": ("application/gexf+xml", _gexf),
    "nodes.csv": ("text/csv; charset=utf-8", _nodes_csv),
    "edges.csv": ("text/csv; charset=utf-8", _edges_csv),
}
"""By the suffix an export's name ends in: the formats of `hub.export.formats`, written as a stream."""


async def whole_graph(scope: Scope, receive: Receive, send: Send) -> None:
    """The endpoint; behind the same guards as /graphql but the allow-list (it runs no GraphQL)."""
    request = Request(scope, receive)
    principal = principal_of(request)
    if principal.anonymous:
        message = "the whole graph is exported for callers with credentials (an API key or a token)"
        await error_response(401, "AUTH_REQUIRED", message)(scope, receive, send)
        return
    suffix = request.path_params["format"]
    if suffix not in WRITERS:
        known = ", ".join(sorted(WRITERS))
        await error_response(404, "NOT_FOUND", f"no export format {suffix!r}: one of {known}")(
            scope, receive, send
        )
        return
    media_type, write = WRITERS[suffix]
    app = request.app
    stream = Stream(app.state.driver, app.state.settings.neo4j_database, Viewer.of(principal))
    response = StreamingResponse(
        write(stream),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{NAME}.{suffix}"'},
    )
    await response(scope, receive, send)
