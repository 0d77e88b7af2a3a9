"""Aggregates of every root collection on the real seeded graph: counts as the collections count, groups by
enum, string, year and relationship end, number and date summaries as Python computes them from the same
graph, each viewer counting and summing only what it may see."""

from __future__ import annotations

from collections import Counter
from statistics import fmean
from typing import Any

import pytest
from neo4j import AsyncDriver

from hub.auth.principal import ANONYMOUS, Principal
from hub.auth.roles import Role
from hub.config import Settings
from hub.graphql.aggregates import dimensions, measures
from hub.graphql.catalog import CATALOG
from hub.graphql.context import Context
from hub.graphql.naming import constant, plural
from hub.graphql.schema import schema
from hub.model import ORGANISATION
from hub.model.values import SchoolLevel
from tests.test_scoping_reads import GRAPH

PARTNER = Principal(subject="key:p", role=Role.PARTNER, org="roc-van-twente")
ANALYST = Principal(subject="key:a", role=Role.ANALYST)
VIEWERS = {"anonymous": ANONYMOUS, "partner": PARTNER, "analyst": ANALYST}
TYPES = [name for name, spec in CATALOG.items() if not spec.abstract or name == ORGANISATION]
"""The node types of the root collections: every kind, and Organisation."""
COLLECTIONS = [plural(name) for name in TYPES]


def test_every_collection_has_an_aggregate_of_exactly_its_dimensions_and_measures() -> None:
    for name in TYPES:
        spec = CATALOG[name]
        root = schema.get_type_by_name("Query")
        assert f"{plural(name)}Aggregate" in {f.name for f in root.fields}  # type: ignore[union-attr]
        group_by = schema.get_type_by_name(f"{name}AggregateGroupBy")
        assert {v.name for v in group_by.values} == {constant(d) for d in dimensions(spec)}  # type: ignore[union-attr]
        group = schema.get_type_by_name(f"{name}AggregateGroup")
        assert {f.name for f in group.fields} == {"key", "count", *measures(spec)}  # type: ignore[union-attr]
    assert {"START_DATE_YEAR", "END_DATE_YEAR", "PROJECT_TYPE", "LEADERS"} <= set(
        map(constant, dimensions(CATALOG["Project"]))
    )
    assert set(measures(CATALOG["FundingFlow"])) == {
        "amount",
        "year",
        "date",
        "expectedFrom",
        "expectedUntil",
    }
    assert not {"id", "slug", "version", "updatedAt", "updatedBy"} & set(dimensions(CATALOG["School"]))


async def answer(
    driver: AsyncDriver, settings: Settings, query: str, principal: Principal = ANALYST, **changes: Any
) -> tuple[Any, list[dict[str, Any]], int]:
    context = Context(
        driver=driver,
        settings=settings.model_copy(update=changes),
        request=None,  # type: ignore[arg-type]
        principal=principal,
    )
    result = await schema.execute(query, context_value=context)
    return result.data, [dict(error.formatted) for error in result.errors or ()], len(context.round_trips)


async def ask(driver: AsyncDriver, settings: Settings, query: str, principal: Principal = ANALYST) -> Any:
    data, errors, _ = await answer(driver, settings, query, principal)
    assert not errors, errors
    return data


async def rows(driver: AsyncDriver, cypher: str) -> list[dict[str, Any]]:
    records, _, _ = await driver.execute_query(cypher)
    return [record.data() for record in records]


@pytest.mark.parametrize("viewer", sorted(VIEWERS))
async def test_every_collection_counts_what_it_lists(
    seeded: AsyncDriver, settings: Settings, viewer: str
) -> None:
    query = "{ " + " ".join(f"{c} {{ totalCount }} {c}Aggregate {{ count }}" for c in COLLECTIONS) + " }"
    data, errors, trips = await answer(seeded, settings, query, VIEWERS[viewer])
    assert not errors and trips == 2 * len(COLLECTIONS)
    for collection in COLLECTIONS:
        assert data[f"{collection}Aggregate"] == [{"count": data[collection]["totalCount"]}], collection
    assert data["fundingFlowsAggregate"][0]["count"] > 0


async def test_group_by_enum_string_and_year(seeded: AsyncDriver, settings: Settings) -> None:
    query = """{
      schoolsAggregate(groupBy: [LEVEL]) { key { level } count }
      companiesAggregate(groupBy: [SECTOR]) { key { sector name } count }
      projectsAggregate(groupBy: [START_DATE_YEAR]) { key { startDateYear } count }
    }"""
    data = await ask(seeded, settings, query)
    levels = Counter(r["level"] for r in await rows(seeded, "MATCH (s:School) RETURN s.level AS level"))
    assert {g["key"]["level"]: g["count"] for g in data["schoolsAggregate"]} == {
        SchoolLevel(level).name: count for level, count in levels.items()
    }
    sectors = Counter(r["sector"] for r in await rows(seeded, "MATCH (c:Company) RETURN c.sector AS sector"))
    assert {g["key"]["sector"]: g["count"] for g in data["companiesAggregate"]} == sectors
    assert len(sectors) > 2 and all(g["key"]["name"] is None for g in data["companiesAggregate"])
    started = await rows(seeded, "MATCH (p:Project) RETURN p.startDate.year AS year")
    years = [g["key"]["startDateYear"] for g in data["projectsAggregate"]]
    assert dict(zip(years, (g["count"] for g in data["projectsAggregate"]), strict=True)) == Counter(
        r["year"] for r in started
    )
    assert years == sorted(years, key=lambda year: (year is None, year)), "ordered by the key, nulls last"


async def test_group_by_relationship_ends(seeded: AsyncDriver, settings: Settings) -> None:
    query = """{
      schoolsAggregate(groupBy: [LEADS]) { key { leads { __typename slug } } count }
      fundingFlowsAggregate(groupBy: [FUNDER, STATUS]) { key { funder { slug } status } count }
    }"""
    data = await ask(seeded, settings, query)
    ends = await rows(
        seeded, "MATCH (s:School) OPTIONAL MATCH (s)-[:LEADS]->(o) RETURN s.id AS school, o.id AS end"
    )
    by_end = Counter(end for _, end in {(r["school"], r["end"]) for r in ends})
    shown = {(g["key"]["leads"] or {}).get("slug"): g["count"] for g in data["schoolsAggregate"]}
    assert shown == by_end
    assert sum(shown.values()) > len({r["school"] for r in ends}), "a school in several counts once per end"
    kinds = {g["key"]["leads"]["__typename"] for g in data["schoolsAggregate"] if g["key"]["leads"]}
    assert "Project" in kinds and kinds <= {"Project", "Campaign", "Pact"}
    flows = await rows(
        seeded, "MATCH (f:FundingFlow)-[:FROM]->(o) RETURN o.id AS funder, toUpper(f.status) AS status"
    )
    assert {
        (g["key"]["funder"]["slug"], g["key"]["status"]): g["count"] for g in data["fundingFlowsAggregate"]
    } == Counter((r["funder"], r["status"]) for r in flows)


def summary(values: list[Any]) -> dict[str, Any]:
    known = [value for value in values if value is not None]
    if not known:
        return {"min": None, "max": None, "sum": None, "avg": None, "count": 0}
    return {"min": min(known), "max": max(known), "sum": sum(known), "avg": fmean(known), "count": len(known)}


async def test_numbers_and_dates_are_summarised(seeded: AsyncDriver, settings: Settings) -> None:
    query = """{
      fundingFlowsAggregate(groupBy: [STATUS]) { key { status } count
        amount { min max sum avg count } most: amount { max } year { min max } }
      projectsAggregate { count startDate { min max count } }
      byYear: fundingFlowsAggregate(groupBy: [YEAR]) { key { year } count year { min max count } }
    }"""
    data = await ask(seeded, settings, query)
    flows = await rows(seeded, "MATCH (f:FundingFlow) RETURN toUpper(f.status) AS status, f.amount AS amount")
    statuses = sorted({r["status"] for r in flows})
    assert [g["key"]["status"] for g in data["fundingFlowsAggregate"]] == statuses
    for group in data["fundingFlowsAggregate"]:
        amounts = [r["amount"] for r in flows if r["status"] == group["key"]["status"]]
        expected = summary(amounts)
        assert group["amount"] == pytest.approx(expected), group["key"]
        assert group["most"] == {"max": expected["max"]} and set(group["year"]) == {"min", "max"}
    assert any(g["amount"]["count"] < g["count"] for g in data["fundingFlowsAggregate"]), "unknown amounts"
    for group in data["byYear"]:  # a year property is both a dimension and a measure
        year = group["key"]["year"]
        assert group["year"] == {"min": year, "max": year, "count": group["count"] if year else 0}
    days = [r["day"] for r in await rows(seeded, "MATCH (p:Project) RETURN p.startDate AS day")]
    dates = sorted(day.iso_format() for day in days if day is not None)
    [projects] = data["projectsAggregate"]
    assert projects["startDate"] == {"min": dates[0], "max": dates[-1], "count": len(dates)}


@pytest.fixture
async def private(db: AsyncDriver) -> AsyncDriver:
    """tests/test_scoping_reads.py's graph: requested flows of Alfa (whose partner sees it) and Beta."""
    await db.execute_query(GRAPH)
    return db


async def test_each_viewer_counts_and_sums_only_what_it_may_see(
    private: AsyncDriver, settings: Settings
) -> None:
    query = """{
      fundingFlowsAggregate { count amount { sum max count } }
      byRecipient: schoolsAggregate(groupBy: [FUNDING_RECEIVED]) { key { fundingReceived { slug } } count }
      peopleAggregate(groupBy: [EMAIL]) { key { email } count }
      organisationsAggregate(groupBy: [SYNTHETIC]) { key { synthetic } count }
    }"""
    alfa = Principal(subject="p", role=Role.PARTNER, org="alfa")
    seen = {
        name: await ask(private, settings, query, who)
        for name, who in {"anonymous": ANONYMOUS, "partner": alfa, "analyst": ANALYST}.items()
    }
    assert {name: d["fundingFlowsAggregate"] for name, d in seen.items()} == {
        "anonymous": [{"count": 1, "amount": {"sum": 100.0, "max": 100.0, "count": 1}}],
        "partner": [{"count": 2, "amount": {"sum": 150.0, "max": 100.0, "count": 2}}],
        "analyst": [{"count": 3, "amount": {"sum": 220.0, "max": 100.0, "count": 3}}],
    }
    received = {
        name: sorted(
            ((g["key"]["fundingReceived"] or {}).get("slug") or "", g["count"]) for g in d["byRecipient"]
        )
        for name, d in seen.items()
    }
    assert received == {
        "anonymous": [("", 1), ("open-grant", 1)],
        "partner": [("", 1), ("ask-alfa", 1), ("open-grant", 1)],
        "analyst": [("ask-alfa", 1), ("ask-beta", 1), ("open-grant", 1)],
    }
    emails = {name: {g["key"]["email"]: g["count"] for g in d["peopleAggregate"]} for name, d in seen.items()}
    assert emails == {
        "anonymous": {None: 2},
        "partner": {"ann@alfa.nl": 1, None: 1},
        "analyst": {"ann@alfa.nl": 1, "bob@beta.nl": 1},
    }
    assert seen["anonymous"]["organisationsAggregate"] == [{"key": {"synthetic": False}, "count": 3}]


async def test_requested_amounts_are_summed_for_who_may_see_them(
    seeded: AsyncDriver, settings: Settings
) -> None:
    query = "{ fundingFlowsAggregate(groupBy: [STATUS]) { key { status } count amount { sum count } } }"
    flows = await rows(
        seeded,
        "MATCH (f:FundingFlow) RETURN toUpper(f.status) AS status, f.amount AS amount,"
        " EXISTS { (f)-[:FROM|TO]->({id: 'roc-van-twente'}) } AS own",
    )
    for viewer, sees in {
        "anonymous": lambda flow: flow["status"] != "REQUESTED",
        "partner": lambda flow: flow["status"] != "REQUESTED" or flow["own"],
        "analyst": lambda flow: True,
    }.items():
        data = await ask(seeded, settings, query, VIEWERS[viewer])
        groups = {g["key"]["status"]: (g["count"], g["amount"]) for g in data["fundingFlowsAggregate"]}
        assert set(groups) == {f["status"] for f in flows if sees(f)}, viewer
        for status, (count, amount) in groups.items():
            chosen = [f["amount"] for f in flows if f["status"] == status and sees(f)]
            expected = summary(chosen)
            assert (count, amount["count"]) == (len(chosen), expected["count"]), (viewer, status)
            assert amount["sum"] == pytest.approx(expected["sum"]), (viewer, status)
    assert any(f["status"] == "REQUESTED" and f["own"] for f in flows)


@pytest.mark.parametrize(
    ("query", "wrong"),
    [
        ("{ schoolsAggregate(groupBy: [SECTOR]) { count } }", "SECTOR"),
        ("{ schoolsAggregate(groupBy: [FUNDER]) { count } }", "FUNDER"),
        ('{ schoolsAggregate(groupBy: ["name"]) { count } }', '"name"'),
        ("{ schoolsAggregate { amount { sum } } }", "amount"),
    ],
)
async def test_unknown_dimensions_and_measures_are_refused(
    db: AsyncDriver, settings: Settings, query: str, wrong: str
) -> None:
    data, errors, trips = await answer(db, settings, query)
    assert data is None and trips == 0
    assert len(errors) == 1 and wrong in errors[0]["message"]


async def test_grouping_by_a_relationship_is_priced(seeded: AsyncDriver, settings: Settings) -> None:
    query = "{ schoolsAggregate%s { count } }"
    data, errors, _ = await answer(seeded, settings, query % "", hub_max_work=1)
    assert not errors and data["schoolsAggregate"][0]["count"] > 0, "no walk: nothing to price"
    _, errors, _ = await answer(seeded, settings, query % "(groupBy: [MEMBER_OF, LEVEL])", hub_max_work=1)
    assert [error["extensions"]["code"] for error in errors] == ["QUERY_TOO_COSTLY"]
