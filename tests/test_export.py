"""Exports: `GET /export/<operation>.<format>` writes the answer of an operation of queries/ as GraphML,
GEXF or CSV, read back with networkx (and csv) to the same nodes and edges as the GraphQL answer, for the
same caller."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import networkx as nx
import pytest
from typer.testing import CliRunner

from hub.cli.main import app
from hub.config import Settings
from tests.conftest import PASSWORD
from tests.test_queries import QUERIES, analyst_token, jwt_client

EXPORTED = (
    "ego-network",
    "connection-between-stakeholders",
    "collaboration-clusters",
    "funding-trace-reserve",
)
READERS = {
    "graphml": lambda data: nx.read_graphml(io.BytesIO(data), force_multigraph=True),
    "gexf": lambda data: nx.read_gexf(io.BytesIO(data)),
}


@pytest.fixture
async def http(seeded: object, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A client over the seeded graph; anonymous unless a request sends the analyst's token."""
    async with jwt_client(settings, {}) as client:
        yield client


def variables(name: str) -> str:
    return (QUERIES / f"{name}.variables.json").read_text()


def expected(name: str, data: dict[str, Any]) -> tuple[int, int]:
    """Nodes and edges in a GraphQL answer, counted from its own shape."""
    if name == "ego-network":
        return len(data["neighbourhood"]["nodes"]), len(data["neighbourhood"]["edges"])
    if name == "connection-between-stakeholders":
        paths = data["paths"]["paths"]
        nodes = {node["id"] for path in paths for node in path["nodes"]}
        edges = {(r["from"], r["to"], r["type"]) for path in paths for r in path["relationships"]}
        return len(nodes), len(edges)
    if name == "collaboration-clusters":
        return len({m["slug"] for c in data["clusters"]["clusters"] for m in c["members"]}), 0
    trace = data["fundingTrace"]
    flows = [flow for hop in trace["hops"] for flow in hop["flows"]]
    nodes = {trace["source"]["slug"]} | {entry["node"]["slug"] for entry in trace["nodes"]}
    for flow in flows:
        nodes |= {flow["funder"]["slug"], flow["recipient"]["slug"]}
        nodes |= {flow["project"]["slug"]} if flow["project"] else set()
    return len(nodes), len({flow["slug"] for flow in flows})


def counted(format_: str, body: bytes, other: bytes | None = None) -> tuple[int, int]:
    if format_ in READERS:
        graph = READERS[format_](body)
        return graph.number_of_nodes(), graph.number_of_edges()
    assert other is not None
    nodes = list(csv.DictReader(io.StringIO(body.decode())))
    edges = list(csv.DictReader(io.StringIO(other.decode())))
    assert all(row["Id"] and row["Label"] for row in nodes)
    assert all(row["Source"] and row["Target"] for row in edges)
    return len(nodes), len(edges)


@pytest.mark.parametrize("as_analyst", [False, True], ids=["anonymous", "analyst"])
@pytest.mark.parametrize("name", EXPORTED)
async def test_every_format_holds_the_answers_nodes_and_edges(
    http: httpx.AsyncClient, name: str, as_analyst: bool
) -> None:
    headers = {"authorization": f"Bearer {analyst_token()}"} if as_analyst else {}
    answer = await http.get(
        "/graphql",
        params={"query": (QUERIES / f"{name}.graphql").read_text(), "variables": variables(name)},
        headers=headers,
    )
    assert answer.status_code == 200 and "errors" not in answer.json(), answer.text
    nodes, edges = expected(name, answer.json()["data"])
    assert nodes > 0
    files = {}
    for format_ in ("graphml", "gexf", "nodes.csv", "edges.csv"):
        response = await http.get(
            f"/export/{name}.{format_}", params={"variables": variables(name)}, headers=headers
        )
        assert response.status_code == 200, response.text
        assert f'filename="{name}.{format_}"' in response.headers["content-disposition"]
        files[format_] = response.content
    assert counted("graphml", files["graphml"]) == (nodes, edges)
    assert counted("gexf", files["gexf"]) == (nodes, edges)
    assert counted("csv", files["nodes.csv"], files["edges.csv"]) == (nodes, edges)


async def test_attributes_analysts_use_are_in_the_file(http: httpx.AsyncClient) -> None:
    headers = {"authorization": f"Bearer {analyst_token()}"}
    response = await http.get(
        "/export/funding-trace-reserve.graphml",
        params={"variables": variables("funding-trace-reserve")},
        headers=headers,
    )
    graph = nx.read_graphml(io.BytesIO(response.content), force_multigraph=True)
    flows = [data for _, _, data in graph.edges(data=True)]
    assert flows and all(flow["type"] == "FUNDING_FLOW" and "status" in flow for flow in flows)
    assert any("amount" in flow and "year" in flow for flow in flows)
    ego = await http.get("/export/EgoNetwork.gexf", params={"variables": variables("ego-network")})
    graph = nx.read_gexf(io.BytesIO(ego.content))
    assert all({"kind", "label", "synthetic"} <= set(data) for _, data in graph.nodes(data=True))


async def test_what_is_not_a_file_is_passed_on_as_the_endpoint_gave_it(http: httpx.AsyncClient) -> None:
    unknown = await http.get("/export/no-such-operation.graphml")
    assert unknown.status_code == 404 and unknown.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    wrong = await http.get("/export/ego-network.svg", params={"variables": variables("ego-network")})
    assert wrong.status_code == 404
    bad = await http.get("/export/ego-network.graphml", params={"variables": json.dumps({"id": "x"})})
    assert bad.headers["content-type"].startswith("application/json") and bad.json()["errors"]
    too_big = {**json.loads(variables("ego-network")), "limit": 100_000}
    refused = await http.get("/export/ego-network.graphml", params={"variables": json.dumps(too_big)})
    assert refused.json()["errors"][0]["extensions"]["code"] == "PAGE_SIZE_TOO_LARGE"


def test_the_command_writes_the_same_files(seeded: object, settings: Settings, tmp_path: Path) -> None:
    environment = {"NEO4J_URI": settings.neo4j_uri or "", "NEO4J_PASSWORD": PASSWORD}
    runner = CliRunner()
    graphml = tmp_path / "ego.graphml"
    done = runner.invoke(
        app, ["export", "ego-network", str(graphml), "--variables", variables("ego-network")], env=environment
    )
    assert done.exit_code == 0, done.output
    graph = nx.read_graphml(graphml, force_multigraph=True)
    assert graph.number_of_nodes() > 1 and graph.number_of_edges() > 0
    tables = runner.invoke(
        app,
        ["export", "ego-network", str(tmp_path / "ego.csv"), "--variables", variables("ego-network")],
        env=environment,
    )
    assert tables.exit_code == 0, tables.output
    assert (tmp_path / "ego.nodes.csv").exists() and (tmp_path / "ego.edges.csv").exists()
    refused = runner.invoke(app, ["export", "ego-network", str(tmp_path / "x.graphml")], env=environment)
    assert refused.exit_code == 1 and "export refused: " in refused.output and "$id" in refused.output
    odd = runner.invoke(app, ["export", "ego-network", str(tmp_path / "x.svg")], env=environment)
    assert odd.exit_code == 2 and "suffix" in odd.output
