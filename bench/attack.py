"""`python -m bench.attack [--size N]`: search, as an attacker would, for the slowest request an allowed
caller can make, and say how each ended. Writes bench/results/attack-<graph>.md.

Two callers: a partner with ad-hoc documents (as in development, or an analyst in production), and an
anonymous caller limited to the allow-listed operations in queries/, with hostile variables (as in
production). Each request is tried twice (cold: the database plans it; warm: the plan is cached), from the
nodes with the most relationships, at the largest sizes the limits allow.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from strawberry.http import process_result

from bench.graphs import running
from bench.hub_client import operations
from hub.auth.principal import ANONYMOUS, Principal
from hub.auth.roles import Role
from hub.config import Settings
from hub.database.driver import open_driver
from hub.graphql.context import Context
from hub.graphql.schema import schema

RESULTS = Path(__file__).with_name("results")
PARTNER = Principal(subject="key:attacker", role=Role.PARTNER, org="roc-van-twente")
HUBS = {
    "busiest": "MATCH (n:Entity) RETURN n.id AS id ORDER BY COUNT { (n)--() } DESC, n.id LIMIT 2",
    "organisation": "MATCH (n:Organisation) RETURN n.id AS id ORDER BY COUNT { (n)--() } DESC, n.id LIMIT 2",
    "funder": "MATCH (n:Entity) RETURN n.id AS id ORDER BY COUNT { (n)<-[:FROM]-() } DESC, n.id LIMIT 1",
}
"""The nodes with the most relationships, the organisations with the most, and the biggest funder."""


@dataclass(frozen=True)
class Outcome:
    caller: str
    request: str
    cold: float
    warm: float
    ended: str


def ad_hoc(hubs: dict[str, list[str]], largest: int) -> dict[str, str]:
    """Documents a partner may send in development: every domain question at its limits from the hubs,
    relationship filters as deep as allowed over a whole kind, lists nested to the cost limit, and the
    heaviest question under every alias allowed."""
    a, b, funder = hubs["organisation"][0], hubs["busiest"][0], hubs["funder"][0]
    starts = [*hubs["busiest"], *hubs["organisation"]]
    kinds = "[COMPANY, SCHOOL, PROJECT, PACT, PERSON, NETWORK, CAMPAIGN, FUNDING_FLOW, PROGRAMME, REGION]"
    via = "[FROM, TO, FOR, MEMBER_OF, LEADS, PARTICIPATES_IN, LOCATED_IN, PART_OF, WORKS_FOR]"
    ego = f"neighbourhood(id: $id, hops: 3, limit: {largest}) {{ nodes {{ slug }} edges {{ id }} truncated }}"
    found = {
        f"neighbourhood 3 hops {largest} from {hub}": "{ " + ego.replace("$id", f'"{hub}"') + " }"
        for hub in starts
    }
    found |= {
        f"paths 6 hops {a} to {b}": f'{{ paths(from: "{a}", to: "{b}", maxHops: 6, first: {largest}) '
        "{ paths { length } } }",
        f"fundingTrace 6 hops from {funder}": f'{{ fundingTrace(from: "{funder}", maxHops: 6, '
        f"first: {largest}) {{ nodeCount hops {{ flows {{ slug }} }} }} }}",
        f"collaborationPartners for {a}": f'{{ collaborationPartners(for: "{a}", first: {largest}) '
        "{ candidates { score reasons { via { slug } } } } }",
        "collaborationPartners for roc-van-twente": '{ collaborationPartners(for: "roc-van-twente", '
        f"first: {largest}) {{ candidates {{ score reasons {{ via {{ slug }} }} }} }} }}",
        "clusters over ten kinds and nine types": f"{{ clusters(kinds: {kinds}, via: {via}, minSize: 1, "
        f"first: {largest}) {{ total clusters {{ size members {{ slug }} }} }} }}",
        "targetProgress of everything": "{ targetProgress { observations { slug } contributors { slug } } }",
        "relationship filters at the allowed depth over all companies": "{ companies(first: 100, where: "
        '{memberOf: {some: {Pact: {members: {some: {Company: {name: {eq: "x"}}}}}}}}) { totalCount } }',
        "relationship filters, all/none, over all organisations": "{ organisations(first: 100, where: "
        "{memberOf: {all: {Pact: {members: {none: {School: {}}}}}}}) { totalCount } }",
        "lists nested to the cost limit": "{ regions(first: 20) { edges { node { locatedHere(first: 40) "
        "{ ... on Organisation { memberOf(first: 40) { name } } } } } } }",
        "15 aliases of the heaviest neighbourhood": "{ "
        + " ".join(f"a{n}: " + ego.replace("$id", f'"{starts[n % len(starts)]}"') for n in range(15))
        + " }",
    }
    return found


def allow_listed(hubs: dict[str, list[str]], largest: int) -> dict[str, tuple[str, dict[str, Any]]]:
    """The operations in queries/, each with its variables made as hostile as their types allow."""
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for name, (query, variables) in operations().items():
        hostile = dict(variables or {})
        for key in hostile:
            if key in ("first", "limit"):
                hostile[key] = largest
            elif key in ("hops",):
                hostile[key] = 3
            elif key == "maxHops":
                hostile[key] = 6
            elif key in ("id", "from"):
                hostile[key] = hubs["funder" if "funding" in name else "busiest"][0]
            elif key == "for":
                hostile[key] = hubs["organisation"][0]
            elif key == "to":
                hostile[key] = hubs["busiest"][-1]
        found[f"{name} {hostile}"] = (query, hostile)
    return found


async def attempt(
    settings: Settings, principal: Principal, query: str, variables: dict[str, Any]
) -> tuple[float, str]:
    driver = open_driver(settings)
    try:
        context = Context(driver=driver, settings=settings, request=None, principal=principal)  # type: ignore[arg-type]
        started = time.perf_counter()
        result = process_result(await schema.execute(query, variables, context_value=context))
        elapsed = time.perf_counter() - started
    finally:
        await driver.close()
    errors = result.get("errors") or []
    codes = sorted({str(error.get("extensions", {}).get("code", "no code")) for error in errors})
    return elapsed, ", ".join(codes) if codes else "answered"


async def search(settings: Settings) -> list[Outcome]:
    driver = open_driver(settings)
    try:
        hubs = {role: [r["id"] for r in (await driver.execute_query(text))[0]] for role, text in HUBS.items()}
    finally:
        await driver.close()
    largest = settings.hub_max_page_size
    requests: list[tuple[str, Principal, str, str, dict[str, Any]]] = [
        ("partner, ad hoc", PARTNER, name, query, {}) for name, query in ad_hoc(hubs, largest).items()
    ]
    requests += [
        ("anonymous, allow-listed", ANONYMOUS, name, query, variables)
        for name, (query, variables) in allow_listed(hubs, largest).items()
    ]
    outcomes = []
    for caller, principal, name, query, variables in requests:
        cold, ended = await attempt(settings, principal, query, variables)
        warm, ended = await attempt(settings, principal, query, variables)
        outcomes.append(Outcome(caller, name, cold, warm, ended))
        print(f"{cold:7.2f} s {warm:7.2f} s  {ended:28} {caller}: {name}", flush=True)
    return outcomes


def report(outcomes: list[Outcome], graph: str, settings: Settings) -> str:
    worst = max(outcomes, key=lambda outcome: max(outcome.cold, outcome.warm))
    lines = [
        f"# The slowest request an allowed caller can make: {graph}",
        "",
        f"Budget: HUB_NEO4J_TX_TIMEOUT {settings.hub_neo4j_tx_timeout:g} s; limits as configured (page"
        f" {settings.hub_max_page_size}, cost {settings.hub_max_cost:,}, work {settings.hub_max_work:,}).",
        f"Worst: **{max(worst.cold, worst.warm):.2f} s**, {worst.caller}: {worst.request} ({worst.ended}).",
        "",
        "| caller | request | cold s | warm s | ended |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {o.caller} | {o.request} | {o.cold:.2f} | {o.warm:.2f} | {o.ended} |"
        for o in sorted(outcomes, key=lambda o: -max(o.cold, o.warm))
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10_000, help="synthetic nodes of the bench graph")
    size = parser.parse_args().size
    with running(size) as (settings, _):
        settings = settings.model_copy(update={"hub_max_cost": Settings.model_fields["hub_max_cost"].default})
        outcomes = asyncio.run(search(settings))
    RESULTS.mkdir(exist_ok=True)
    text = report(outcomes, f"{size:,} synthetic nodes", settings)
    (RESULTS / f"attack-{size}.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
