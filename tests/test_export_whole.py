"""The whole graph a caller may see, streamed: `GET /export/graph.<format>` and `hub export graph FILE`."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator

import httpx
import jwt
import networkx as nx
import pytest
from neo4j import AsyncDriver

from hub.config import Settings
from hub.graphql.cypher.fragments import RELATIONSHIP_TYPES
from hub.graphql.naming import camel, plural
from hub.model.registry import NODE_KINDS
from tests.test_queries import SECRET, analyst_token, jwt_client

ANALYST = {"authorization": f"Bearer {analyst_token()}"}


def partner() -> dict[str, str]:
    """A partner of ROC van Twente: sees public records and its own (a private funding flow it received)."""
    claims = jwt.decode(analyst_token(), options={"verify_signature": False})
    return {
        "authorization": f"Bearer {jwt.encode(claims | {'role': 'partner', 'org': 'roc-van-twente'}, SECRET)}"
    }


@pytest.fixture
async def http(seeded: object, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with jwt_client(settings, {}) as client:
        yield client


async def visible_nodes(http: httpx.AsyncClient, headers: dict[str, str]) -> int:
    """The nodes a caller sees, as GraphQL counts them: every kind's totalCount."""
    fields = " ".join(f"{camel(plural(label))} {{ totalCount }}" for label in NODE_KINDS)
    answer = (await http.post("/graphql", json={"query": f"{{ {fields} }}"}, headers=headers)).json()
    assert "errors" not in answer, answer
    return sum(field["totalCount"] for field in answer["data"].values())


async def test_every_format_holds_every_node_and_relationship(
    http: httpx.AsyncClient, seeded: AsyncDriver
) -> None:
    nodes = await visible_nodes(http, ANALYST)
    records, _, _ = await seeded.execute_query(
        f"MATCH (:Entity)-[r:{RELATIONSHIP_TYPES}]->(:Entity) RETURN count(r) AS n"
    )
    edges = records[0]["n"]
    files = {}
    for format_ in ("graphml", "gexf", "nodes.csv", "edges.csv"):
        response = await http.get(f"/export/graph.{format_}", headers=ANALYST)
        assert response.status_code == 200, response.text
        assert f'filename="graph.{format_}"' in response.headers["content-disposition"]
        files[format_] = response.content
    graphml = nx.read_graphml(io.BytesIO(files["graphml"]), force_multigraph=True)
    gexf = nx.read_gexf(io.BytesIO(files["gexf"]))
    for graph in (graphml, gexf):
        assert (graph.number_of_nodes(), graph.number_of_edges()) == (nodes, edges)
    table = list(csv.DictReader(io.StringIO(files["nodes.csv"].decode())))
    links = list(csv.DictReader(io.StringIO(files["edges.csv"].decode())))
    assert (len(table), len(links)) == (nodes, edges)
    attributes = {key for _, data in graphml.nodes(data=True) for key in data}
    assert {"kind", "name", "slug", "synthetic", "amount", "status", "year"} <= attributes
    assert {data["type"] for _, _, data in graphml.edges(data=True)} >= {"MEMBER_OF", "FROM", "TO"}
    assert all(isinstance(data["synthetic"], bool) for _, data in graphml.nodes(data=True))


async def test_the_export_is_scoped_as_reads_are(http: httpx.AsyncClient) -> None:
    headers = partner()
    response = await http.get("/export/graph.nodes.csv", headers=headers)
    assert len(list(csv.DictReader(io.StringIO(response.text)))) == await visible_nodes(http, headers)
    assert await visible_nodes(http, headers) < await visible_nodes(http, ANALYST)
    anonymous = await http.get("/export/graph.graphml")
    assert anonymous.status_code == 401
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "AUTH_REQUIRED"
    unknown = await http.get("/export/graph.svg", headers=ANALYST)
    assert unknown.status_code == 404
