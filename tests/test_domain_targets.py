"""targetProgress: the 40 % target, its observations, and an honest note where no figure is given."""

from __future__ import annotations

from neo4j import AsyncDriver

from hub.config import Settings
from tests.test_domain_common import ask, load_network

TARGETS = """
query Targets($id: ID) {
  targetProgress(id: $id) {
    target { slug } value unit year indicator { slug unit } area { slug } setBy { slug } contributors { slug }
    observations { slug periodStart periodEnd value unit level qualifier area { slug } }
    latest { slug value } gap note
  }
}
"""

OVERALL = """
MATCH (i:Indicator {id: 'instroom-techniek'}), (ov:Province {id: 'overijssel'})
CREATE (o:Observation:Entity {id: 'instroom-2019', name: 'Instroom 2019', periodStart: 2019, periodEnd: 2019,
  value: 31.5, unit: '%'})-[:OBSERVES]->(i), (o)-[:IN_AREA]->(ov)
"""


async def test_qualitative_observations_give_no_gap_and_say_so(db: AsyncDriver, settings: Settings) -> None:
    await load_network(db)
    data, errors, trips = await ask(db, settings, TARGETS, id="doel-40-procent-instroom")
    assert not errors and trips == 1
    [target] = data["targetProgress"]
    assert (target["value"], target["unit"], target["year"]) == (40.0, "%", 2020)
    assert target["setBy"] == [{"slug": "prestatie-5-2-1"}] and target["contributors"] == [
        {"slug": "direct2job"}
    ]
    assert [o["level"] for o in target["observations"]] == ["hbo", "mbo"]
    assert target["observations"][1]["value"] == -1.0
    assert target["latest"] is None and target["gap"] is None
    assert "no figure of Instroom in technische studies in % for all levels" in target["note"]
    assert "hbo Provincie Overijssel 2015-2017: gelijk aan de landelijke trend" in target["note"]


async def test_a_comparable_figure_gives_the_gap(db: AsyncDriver, settings: Settings) -> None:
    await load_network(db)
    await db.execute_query(OVERALL)
    data, _, _ = await ask(db, settings, TARGETS, id="prestatie-5-2-1")
    [target] = data["targetProgress"]
    assert target["latest"] == {"slug": "instroom-2019", "value": 31.5}
    assert target["gap"] == 8.5
    assert target["note"].endswith("the latest figure is 31.5 % (2019): 8.5 % to go.")


async def test_all_targets_and_unknown_ids(db: AsyncDriver, settings: Settings) -> None:
    await load_network(db)
    data, _, _ = await ask(db, settings, TARGETS)
    assert [t["target"]["slug"] for t in data["targetProgress"]] == ["doel-40-procent-instroom"]
    data, _, _ = await ask(db, settings, TARGETS, id="acme-metaal")
    assert data["targetProgress"] == []
    _, errors, _ = await ask(db, settings, TARGETS, id="nowhere")
    assert errors == ["no node has id 'nowhere'"]


REPORT_TARGET = """
query Target($id: ID) {
  targetProgress(id: $id) {
    target { slug } year contributors { slug } trends { slug quotes }
    observations { slug level value qualifier area { slug } indicator { slug } }
    latest { slug } gap note
  }
}
"""


async def test_the_report_target_says_what_the_report_says(seeded: AsyncDriver, settings: Settings) -> None:
    """The 40 % target of the seeded report: its trend (enrolments 2015-2017, the source's words), no gap."""
    data, errors, trips = await ask(
        seeded, settings, REPORT_TARGET, id="doel-40-procent-instroom-techniek-2020"
    )
    assert not errors and trips == 1
    [target] = data["targetProgress"]
    assert target["contributors"] == [{"slug": "regionale-techniekpacten"}]
    [trend] = target["trends"]
    assert trend["slug"] == "inschrijvingen-betatechnische-opleidingen"
    assert any("landelijk gelijk gebleven, maar in de provincie met 1% gedaald" in q for q in trend["quotes"])
    seen = {(o["level"], o["area"]["slug"]): (o["value"], o["qualifier"]) for o in target["observations"]}
    assert seen == {
        ("hbo", "overijssel"): (None, "gelijk aan de landelijke trend"),
        ("wo", "overijssel"): (None, "gelijk aan de landelijke trend"),
        ("mbo", "overijssel"): (-1.0, "in de provincie met 1% gedaald"),
        ("mbo", "nederland"): (0.0, "landelijk gelijk gebleven"),
    }
    assert {o["indicator"]["slug"] for o in target["observations"]} == {trend["slug"]}
    assert target["latest"] is None and target["gap"] is None
    assert "so the gap cannot be computed" in target["note"]
    assert "mbo Provincie Overijssel 2015-2017: -1 %; in de provincie met 1% gedaald" in target["note"]


async def test_a_target_without_a_year_or_figures_says_so(seeded: AsyncDriver, settings: Settings) -> None:
    data, _, _ = await ask(seeded, settings, REPORT_TARGET, id="doel-2-samenwerkingsprojecten")
    [target] = data["targetProgress"]
    assert target["year"] is None and target["observations"] == [] and target["gap"] is None
    assert target["note"] == (
        "The target is 2 samenwerkingsprojecten; the sources give no observation of"
        " Gesteunde samenwerkingsprojecten van regionale bedrijven en ROC's yet."
    )
