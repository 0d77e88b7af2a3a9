"""The named operations in queries/: each runs over HTTP against the seeded graph, answers what the source
document says, and makes exactly one Cypher round trip per root field."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from graphql import OperationDefinitionNode, parse

from hub.app import create_app
from hub.config import Settings, load_settings

QUERIES = Path(__file__).resolve().parent.parent / "queries"
RESERVE = "reserve-uitvoering-kwaliteit-van-overijssel"
PPP_PROJECTS = {"direct2job", "hc3", "scale-up-techwise", "pps-alfa-college-smart-industrie"}


@pytest.fixture
def seeded_graph(request: pytest.FixtureRequest) -> object:
    """The `seeded` fixture of tests/conftest.py (source network and a synthetic layer), or a skip."""
    try:
        return request.getfixturevalue("seeded")
    except pytest.FixtureLookupError:
        pytest.skip("needs the `seeded` fixture in tests/conftest.py")


@asynccontextmanager
async def jwt_client(settings: Settings, headers: dict[str, str]) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client to an app that accepts the test tokens (`analyst_token`), sending `headers`."""
    jwt_settings = load_settings(
        **{
            **settings.model_dump(),
            "hub_jwt_secret": SECRET,
            "hub_jwt_issuer": "hub-tests",
            "hub_jwt_audience": "hub",
        },
        _env_file=None,
    )
    app = create_app(jwt_settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://hub.test", headers=headers
        ) as http:
            yield http


@pytest.fixture
async def seeded_client(seeded_graph: object, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client over the seeded graph, reading as an analyst (requested funding is private)."""
    async with jwt_client(settings, {"authorization": f"Bearer {analyst_token()}"}) as http:
        yield http


SECRET = "a-test-secret-that-is-long-enough-for-hs256"


def analyst_token() -> str:
    """A bearer token of an analyst, for the JWT settings of `seeded_client`."""
    claims = {
        "sub": "queries",
        "iss": "hub-tests",
        "aud": "hub",
        "exp": int(time.time()) + 3600,
        "role": "analyst",
    }
    return jwt.encode(claims, SECRET, algorithm="HS256")


def root_fields(document: str) -> int:
    """The number of root fields the operation selects: each must cost exactly one round trip."""
    [operation] = [d for d in parse(document).definitions if isinstance(d, OperationDefinitionNode)]
    return len(operation.selection_set.selections)


async def run(client: httpx.AsyncClient, name: str) -> dict[str, Any]:
    """POST queries/<name>.graphql with its variables; the data, after checking errors and round trips."""
    document = (QUERIES / f"{name}.graphql").read_text()
    variables_file = QUERIES / f"{name}.variables.json"
    variables = json.loads(variables_file.read_text()) if variables_file.exists() else None
    response = await client.post(
        "/graphql", json={"query": document, "variables": variables}, headers={"X-Hub-Explain": "1"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    assert len(body["extensions"]["cypher"]) == root_fields(document), "one round trip per root field"
    data: dict[str, Any] = body["data"]
    return data


def test_every_query_is_a_named_operation_with_a_comment_and_valid_variables() -> None:
    files = sorted(QUERIES.glob("*.graphql"))
    assert len(files) >= 12
    for path in files:
        text = path.read_text()
        assert text.startswith("# "), f"{path.name}: say who asks it and why in a leading comment"
        [operation] = [d for d in parse(text).definitions if isinstance(d, OperationDefinitionNode)]
        assert operation.name is not None, f"{path.name}: name the operation"
        declared = {v.variable.name.value for v in operation.variable_definitions or ()}
        variables = path.with_suffix(".variables.json")
        given = set(json.loads(variables.read_text())) if variables.exists() else set()
        assert given == declared, f"{path.name}: variables file and declared variables differ"


async def test_funding_trace_from_the_reserve(seeded_client: httpx.AsyncClient) -> None:
    trace = (await run(seeded_client, "funding-trace-reserve"))["fundingTrace"]
    assert trace["source"]["slug"] == RESERVE
    first = trace["hops"][0]["flows"]
    [withdrawal] = [flow for flow in first if flow["recipient"]["slug"] == "prestatie-5-2-1"]
    assert (withdrawal["amount"], withdrawal["year"], withdrawal["status"]) == (1_080_000, 2019, "AWARDED")
    nodes = {node["node"]["slug"]: node for node in trace["nodes"]}
    assert nodes["prestatie-5-2-1"]["received"]["known"] >= 1_080_000
    assert nodes["prestatie-5-2-1"]["hop"] == 1
    assert {"techniekpact-twente", "roc-van-twente"} <= set(nodes)


async def test_funding_requests_of_prestatie(seeded_client: httpx.AsyncClient) -> None:
    trace = (await run(seeded_client, "funding-requests-of-prestatie"))["fundingTrace"]
    [hop] = trace["hops"]
    real = [flow for flow in hop["flows"] if flow["project"] and flow["project"]["slug"] in PPP_PROJECTS]
    assert {flow["project"]["slug"] for flow in real} == PPP_PROJECTS
    assert {flow["status"] for flow in hop["flows"]} <= {"REQUESTED", "AWARDED"}
    recipients = {flow["recipient"]["slug"] for flow in hop["flows"]}
    assert {"techniekpact-twente", "techniekpact-stedendriehoek", "techniekpact-zwolle"} <= recipients


async def test_connection_between_roc_and_the_reserve(seeded_client: httpx.AsyncClient) -> None:
    result = (await run(seeded_client, "connection-between-stakeholders"))["paths"]
    explanations = [path["explanation"] for path in result["paths"]]
    assert explanations[0] == (
        "ROC van Twente is funded by Prestatie 5.2.1 kiezen, leren en werken in de techniek, "
        "which has a relation with Reserve uitvoering Kwaliteit van Overijssel"
    ), "the report's 'Relatie met reserve': shorter than the money drawn from the reserve"
    first = result["paths"][0]
    assert first["length"] == 3 and [n["kind"] for n in first["nodes"]][::2] == ["SCHOOL", "PROGRAMME"]
    assert first["nodes"][-1]["kind"] == "FUND"
    assert all(rel["from"] in {n["id"] for n in first["nodes"]} for rel in first["relationships"])


async def test_agreement_as_of(seeded_client: httpx.AsyncClient) -> None:
    data = await run(seeded_client, "agreements-then-and-now")
    [path] = data["in2018"]["paths"]
    assert path["explanation"] == "Provincie Overijssel has an agreement with Techniekpact Twente"
    assert path["relationships"][0]["properties"]["until"] == "2019-12-31"
    assert data["in2021"]["paths"] == []


async def test_ego_network_of_a_pact(seeded_client: httpx.AsyncClient) -> None:
    ego = (await run(seeded_client, "ego-network"))["neighbourhood"]
    assert ego["centre"]["slug"] == "techniekpact-twente" and ego["nodes"][0]["hop"] == 0
    slugs = {node["slug"] for node in ego["nodes"]}
    assert {"overijssel", "twente", "bijdrage-techniekpact-twente-2018-2019", "prestatie-5-2-1"} <= slugs
    ids = {node["id"] for node in ego["nodes"]}
    assert len(ids) == len(ego["nodes"]) and len({edge["id"] for edge in ego["edges"]}) == len(ego["edges"])
    assert all(edge["source"] in ids and edge["target"] in ids for edge in ego["edges"])


async def test_ppp_projects_around_prestatie(seeded_client: httpx.AsyncClient) -> None:
    ego = (await run(seeded_client, "ppp-projects-around-prestatie"))["neighbourhood"]
    assert {node["kind"] for node in ego["nodes"][1:]} <= {"FUNDING_FLOW", "PROJECT", "SCHOOL"}
    projects = {node["slug"] for node in ego["nodes"] if node["kind"] == "PROJECT"}
    assert projects >= PPP_PROJECTS
    assert {"roc-van-twente", "roc-aventus", "alfa-college"} <= {node["slug"] for node in ego["nodes"]}


async def test_partners_for_roc_van_twente(seeded_client: httpx.AsyncClient) -> None:
    result = (await run(seeded_client, "partners-for-school"))["collaborationPartners"]
    candidates = result["candidates"]
    assert 0 < len(candidates) <= 10
    scores = [candidate["score"] for candidate in candidates]
    assert scores == sorted(scores, reverse=True)
    for candidate in candidates:
        assert candidate["score"] == sum(reason["points"] for reason in candidate["reasons"])
        assert candidate["candidate"]["slug"] not in {"roc-van-twente", "direct2job", "twente"}


async def test_partner_companies_in_a_region(seeded_client: httpx.AsyncClient) -> None:
    result = (await run(seeded_client, "partner-companies-in-region"))["collaborationPartners"]
    assert result["region"]["slug"] == "stedendriehoek"
    assert all(c["candidate"]["slug"].startswith("synthetic-company-") for c in result["candidates"])


async def test_the_40_percent_target(seeded_client: httpx.AsyncClient) -> None:
    [target] = (await run(seeded_client, "target-progress"))["targetProgress"]
    assert (target["value"], target["unit"], target["year"]) == (40, "%", 2020)
    assert target["setBy"] and target["latest"] is None and target["gap"] is None
    assert "no observation" in target["note"] or "no figure" in target["note"]
    assert [trend["slug"] for trend in target["trends"]] == ["inschrijvingen-betatechnische-opleidingen"]
    assert {(o["level"], o["area"]["slug"]) for o in target["observations"]} == {
        ("hbo", "overijssel"),
        ("wo", "overijssel"),
        ("mbo", "overijssel"),
        ("mbo", "nederland"),
    }


async def test_what_the_report_says_of_the_40_percent_target(seeded_client: httpx.AsyncClient) -> None:
    [edge] = (await run(seeded_client, "report-on-the-40-procent-target"))["targets"]["edges"]
    target = edge["node"]
    assert target["provenance"]["section"] == "Acties"
    assert any("met als doel 40% instroom" in quote for quote in target["provenance"]["quotes"])
    [trend] = target["trendIndicatorsConnection"]["edges"]
    assert trend["properties"]["provenance"]["section"] == "Actie 1"
    observations = trend["node"]["observations"]
    assert len(observations) == 4 and all(o["provenance"]["quotes"] for o in observations)


async def test_the_facts_of_actie_2_and_their_quotes(seeded_client: httpx.AsyncClient) -> None:
    data = await run(seeded_client, "facts-of-a-section")
    projects = {edge["node"]["slug"]: edge["node"] for edge in data["projects"]["edges"]}
    assert set(projects) == PPP_PROJECTS
    [lead] = projects["hc3"]["leadersConnection"]["edges"]
    assert lead["properties"]["provenance"]["quotes"] == ["Een ander project is HC3 van ROC Aventus."]
    partners = projects["pps-alfa-college-smart-industrie"]["participantsConnection"]["edges"]
    assert [p["node"]["slug"] for p in partners] == ["regionale-mkb-bedrijven"], "no synthetic partner"
    flows = [edge["node"] for edge in data["fundingFlows"]["edges"]]
    assert len(flows) == 4
    assert all((f["expectedFrom"], f["expectedUntil"]) == ("2019-01-01", "2019-12-31") for f in flows)
    [applications] = [edge["node"] for edge in data["observations"]["edges"]]
    assert applications["value"] == 4


async def test_the_expected_funding_steps(seeded_client: httpx.AsyncClient) -> None:
    flows = [edge["node"] for edge in (await run(seeded_client, "expected-steps"))["fundingFlows"]["edges"]]
    assert flows[0]["slug"] == "aanvraag-pps-alfa-college-smart-industrie" or flows[0]["expectedFrom"] == (
        "2019-01-01"
    )
    plan = next(f for f in flows if f["slug"] == "aanvraag-plan-wetenschap-en-technologie-po-vo")
    assert (plan["expectedFrom"], plan["expectedUntil"], plan["status"]) == (
        "2019-02-01",
        "2019-02-28",
        "PLANNED",
    )
    assert len(flows) == 5 and all(f["provenance"]["quotes"] for f in flows)


async def test_collaboration_clusters(seeded_client: httpx.AsyncClient) -> None:
    result = (await run(seeded_client, "collaboration-clusters"))["clusters"]
    sizes = [cluster["size"] for cluster in result["clusters"]]
    assert result["total"] >= len(sizes) >= 1 and sizes == sorted(sizes, reverse=True)
    assert all(cluster["size"] == len(cluster["members"]) >= 2 for cluster in result["clusters"])
    assert all(m["kind"] != "PROVINCE" for cluster in result["clusters"] for m in cluster["members"])


async def test_companies_in_talent_projects(seeded_client: httpx.AsyncClient) -> None:
    projects = [
        edge["node"]
        for edge in (await run(seeded_client, "companies-in-talent-projects"))["projects"]["edges"]
    ]
    assert projects and all(p["projectType"] in {"TALENT", "PUBLIC_PRIVATE_PARTNERSHIP"} for p in projects)
    for project in projects:
        participants = project["participantsConnection"]
        assert participants["totalCount"] >= 1
        assert all("sector" in edge["node"] for edge in participants["edges"])
    direct2job = next(p for p in projects if p["slug"] == "direct2job")
    assert {flow["funder"]["slug"] for flow in direct2job["funding"]} == {"prestatie-5-2-1"}


async def test_the_four_ppp_applications(seeded_client: httpx.AsyncClient) -> None:
    projects = (await run(seeded_client, "ppp-applications"))["projects"]
    assert projects["totalCount"] == 4
    nodes = {edge["node"]["slug"]: edge["node"] for edge in projects["edges"]}
    assert set(nodes) == PPP_PROJECTS
    assert [leader["slug"] for leader in nodes["hc3"]["leaders"]] == ["roc-aventus"]
    assert [(f["funder"]["slug"], f["status"]) for f in nodes["direct2job"]["funding"]] == [
        ("prestatie-5-2-1", "REQUESTED")
    ]


async def test_pact_members_as_of(seeded_client: httpx.AsyncClient) -> None:
    [pact] = (await run(seeded_client, "pact-members-as-of"))["pacts"]["edges"]
    members = pact["node"]["membersConnection"]
    assert pact["node"]["slug"] == "techniekpact-twente"
    assert members["totalCount"] == len(members["edges"]) or members["totalCount"] > 50
    assert all((e["properties"]["since"] or "") <= "2019-06-01" for e in members["edges"])


async def test_funding_by_status(seeded_client: httpx.AsyncClient) -> None:
    groups = {
        g["key"]["status"]: g for g in (await run(seeded_client, "funding-by-status"))["fundingAggregate"]
    }
    assert groups["REQUESTED"]["unknownAmountCount"] >= 5, (
        "the four PPP applications and Zwolle give no amount"
    )
    assert groups["AWARDED"]["count"] >= 2


async def test_projects_by_type_and_year(seeded_client: httpx.AsyncClient) -> None:
    data = await run(seeded_client, "projects-by-type-and-year")
    listed = await run(seeded_client, "ppp-applications")
    by_type = {
        (g["key"]["projectType"], g["key"]["startDateYear"]): g["count"] for g in data["byTypeAndYear"]
    }
    assert {kind for kind, _ in by_type} == {"TALENT", "PUBLIC_PRIVATE_PARTNERSHIP"}
    assert sum(by_type.values()) >= listed["projects"]["totalCount"] == 4
    leaders = {(g["key"]["leaders"] or {}).get("slug"): g["count"] for g in data["byLeader"]}
    assert leaders["roc-van-twente"] >= 2, "it leads Scale-up TechWise and Direct2Job"
