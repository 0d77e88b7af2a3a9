"""`python -m bench.domain [--size N]`: every domain question, for the heaviest real stakeholders, on a bench
graph, its p50 and p95 against its target; a refusal, an error or a timeout is a failure, shown as one. Then
the whole-graph export from a served hub (seconds, size, the server's peak RSS).

Writes bench/results/domain-<size>.json and .md. The questions run in-process as an anonymous caller with
the hub's default limits (what a partner portal gets): each one's first call after Neo4j started and the
hub's warm-up, then WARM_ROUNDS unmeasured rounds over all of them, then each measured.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import functools
import json
import os
import time
from pathlib import Path
from typing import Any

from bench import export
from bench.graphs import running
from bench.hub_client import Hub
from bench.stats import summary, wall_ms
from hub.config import Settings
from hub.database.driver import open_driver
from hub.graphql.domain.warm_up import warm_up

RESULTS = Path(__file__).with_name("results")
STAKEHOLDERS = ("overijssel", "techniekpact-twente", "roc-van-twente", "universiteit-twente")
"""The heaviest real stakeholders: the province, the Twente pact, a vocational college, a university."""


def _question(query: str, target_ms: float, variables: Any) -> dict[str, Any]:
    return {"query": query, "target_ms": target_ms, "variables": variables}


QUESTIONS: dict[str, dict[str, Any]] = {
    "collaborationPartners": _question(
        "query($id: ID!) { collaborationPartners(for: $id) { candidates { candidate { slug } score } } }",
        300,
        lambda slug, other: {"id": slug},
    ),
    "neighbourhood (2 hops)": _question(
        "query($id: ID!) { neighbourhood(id: $id, hops: 2) { nodes { id } edges { id } truncated } }",
        300,
        lambda slug, other: {"id": slug},
    ),
    "paths (up to 4 hops)": _question(
        "query($id: ID!, $to: ID!) { paths(from: $id, to: $to, maxHops: 4) { paths { length } } }",
        300,
        lambda slug, other: {"id": slug, "to": other},
    ),
    "fundingTrace": _question(
        "query($id: ID!) { fundingTrace(from: $id) { hops { hop } nodes { hop } } }",
        300,
        lambda slug, other: {"id": slug},
    ),
    "search": _question(
        "query($text: String!) { search(query: $text) { score node { slug } } }",
        100,
        lambda slug, other: {"text": slug.replace("-", " ")},
    ),
}
CLUSTERS = _question(
    "{ clusters(kinds: [SCHOOL, PACT, NETWORK, PROJECT, CAMPAIGN]) { total clusters { size } } }",
    1000,
    None,
)


WARM_ROUNDS = 5
"""Unmeasured rounds over every question and stakeholder before any is measured: a Neo4j just started
plans each statement once (seconds at 1M) and its JIT warms up over the first hundred calls, whichever
question they ask; measured alone after one call, the first question paid for the whole server's."""


def _cases() -> list[tuple[str, str, str, dict[str, Any] | None]]:
    """Every measured call: question, stakeholder, query, variables."""
    cases = []
    for name, question in QUESTIONS.items():
        for index, slug in enumerate(STAKEHOLDERS):
            other = STAKEHOLDERS[(index + 1) % len(STAKEHOLDERS)]
            cases.append((name, slug, question["query"], question["variables"](slug, other)))
    cases.append(("clusters", "(kind set)", CLUSTERS["query"], None))
    return cases


async def _first_ms(hub: Hub, query: str, variables: dict[str, Any] | None) -> dict[str, Any]:
    """The first call's wall-clock ms (the statement planned, the data first read), or its error."""
    started = time.perf_counter()
    try:
        await hub.answer(query, variables)
    except RuntimeError as error:
        return {"error": str(error)[:160]}
    return {"first": round((time.perf_counter() - started) * 1000, 3)}


async def measure(settings: Settings, repeat: int) -> dict[str, Any]:
    """The hub's start-up warm-up (as a served hub does it), each case's first call, then WARM_ROUNDS over
    all of them, then each measured `repeat` times."""
    driver = open_driver(settings)
    hub = Hub(driver, settings)
    found: dict[str, Any] = {}
    try:
        await warm_up(driver, settings)
        cases = _cases()
        for name, slug, query, variables in cases:
            found.setdefault(name, {})[slug] = await _first_ms(hub, query, variables)
        for _ in range(WARM_ROUNDS):
            for name, slug, query, variables in cases:
                if "error" not in found[name][slug]:
                    await hub.answer(query, variables)
        for name, slug, query, variables in cases:
            row = found[name][slug]
            if "error" not in row:
                try:
                    call = functools.partial(hub.answer, query, variables)
                    row.update(summary(await wall_ms(call, repeat, warmup=0)))
                except RuntimeError as error:
                    row["error"] = str(error)[:160]
    finally:
        await driver.close()
    return found


def _target(name: str) -> float:
    return float(CLUSTERS["target_ms"] if name == "clusters" else QUESTIONS[name]["target_ms"])


def table(size: int, found: dict[str, Any], finished: str) -> str:
    lines = [
        f"# Domain questions on the {size:,}-node bench graph",
        "",
        f"ms, in-process, anonymous, default limits; {os.cpu_count()} CPUs. First: the first call after"
        " Neo4j started and the hub's warm-up (HUB_WARM_UP: the statements planned), its data first read;"
        " p50 / p95: after"
        f" {WARM_ROUNDS} unmeasured rounds over every question. A failure is shown as one.",
        "",
        "| question | stakeholder | first | p50 | p95 | target p95 | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, by_stakeholder in found.items():
        if name == "export":
            continue
        target = _target(name)
        for stakeholder, row in by_stakeholder.items():
            if "error" in row:
                lines.append(
                    f"| {name} | {stakeholder} | {row.get('first', '')} | **failed** | {row['error']} |"
                    f" {target:g} | **no** |"
                )
                continue
            met = "yes" if row["p95"] <= target else "**no**"
            lines.append(
                f"| {name} | {stakeholder} | {row['first']} | {row['p50']} | {row['p95']}"
                f" | {target:g} | {met} |"
            )
    lines += [
        "",
        "## The whole graph an analyst sees, exported",
        "",
        "`GET /export/graph.<format>` from a served hub (one worker), read to the end by a client.",
        "",
        "| format | s | MiB | lines | server peak RSS MiB (before) |",
        "|---|---|---|---|---|",
    ]
    for row in found.get("export", []):
        if "error" in row:
            lines.append(f"| {row['format']} | **failed** | {row['error']} | | |")
            continue
        lines.append(
            f"| {row['format']} | {row['seconds']} | {row['mib']} | {row['lines']:,} |"
            f" {row['server_peak_mib']} ({row['server_peak_before_mib']}) |"
        )
    lines += ["", f"Run {finished}.", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="the bench graph (synthetic nodes)")
    parser.add_argument("--repeat", type=int, default=20, help="measured calls per question (time-boxed)")
    arguments = parser.parse_args()
    with running(arguments.size) as (settings, _):
        found = asyncio.run(measure(settings, arguments.repeat))
        found["export"] = export.whole_graph(settings)
    finished = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"domain-{arguments.size}.json").write_text(json.dumps(found, indent=2) + "\n")
    (RESULTS / f"domain-{arguments.size}.md").write_text(table(arguments.size, found, finished))
    print(table(arguments.size, found, finished))


if __name__ == "__main__":
    main()
