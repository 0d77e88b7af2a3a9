"""clusters: connected components of the collaboration graph, deterministic and in one round trip."""

from __future__ import annotations

from neo4j import AsyncDriver

from hub.config import Settings
from tests.test_domain_common import ask, load_network

CLUSTERS = """
query Clusters(
  $kinds: [NodeKind!], $via: [RelationshipType!], $asOf: Date, $minSize: Int! = 2, $first: Int! = 20
) {
  clusters(kinds: $kinds, via: $via, asOf: $asOf, minSize: $minSize, first: $first) {
    total clusters { key size kinds { kind count } members { slug } }
  }
}
"""


async def test_one_cluster_when_everyone_is_connected(db: AsyncDriver, settings: Settings) -> None:
    await load_network(db)
    data, errors, trips = await ask(db, settings, CLUSTERS)
    assert not errors and trips == 1
    result = data["clusters"]
    assert result["total"] == 1
    [cluster] = result["clusters"]
    assert cluster["key"] == "acme-metaal" and cluster["size"] == 13
    assert "overijssel" not in {member["slug"] for member in cluster["members"]}


async def test_as_of_via_and_kinds_split_clusters(db: AsyncDriver, settings: Settings) -> None:
    await load_network(db)
    data, _, _ = await ask(db, settings, CLUSTERS, asOf="2016-06-01")
    result = data["clusters"]
    assert [(c["key"], c["size"]) for c in result["clusters"]] == [("bolt-techniek", 11), ("acme-metaal", 2)]
    assert result["clusters"][1]["kinds"] == [
        {"kind": "COMPANY", "count": 1},
        {"kind": "NETWORK", "count": 1},
    ]
    data, _, _ = await ask(
        db, settings, CLUSTERS, via=["PARTICIPATES_IN", "LEADS"], kinds=["PROJECT", "COMPANY", "SCHOOL"]
    )
    result = data["clusters"]
    assert [[m["slug"] for m in c["members"]] for c in result["clusters"]] == [
        ["bolt-techniek", "cobalt-ict", "delta-bouw", "direct2job", "hc3", "roc-aventus", "roc-van-twente"],
    ]
    data, _, _ = await ask(db, settings, CLUSTERS, via=["MEMBER_OF"], minSize=3, first=1)
    result = data["clusters"]
    assert result["total"] == 2 and [c["size"] for c in result["clusters"]] == [6]


async def test_bad_input_is_a_clear_error(db: AsyncDriver, settings: Settings) -> None:
    _, errors, trips = await ask(db, settings, CLUSTERS, via=[])
    assert errors == ["via must name at least one relationship type, or be left out"] and trips == 0
    _, errors, _ = await ask(db, settings, CLUSTERS, minSize=0)
    assert errors == ["minSize must be between 1 and 500, got 0"]


PAGES = """
query Clusters($after: String, $membersAfter: String) {
  clusters(via: [MEMBER_OF], first: 1, after: $after) {
    total
    clusters {
      key size members(first: 2, after: $membersAfter) { slug }
      membersPageInfo(first: 2, after: $membersAfter) { hasNextPage endCursor }
    }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def test_clusters_and_members_page_on_with_cursors(db: AsyncDriver, settings: Settings) -> None:
    await load_network(db)
    data, _, _ = await ask(db, settings, CLUSTERS, via=["MEMBER_OF"])
    whole = data["clusters"]["clusters"]
    keys, after = [], None
    while True:
        data, errors, trips = await ask(db, settings, PAGES, after=after)
        assert not errors and trips == 1
        keys += [cluster["key"] for cluster in data["clusters"]["clusters"]]
        if not data["clusters"]["pageInfo"]["hasNextPage"]:
            break
        after = data["clusters"]["pageInfo"]["endCursor"]
    assert keys == [cluster["key"] for cluster in whole] and len(keys) > 1
    members, after = [], None
    while True:
        data, _, _ = await ask(db, settings, PAGES, membersAfter=after)
        [cluster] = data["clusters"]["clusters"]
        members += [member["slug"] for member in cluster["members"]]
        if not cluster["membersPageInfo"]["hasNextPage"]:
            break
        after = cluster["membersPageInfo"]["endCursor"]
    assert members == [member["slug"] for member in whole[0]["members"]] and len(members) > 2


async def test_measures_of_a_cluster(db: AsyncDriver, settings: Settings) -> None:
    await load_network(db)
    query = (
        "{ clusters(via: [MEMBER_OF], first: 1) { clusters { size members { id } measures { id degree } } } }"
    )
    data, errors, _ = await ask(db, settings, query)
    assert not errors
    [cluster] = data["clusters"]["clusters"]
    assert [m["id"] for m in cluster["measures"]] == [m["id"] for m in cluster["members"]]
    assert sum(m["degree"] for m in cluster["measures"]) >= 2 * (cluster["size"] - 1)
