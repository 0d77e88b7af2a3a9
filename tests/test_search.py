"""Strings on the seeded graph: case-insensitive filters, and `search` folding accents, forgiving typos,
finding compounds by their first part, ranked, and safe from whatever text it is given."""

from __future__ import annotations

import re
from typing import Any

import pytest
from neo4j import AsyncDriver

from hub.config import Settings
from hub.graphql.compiler.lucene import fold
from tests.test_graphql_helpers import execute, ok

SCORES = "query($q: String!) { search(query: $q) { score } }"
SEARCH = """query($q: String!, $kinds: [NodeKind!], $first: Int, $after: String) {
  search(query: $q, kinds: $kinds, first: $first, after: $after) {
    score cursor node { __typename ... on Entity { slug name description } }
  }
}"""


async def search(graph: AsyncDriver, settings: Settings, text: str, **arguments: Any) -> list[Any]:
    hits: list[Any] = (await ok(graph, settings, SEARCH, {"q": text, **arguments}))["search"]
    return hits


def found(hits: list[Any]) -> list[str]:
    return [hit["node"]["slug"] for hit in hits]


async def test_case_insensitive_operators_find_talent(seeded: AsyncDriver, settings: Settings) -> None:
    query = "query($where: ProjectWhere) { projects(where: $where, first: 100) { edges { node { slug } } } }"

    async def projects(where: dict[str, Any]) -> set[str]:
        data = await ok(seeded, settings, query, {"where": where})
        return {edge["node"]["slug"] for edge in data["projects"]["edges"]}

    assert "talent-it" not in await projects({"name": {"contains": "talent"}})
    assert "talent-it" in await projects({"name": {"containsInsensitive": "talent"}})
    assert await projects({"name": {"eqInsensitive": "TALENT it"}}) == {"talent-it"}
    assert await projects({"name": {"inInsensitive": ["talent IT", "nothing"]}}) == {"talent-it"}
    assert "talent-it" in await projects({"name": {"startsWithInsensitive": "tAlEnT"}})
    assert "talent-it" in await projects({"name": {"endsWithInsensitive": " it"}})
    assert "talent-it" not in await projects({"name": {"endsWith": " it"}})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Overijsel", "overijssel"),  # the report's own spelling: one letter short
        ("orientatie", "orientatieprogramma-techniekstudenten-wimm"),  # for 'Oriëntatie'
        ("ORIËNTATIE", "orientatieprogramma-techniekstudenten-wimm"),
        ("techniekonderwys", "proposities-techniekonderwijs-po-vo"),  # a typo in a long word
    ],
)
async def test_search_folds_accents_and_forgives_typos(
    seeded: AsyncDriver, settings: Settings, text: str, expected: str
) -> None:
    assert found(await search(seeded, settings, text))[0] == expected


async def test_search_finds_compounds_by_their_first_word(seeded: AsyncDriver, settings: Settings) -> None:
    slugs = found(await search(seeded, settings, "techniek", first=100))
    assert {"proposities-techniekonderwijs-po-vo", "regionale-techniekpacten"} <= set(slugs)


def tier(word: str, node: dict[str, Any]) -> int:
    """0: the node has the word, 1: a word beginning with it, 2: neither (a typo away)."""
    words = re.findall(r"[^\W_]+", fold(f"{node['name']} {node['description'] or ''}"))
    if word in words:
        return 0
    return 1 if any(other.startswith(word) for other in words) else 2


@pytest.mark.parametrize(("text", "tiers"), [("techniek", {0, 1}), ("talenten", {0, 2})])
async def test_search_ranks_exact_before_prefix_before_typo(
    seeded: AsyncDriver, settings: Settings, text: str, tiers: set[int]
) -> None:
    hits = await search(seeded, settings, text, first=100)
    ranked = [tier(text, hit["node"]) for hit in hits]
    assert set(ranked) == tiers and ranked == sorted(ranked), ranked
    scores = [hit["score"] for hit in hits]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    "text",
    [
        '"*~\\ AND OR (',
        "overijssel~ AND (techniek OR",
        "*",
        "?",
        "a:b^2",
        "[a TO z]",
        "{!}",
        "/.*/",
        "&& || !",
        "NOT",
        "the and of",
        "'; MATCH (n) DETACH DELETE n //",
        # letters and digits of other forms: o-slash, sharp s, ae, dotless and dotted i, Fraktur, full-width
        "\u00f8 \u00df \u00e6 \u0131 \u0130 \U0001d517\U0001d534\U0001d522 \uff12\uff10\uff11\uff18",
        " ".join(["overijssel"] * 50),
        " ".join(f"woord{number}xyz" for number in range(50)),
        "x" * 32,
        "x" * 300,
        "x" * 5000,
    ],
)
async def test_search_survives_any_text(seeded: AsyncDriver, settings: Settings, text: str) -> None:
    answer = await execute(seeded, settings, SCORES, {"q": text})
    assert not answer.errors, answer.errors
    assert isinstance(answer.data["search"], list)


@pytest.mark.parametrize("text", ["", "   ", '"*~\\ (', "-- !? ::"])
async def test_search_without_words_finds_nothing(seeded: AsyncDriver, settings: Settings, text: str) -> None:
    answer = await execute(seeded, settings, SCORES, {"q": text})
    assert answer.data == {"search": []} and not answer.errors


async def test_search_keeps_to_the_kinds_asked(seeded: AsyncDriver, settings: Settings) -> None:
    hits = await search(seeded, settings, "Overijsel", kinds=["PROVINCE", "NETWORK"])
    assert {hit["node"]["__typename"] for hit in hits} == {"Province", "Network"}
    assert found(hits) == ["overijssel", "pioniers-van-overijssel"]


async def test_search_pages_on_after_a_hit(seeded: AsyncDriver, settings: Settings) -> None:
    whole = found(await search(seeded, settings, "techniek overijsel", first=100))
    paged: list[str] = []
    after = None
    while True:
        hits = await search(seeded, settings, "techniek overijsel", first=4, after=after)
        paged += found(hits)
        if len(hits) < 4:
            break
        after = hits[-1]["cursor"]
    assert paged == whole and len(whole) > 8
