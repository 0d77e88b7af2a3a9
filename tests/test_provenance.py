"""`provenance { source section quotes synthetic }` on every node and relationship type, read from the
seeded report."""

from __future__ import annotations

from neo4j import AsyncDriver

from hub.config import Settings
from tests.test_graphql_helpers import ok

TARGET = """
{
  targets(where: {slug: {eq: "doel-40-procent-instroom-techniek-2020"}}, first: 1) {
    edges { node {
      provenance { source section quotes synthetic }
      trendIndicatorsConnection(first: 5) {
        edges { node { slug provenance { quotes } } properties { provenance { source section quotes } } }
      }
    } }
  }
}
"""


async def test_a_node_and_its_relationships_give_their_quotes(
    seeded: AsyncDriver, settings: Settings
) -> None:
    data = await ok(seeded, settings, TARGET)
    [edge] = data["targets"]["edges"]
    target = edge["node"]
    assert target["provenance"]["source"] == "voortgang-2018"
    assert target["provenance"]["section"] == "Acties"
    assert target["provenance"]["synthetic"] is False
    assert "Ook is er aandacht voor meisjes/vrouwen & techniek." in target["provenance"]["quotes"]
    [trend] = target["trendIndicatorsConnection"]["edges"]
    assert trend["node"]["slug"] == "inschrijvingen-betatechnische-opleidingen"
    assert trend["node"]["provenance"]["quotes"]
    relationship = trend["properties"]["provenance"]
    assert (relationship["source"], relationship["section"]) == ("voortgang-2018", "Actie 1")
    assert any("in de provincie met 1% gedaald" in quote for quote in relationship["quotes"])


async def test_every_source_record_quotes_the_report(seeded: AsyncDriver, settings: Settings) -> None:
    """Through the Entity interface too; synthetic records quote nothing."""
    query = """
    query($synthetic: Boolean!) {
      organisations(where: {synthetic: {eq: $synthetic}}, first: 50) {
        edges { node { slug provenance { source quotes synthetic } } }
      }
    }
    """
    real = await ok(seeded, settings, query, {"synthetic": False})
    organisations = [edge["node"] for edge in real["organisations"]["edges"]]
    assert len(organisations) > 20
    quoted = [node for node in organisations if node["provenance"]["source"] == "voortgang-2018"]
    assert quoted and all(node["provenance"]["quotes"] for node in quoted)
    fictional = await ok(seeded, settings, query, {"synthetic": True})
    nodes = [edge["node"]["provenance"] for edge in fictional["organisations"]["edges"]]
    assert nodes and all(p == {"source": None, "quotes": [], "synthetic": True} for p in nodes)
