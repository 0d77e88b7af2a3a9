"""Network measures of a graph view, the nodes and edges a question returned, found with networkx:
degree, betweenness, PageRank and communities, as an analyst would compute them in Gephi.

The view is taken as undirected and simple (parallel edges count once). The measures run in a worker
thread, so a large view does not hold up other requests; the cost model prices them as one object per node.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

import networkx as nx
import strawberry

COMMUNITY_SEED = 42
"""Louvain's random seed: the same view always gives the same communities."""


@strawberry.type(
    description="A node's place in the graph view, computed over the view's nodes and edges only."
)
class NodeMeasures:
    id: strawberry.ID = strawberry.field(description="The node's `id`, as in `nodes`.")
    degree: int = strawberry.field(description="Its neighbours in the view.")
    betweenness: float = strawberry.field(
        description="The share of shortest paths between two other nodes of the view that pass through it "
        "(0 to 1, normalised as Gephi does)."
    )
    page_rank: float = strawberry.field(
        description="PageRank over the view, edges both ways, damping 0.85; the view's values sum to 1."
    )
    community: int = strawberry.field(
        description="Its community (Louvain, maximal modularity), numbered by size: 0 is the largest; ties "
        "by the smallest id in them."
    )


def _measures(nodes: list[str], edges: list[tuple[str, str]]) -> list[NodeMeasures]:
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from((start, end) for start, end in edges if start != end)
    betweenness = nx.betweenness_centrality(graph, normalized=True)
    rank = nx.pagerank(graph)
    found = nx.community.louvain_communities(graph, seed=COMMUNITY_SEED)
    ordered = sorted(found, key=lambda members: (-len(members), min(members)))
    community = {node: number for number, members in enumerate(ordered) for node in members}
    return [
        NodeMeasures(
            id=strawberry.ID(node),
            degree=graph.degree(node),
            betweenness=round(betweenness[node], 6),
            page_rank=round(rank[node], 6),
            community=community[node],
        )
        for node in nodes
    ]


async def measures(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> list[NodeMeasures]:
    """One NodeMeasures per node, in the order of `nodes`."""
    return await asyncio.to_thread(_measures, list(nodes), list(edges))
