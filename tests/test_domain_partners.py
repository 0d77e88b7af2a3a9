"""collaborationPartners: ranked candidates not yet linked, with transparent reasons."""

from __future__ import annotations

from neo4j import AsyncDriver

from hub.config import Settings
from hub.graphql.domain.partners import WEIGHTS, PartnerReasonKind
from tests.test_domain_common import ask, load_network

PARTNERS = """
query Partners($for: ID!, $kinds: [NodeKind!], $region: ID, $first: Int! = 10, $asOf: Date) {
  collaborationPartners(for: $for, kinds: $kinds, region: $region, first: $first, asOf: $asOf) {
    for { slug } region { slug }
    candidates { candidate { slug kind } score
                 reasons { kind explanation via { slug } evidence weight cap points } }
  }
}
"""


def test_every_reason_has_a_weight() -> None:
    assert set(WEIGHTS) == set(PartnerReasonKind)
    assert all(weight.points > 0 and weight.cap >= 1 for weight in WEIGHTS.values())


async def test_candidates_are_ranked_with_their_reasons(db: AsyncDriver, settings: Settings) -> None:
    await load_network(db)
    data, errors, trips = await ask(db, settings, PARTNERS, **{"for": "roc-van-twente"})
    assert not errors and trips == 1
    candidates = data["collaborationPartners"]["candidates"]
    ranking = [(c["candidate"]["slug"], c["score"]) for c in candidates]
    assert ranking == [
        ("acme-metaal", 4.0), ("universiteit-twente", 4.0), ("bolt-techniek", 3.0), ("delta-bouw", 2.0),
        ("cobalt-ict", 1.0), ("roc-aventus", 1.0),
    ]  # fmt: skip
    acme = candidates[0]["reasons"]
    assert acme[0] == {
        "kind": "SHARED_PACT",
        "explanation": "members of the same techniekpact: Techniekpact Twente",
        "via": [{"slug": "techniekpact-twente"}],
        "evidence": 1,
        "weight": 3.0,
        "cap": 2,
        "points": 3.0,
    }
    assert acme[1]["kind"] == "SAME_REGION" and acme[1]["via"] == [{"slug": "twente"}]
    assert candidates[4]["reasons"][0]["kind"] == "PARTNER_OF_PARTNER"
    assert "techniekpact-twente" not in {c["candidate"]["slug"] for c in candidates}, (
        "a direct link is no candidate"
    )


async def test_kinds_region_sector_and_as_of(db: AsyncDriver, settings: Settings) -> None:
    await load_network(db)
    data, _, _ = await ask(db, settings, PARTNERS, **{"for": "acme-metaal", "kinds": ["COMPANY"]})
    result = data["collaborationPartners"]
    bolt = next(c for c in result["candidates"] if c["candidate"]["slug"] == "bolt-techniek")
    assert {reason["kind"] for reason in bolt["reasons"]} == {"SHARED_NETWORK", "SAME_REGION", "SAME_SECTOR"}
    data, _, _ = await ask(
        db, settings, PARTNERS, **{"for": "acme-metaal", "kinds": ["COMPANY"], "asOf": "2020-01-01"}
    )
    slugs = {c["candidate"]["slug"] for c in data["collaborationPartners"]["candidates"]}
    assert "bolt-techniek" not in slugs, "a shared region and sector add points, they find no candidate"
    data, _, _ = await ask(db, settings, PARTNERS, **{"for": "roc-van-twente", "region": "stedendriehoek"})
    result = data["collaborationPartners"]
    assert result["region"] == {"slug": "stedendriehoek"}
    assert [c["candidate"]["slug"] for c in result["candidates"]] == ["cobalt-ict", "roc-aventus"]


async def test_bad_input_is_a_clear_error(db: AsyncDriver, settings: Settings) -> None:
    await load_network(db)
    _, errors, _ = await ask(db, settings, PARTNERS, **{"for": "nowhere"})
    assert errors == ["no node has id 'nowhere'"]
    _, errors, _ = await ask(db, settings, PARTNERS, **{"for": "direct2job"})
    assert errors == ["'direct2job' is a Project; partners are suggested for organisations and people"]
    _, errors, _ = await ask(db, settings, PARTNERS, **{"for": "roc-van-twente", "region": "atlantis"})
    assert errors == ["no node has id 'atlantis'"]
    _, errors, trips = await ask(db, settings, PARTNERS, **{"for": "roc-van-twente", "kinds": ["PROJECT"]})
    assert errors == ["kinds may not include Project here"] and trips == 0


PAGE = """
query Partners($for: ID!, $first: Int!, $after: String) {
  collaborationPartners(for: $for, first: $first, after: $after) {
    candidates { candidate { slug } score }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def test_candidates_page_on_with_a_cursor(db: AsyncDriver, settings: Settings) -> None:
    await load_network(db)
    data, _, _ = await ask(db, settings, PAGE, **{"for": "roc-van-twente", "first": 50})
    whole = data["collaborationPartners"]["candidates"]
    assert data["collaborationPartners"]["pageInfo"]["hasNextPage"] is False
    paged, after = [], None
    while True:
        data, errors, trips = await ask(
            db, settings, PAGE, **{"for": "roc-van-twente", "first": 2, "after": after}
        )
        assert not errors and trips == 1
        page = data["collaborationPartners"]
        paged += page["candidates"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert paged == whole and len(whole) > 2
    _, errors, _ = await ask(db, settings, PAGE, **{"for": "roc-van-twente", "first": 2, "after": "nonsense"})
    assert errors == ["'nonsense' is not a valid cursor"]
