"""The source network in the graph: every entity and figure of the 2018 progress report, with provenance."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncDriver
from neo4j.time import Date

from hub.config import Settings
from hub.model import NODE_KINDS
from hub.seeding.network import Network
from hub.seeding.source import write_network
from hub.seeding.validation import read_network
from tests.graph_snapshot import snapshot

SOURCE = "voortgang-2018"
SECTIONS = {"Context", "Acties", "Actie 1", "Actie 2", "Actie 3", "Actie 4", "Toelichting op voortgang"} | {
    "Financiën",
    "Basisinformatie",
}
PPS_APPLICANTS = {
    "pps-alfa-college-smart-industrie": "alfa-college",
    "hc3": "roc-aventus",
    "scale-up-techwise": "roc-van-twente",
    "direct2job": "roc-van-twente",
}


@pytest.fixture
def network(repo_root: Path) -> Network:
    return read_network(repo_root / "seeds" / "source")


@pytest.fixture
async def graph(db: AsyncDriver, settings: Settings, network: Network) -> AsyncDriver:
    await write_network(db, network, settings.neo4j_database)
    return db


async def rows(driver: AsyncDriver, query: str, **parameters: Any) -> list[dict[str, Any]]:
    records, _, _ = await driver.execute_query(query, parameters)
    return [record.data() for record in records]


async def node(driver: AsyncDriver, label: str, id_: str) -> dict[str, Any]:
    assert label in NODE_KINDS
    [found] = await rows(driver, f"MATCH (n:{label} {{id: $id}}) RETURN properties(n) AS n", id=id_)
    props: dict[str, Any] = found["n"]
    return props


async def ends(driver: AsyncDriver, start: str, type_: str) -> dict[str, dict[str, Any]]:
    """The ends of a node's outgoing relationships of one type, with the relationship properties."""
    found = await rows(
        driver, f"MATCH ({{id: $id}})-[r:{type_}]->(b) RETURN b.id AS b, properties(r) AS r", id=start
    )
    return {row["b"]: row["r"] for row in found}


async def test_areas_and_actors(graph: AsyncDriver) -> None:
    province = await node(graph, "Province", "overijssel")
    assert (province["name"], province["role"]) == ("Provincie Overijssel", "regisseur")
    for region in ("twente", "stedendriehoek", "zwolle", "deventer"):
        assert (await node(graph, "Region", region))["regionType"] == "region"
    assert (await node(graph, "Region", "landsdeel-oost"))["regionType"] == "part_of_country"
    assert (await node(graph, "Country", "duitsland"))["code"] == "DE"
    pacts = {row["name"] for row in await rows(graph, "MATCH (p:Pact) RETURN p.name AS name")}
    assert {
        "Techniekpact Twente",
        "Techniekpact Stedendriehoek",
        "Techniekpact Zwolle",
        "Techniekpact 2020 / Nationaal Akkoord 'Menselijk kapitaal'",
        "Landelijk Techniekpact",
    } <= pacts
    assert (await node(graph, "Pact", "landelijk-techniekpact"))["url"].rstrip(
        "/"
    ) == "http://techniekpact.nl"
    assert (await node(graph, "ExpertiseCentre", "techyourfuture"))["name"] == "TechYourFuture"
    networks = {row["name"] for row in await rows(graph, "MATCH (n:Network) RETURN n.name AS name")}
    assert networks == {"Pioniers van Overijssel", "Smart Industry Netwerk Oost"}
    assert "Generiek" in (await node(graph, "EmployerOrganisation", "werkgeversorganisaties"))["description"]
    schools = {
        row["name"]: row["level"]
        for row in await rows(graph, "MATCH (s:School) RETURN s.name AS name, s.level AS level")
    }
    assert schools == {
        "Alfa College": "mbo",
        "ROC Aventus": "mbo",
        "ROC van Twente": "mbo",
        "Hogeschool Windesheim": "hbo",
        "Universiteit Twente": "wo",
    }
    companies = await rows(graph, "MATCH (c:Company) RETURN c.id AS id, c.description AS description")
    assert {row["id"] for row in companies} == {"regionale-topbedrijven", "regionale-mkb-bedrijven"}
    assert all(row["description"].startswith("Generiek") for row in companies)  # no company is named
    others = await rows(graph, "MATCH (o:OtherOrganisation) RETURN o.id AS id ORDER BY id")
    assert [row["id"] for row in others] == ["deventer-informatiestad", "wimm"]


async def test_people(graph: AsyncDriver) -> None:
    assert (await node(graph, "Person", "eddy-van-hijum"))["name"] == "Eddy van Hijum"
    assert (await ends(graph, "eddy-van-hijum", "RESPONSIBLE_FOR"))["prestatie-5-2-1"]["role"] == (
        "verantwoordelijk portefeuillehouder"
    )
    lector = await node(graph, "Person", "associate-lector-sociale-innovatie-windesheim")
    assert lector["name"].startswith("Associate lector sociale innovatie")
    assert set(await ends(graph, lector["id"], "WORKS_FOR")) == {"hogeschool-windesheim"}
    attendees = await rows(
        graph, "MATCH (a)-[:ATTENDED]->(:Event {id: 'bijeenkomst-sociale-innovatie'}) RETURN a.id AS id"
    )
    assert {row["id"] for row in attendees} == {lector["id"], "pioniers-van-overijssel"}


async def test_agreements_and_memberships(graph: AsyncDriver) -> None:
    agreements = await ends(graph, "overijssel", "AGREEMENT_WITH")
    assert set(agreements) == {"techniekpact-twente", "techniekpact-stedendriehoek"}
    for agreement in agreements.values():
        assert (agreement["since"], agreement["until"]) == (Date(2018, 1, 1), Date(2019, 12, 31))
        assert agreement["subject"] == "instroom in de techniek"
    membership = (await ends(graph, "overijssel", "MEMBER_OF"))["techniekpact-2020"]
    assert membership["role"] == "bestuurlijk aanspreekpunt landsdeel Oost"


async def test_the_four_pps_applications_and_who_applied(graph: AsyncDriver) -> None:
    for project, school in PPS_APPLICANTS.items():
        props = await node(graph, "Project", project)
        assert (props["projectType"], props["status"]) == ("public_private_partnership", "applied")
        assert (await ends(graph, school, "LEADS"))[project]["role"] == "lead applicant"
        [flow] = await rows(
            graph,
            "MATCH (f:FundingFlow)-[:FOR]->(:Project {id: $project})"
            " MATCH (f)-[:TO]->(r) MATCH (f)-[:FROM]->(g)"
            " RETURN f.status AS status, f.amount AS amount, r.id AS recipient, g.id AS funder",
            project=project,
        )
        assert flow == {
            "status": "requested",
            "amount": None,
            "recipient": school,
            "funder": "prestatie-5-2-1",
        }
    assert (await node(graph, "Project", "hc3"))["name"] == "HC3"
    assert set(await ends(graph, "pps-alfa-college-smart-industrie", "AIMS_AT")) == {"dutchtechzone"}


async def test_talent_and_social_innovation_projects(graph: AsyncDriver) -> None:
    talent = {
        "talent-it": "Talent IT",
        "mkb-technology-scholarship": "MKB Technology Scholarship",
        "orientatieprogramma-techniekstudenten-wimm": "Oriëntatie programma voor techniekstudenten (WIMM)",
        "pilot-alumninetwerken": "Pilot alumninetwerken",
        "platform-deventer-informatiestad": "Platform van bedrijven en studenten van Deventer informatiestad",
    }
    for project, name in talent.items():
        props = await node(graph, "Project", project)
        assert (props["name"], props["status"]) == (name, "in_progress")
    assert "mkb-technology-scholarship" in await ends(graph, "universiteit-twente", "LEADS")
    assert "fieldlab-sociale-innovatie" in await ends(graph, "smart-industry-netwerk-oost", "PARTICIPATES_IN")
    scheme = await node(graph, "Project", "mkb-hrm-regeling")
    assert (scheme["projectType"], scheme["name"]) == ("scheme", "MKB-HRM regeling")
    figures = await rows(
        graph,
        "MATCH (o:Observation)-[:OBSERVES]->(i:Indicator) WHERE o.id ENDS WITH 'mkb-hrm-regeling-2018'"
        " RETURN i.unit AS unit, o.value AS value, o.periodStart AS start, o.periodEnd AS end",
    )
    assert sorted((f["unit"], f["value"], f["start"], f["end"]) for f in figures) == [
        ("bedrijven", 30.0, 2018, 2018),
        ("werkenden", 500.0, 2018, 2018),
    ]
    plan = await node(graph, "Project", "plan-wetenschap-en-technologie-po-vo")
    assert (plan["projectType"], plan["status"]) == ("plan", "planned")
    [flow] = await rows(
        graph,
        "MATCH (f:FundingFlow)-[:FOR]->(:Project {id: 'plan-wetenschap-en-technologie-po-vo'})"
        " RETURN f.status AS status, f.year AS year, f.purpose AS purpose",
    )
    assert (flow["status"], flow["year"]) == ("planned", 2019) and "februari 2019" in flow["purpose"]
    propositions = await rows(
        graph,
        "MATCH (a)-[:PARTICIPATES_IN]->(:Project {id: 'proposities-techniekonderwijs-po-vo'})"
        " RETURN a.id AS id",
    )
    assert "techyourfuture" in {row["id"] for row in propositions}


async def test_talent_campaign_and_action_plan(graph: AsyncDriver) -> None:
    assert set(await ends(graph, "campagne-talent-aantrekken-en-binden", "AIMS_AT")) == {"duitsland"}
    plan = await node(graph, "Programme", "actieplan-talent-binden-en-boeien")
    assert (plan["name"], plan["programmeType"], plan["year"]) == (
        "Actieplan talent binden en boeien",
        "action_plan",
        2018,
    )


async def test_programmes_fund_and_the_reserve_withdrawal(graph: AsyncDriver) -> None:
    line = await node(graph, "Programme", "prestatie-5-2-1")
    assert (line["programmeType"], line["code"], line["year"]) == ("budget_line", "5.2.1", 2019)
    assert (await node(graph, "Programme", "begroting-2016"))["code"] == "PS/2015/687"
    assert (await node(graph, "Programme", "coalitieakkoord-overijssel-werkt"))["programmeType"] == (
        "coalition_agreement"
    )
    assert (await node(graph, "Programme", "motie-onderzoek-overijsselse-arbeidsmarkt"))[
        "programmeType"
    ] == "motion"
    assert set(await ends(graph, "prestatie-5-2-1", "BASED_ON")) == {
        "coalitieakkoord-overijssel-werkt",
        "begroting-2016",
    }
    [flow] = await rows(
        graph,
        "MATCH (f:FundingFlow)-[:FROM]->(:Fund {name: 'Reserve uitvoering Kwaliteit van Overijssel'})"
        " MATCH (f)-[:TO]->(to) RETURN properties(f) AS f, to.id AS to",
    )
    assert flow["to"] == "prestatie-5-2-1"
    props = flow["f"]
    assert (props["amount"], props["currency"], props["year"], props["status"]) == (
        1_080_000.0,
        "EUR",
        2019,
        "awarded",
    )
    assert props["section"] == "Financiën" and "onttrekking" in props["instrument"]
    amounts = await rows(graph, "MATCH (f:FundingFlow) WHERE f.amount IS NOT NULL RETURN f.id AS id")
    assert amounts == [{"id": props["id"]}]  # the source gives no other amount


async def test_funding_of_the_techniekpacten(graph: AsyncDriver) -> None:
    flows = {
        row["to"]: row
        for row in await rows(
            graph,
            "MATCH (:Programme {id: 'prestatie-5-2-1'})<-[:FROM]-(f:FundingFlow)-[:TO]->(p:Pact)"
            " RETURN p.id AS to, f.status AS status, f.year AS year, f.amount AS amount",
        )
    }
    assert {pact: row["status"] for pact, row in flows.items()} == {
        "techniekpact-twente": "awarded",
        "techniekpact-stedendriehoek": "awarded",
        "techniekpact-zwolle": "requested",
        "regionale-techniekpacten": "planned",
    }
    assert flows["techniekpact-zwolle"]["year"] == 2019
    assert all(row["amount"] is None for row in flows.values())


async def test_monitoring(graph: AsyncDriver) -> None:
    dashboard = await node(graph, "Dashboard", "arbeidsmarkt-in-zicht")
    assert (dashboard["name"], dashboard["launched"]) == ("Arbeidsmarkt in zicht", Date(2018, 11, 1))
    assert set(await ends(graph, "arbeidsmarkt-in-zicht", "BASED_ON")) == {
        "motie-onderzoek-overijsselse-arbeidsmarkt"
    }
    assert set(await ends(graph, "techniekpactmonitor", "MEASURES")) == {
        "leerlingen-met-techniekprofiel",
        "techniekstudenten",
        "banen-techniek",
        "vacatures-techniek",
    }
    assert "techniekpactmonitor" in await ends(graph, "techniekpact-twente", "OPERATES")
    target = await node(graph, "Target", "doel-40-procent-instroom-techniek-2020")
    assert (target["value"], target["unit"], target["year"]) == (40.0, "%", 2020)
    assert set(await ends(graph, target["id"], "MEASURED_BY")) == {"instroom-technische-studies"}
    assert set(await ends(graph, target["id"], "IN_AREA")) == {"overijssel"}
    observations = await rows(
        graph,
        "MATCH (o:Observation)-[:OBSERVES]->(:Indicator {id: 'inschrijvingen-betatechnische-opleidingen'})"
        " MATCH (o)-[:IN_AREA]->(a) RETURN a.id AS area, o.level AS level, o.value AS value,"
        " o.qualifier AS qualifier, o.periodStart AS start, o.periodEnd AS end",
    )
    found = {(o["area"], o["level"]): (o["value"], o["start"], o["end"]) for o in observations}
    assert found == {
        ("overijssel", "mbo"): (-1.0, 2015, 2017),
        ("nederland", "mbo"): (0.0, 2015, 2017),
        ("overijssel", "hbo"): (None, 2015, 2017),
        ("overijssel", "wo"): (None, 2015, 2017),
    }
    assert all(o["qualifier"] for o in observations)


async def test_everything_has_provenance(graph: AsyncDriver) -> None:
    nodes = await rows(
        graph,
        "MATCH (n:Entity)"
        " RETURN n.id AS id, n.source AS source, n.section AS section, n.synthetic AS synthetic",
    )
    relationships = await rows(
        graph,
        "MATCH (:Entity)-[r]->(:Entity)"
        " RETURN r.source AS source, r.section AS section, r.synthetic AS synthetic",
    )
    documents = {row["id"] for row in await rows(graph, "MATCH (d:Document) RETURN d.id AS id")}
    for record in nodes + relationships:
        assert record["source"] in documents and record["synthetic"] is False and record["section"], record
    from_report = [record for record in nodes + relationships if record["source"] == SOURCE]
    assert len(from_report) > 150
    assert {record["section"] for record in from_report} == SECTIONS
    [document] = await rows(
        graph, "MATCH (d:Document {id: $id}) RETURN d.file AS file, d.year AS year", id=SOURCE
    )
    assert document == {"file": "000_040df5116de40b65.txt", "year": 2018}


async def test_labels_follow_the_registry(graph: AsyncDriver, network: Network) -> None:
    found = await rows(graph, "MATCH (n:Entity) RETURN n.id AS id, labels(n) AS labels")
    assert {row["id"]: set(row["labels"]) for row in found} == {
        node.record.id: set(node.kind.labels) for node in network.nodes
    }


async def test_seeding_twice_changes_nothing(
    graph: AsyncDriver, settings: Settings, network: Network
) -> None:
    before = await snapshot(graph)
    written = await write_network(graph, network, settings.neo4j_database)
    assert (written.nodes_created, written.relationships_created, written.relationships_deleted) == (0, 0, 0)
    assert await snapshot(graph) == before
    assert len(before[0]) == len(network.nodes) and len(before[1]) == len(network.edges)


async def test_an_edited_reference_replaces_the_single_relationship(
    graph: AsyncDriver, settings: Settings, repo_root: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "source"
    shutil.copytree(repo_root / "seeds" / "source", folder)
    finance = folder / "50-finance.yaml"
    finance.write_text(
        finance.read_text().replace(
            "funder: prestatie-5-2-1\n    recipient: techniekpact-zwolle",
            "funder: reserve-uitvoering-kwaliteit-van-overijssel\n    recipient: techniekpact-zwolle",
        )
    )
    await write_network(graph, read_network(folder), settings.neo4j_database)
    assert set(await ends(graph, "aanvraag-techniekpact-zwolle-2019", "FROM")) == {
        "reserve-uitvoering-kwaliteit-van-overijssel"
    }
