"""`python -m bench.domain [--size N]`: every domain question, for the heaviest real stakeholders, on a bench
graph, its p50 and p95 against its target; a refusal, an error or a timeout is a failure, shown as one. Then
the whole-graph export from a served hub (seconds, size, the server's peak RSS).

Writes bench/results/domain-<size>.json and .md. The questions run in-process as an anonymous caller with
the hub's default limits (what a partner portal gets), after one unmeasured warm-up call per question.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from bench import export
from bench.graphs import running
from bench.hub_client import Hub
from bench.stats import summary, wall_ms
from hub.config import Settings
from hub.database.driver import open_driver

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


async def _measure(hub: Hub, query: str, variables: dict[str, Any] | None, repeat: int) -> dict[str, Any]:
    try:
        return summary(await wall_ms(lambda: hub.answer(query, variables), repeat))
    except RuntimeError as error:
        return {"error": str(error)[:160]}


async def measure(settings: Settings, repeat: int) -> dict[str, Any]:
    driver = open_driver(settings)
    hub = Hub(driver, settings)
    found: dict[str, Any] = {}
    try:
        for name, question in QUESTIONS.items():
            found[name] = {}
            for index, slug in enumerate(STAKEHOLDERS):
                other = STAKEHOLDERS[(index + 1) % len(STAKEHOLDERS)]
                variables = question["variables"](slug, other)
                found[name][slug] = await _measure(hub, question["query"], variables, repeat)
        found["clusters"] = {"(kind set)": await _measure(hub, CLUSTERS["query"], None, repeat)}
    finally:
        await driver.close()
    return found


def _target(name: str) -> float:
    return float(CLUSTERS["target_ms"] if name == "clusters" else QUESTIONS[name]["target_ms"])


def table(size: int, found: dict[str, Any], finished: str) -> str:
    lines = [
        f"# Domain questions on the {size:,}-node bench graph",
        "",
        f"p50 / p95 in ms, in-process, anonymous, default limits; {os.cpu_count()} CPUs.",
        "A failure is shown as one.",
        "",
        "| question | stakeholder | p50 | p95 | target p95 | met |",
        "|---|---|---|---|---|---|",
    ]
    for name, by_stakeholder in found.items():
        if name == "export":
            continue
        target = _target(name)
        for stakeholder, row in by_stakeholder.items():
            if "error" in row:
                lines.append(
                    f"| {name} | {stakeholder} | **failed** | {row['error']} | {target:g} | **no** |"
                )
                continue
            met = "yes" if row["p95"] <= target else "**no**"
            lines.append(f"| {name} | {stakeholder} | {row['p50']} | {row['p95']} | {target:g} | {met} |")
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
