"""Domain queries: first-class root fields for network analysts, partner portals and the talent campaign team.

Each field runs exactly one parameterised Cypher statement whose rows already have the shape of its answer;
the nested types only hold the returned data. Every statement reads through the one access rule
(hub/graphql/cypher/access.py) and prices its work before it does it (hub/graphql/cost.py). The root `Query`
includes them by inheriting `DomainQuery`.
"""

from __future__ import annotations

import strawberry

from hub.graphql.domain.clusters import clusters
from hub.graphql.domain.funding_trace import funding_trace
from hub.graphql.domain.neighbourhood import neighbourhood
from hub.graphql.domain.partners import collaboration_partners
from hub.graphql.domain.paths import paths
from hub.graphql.domain.targets import target_progress


@strawberry.type(description="The domain questions of the stakeholder network.")
class DomainQuery:
    funding_trace = strawberry.field(
        resolver=funding_trace,
        description=(
            "Follow the money from a source (e.g. a reserve or budget line) through intermediaries: the "
            "flows hop by hop with totals, and per node what it receives and passes on. Known amounts are "
            "summed; unknown ones are counted. `year`, `asOf` and `statuses` restrict the flows "
            "considered. Flows private to the caller are as if they were not there."
        ),
    )
    paths = strawberry.field(
        resolver=paths,
        description=(
            "The shortest connections between two stakeholders over every relationship type (a funding flow "
            "counts as two hops), each with its nodes, relationships and a one-line explanation. "
            "`asOf` keeps relationships valid on that date and funding flows dated on or before it. No path "
            "passes through a record private to the caller."
        ),
    )
    neighbourhood = strawberry.field(
        resolver=neighbourhood,
        description=(
            "The ego network of a node for a graph view: the nodes within `hops` (max 3) and every "
            "relationship among them, deduplicated and bounded by `limit`. With `kinds`, only nodes of those "
            "kinds are shown and traversed. Each level is priced from the degrees of the nodes it is read "
            "from before it is read: over HUB_MAX_WORK the question is refused."
        ),
    )
    collaboration_partners = strawberry.field(
        resolver=collaboration_partners,
        description=(
            "Candidates not yet directly linked to a stakeholder, ranked by a transparent score: shared "
            "pacts and networks, shared projects and campaigns, partners of partners, same region, same "
            "sector. Every reason names its evidence, weight and points."
        ),
    )
    target_progress = strawberry.field(
        resolver=target_progress,
        description=(
            "Targets (all, one by id, or those a node sets) with their indicator's observations over time, "
            "the latest comparable figure, the gap where computable, and a note saying what the sources do "
            "and do not give."
        ),
    )
    clusters = strawberry.field(
        resolver=clusters,
        description=(
            "Groups of stakeholders that work together: connected components over the chosen relationships "
            "(default: memberships, leading, taking part, employment) among the chosen kinds (default: "
            "actors and activities without the province). Deterministic; largest first."
        ),
    )


__all__ = ["DomainQuery"]
