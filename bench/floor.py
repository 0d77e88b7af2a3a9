"""`python -m bench.floor [--size N] [--seconds N]`: the per-request floor (issue 16), hub CPU against
Neo4j CPU per request for every operation in queries/ and for four plain reads, 1 worker of `hub serve`, each
under wrk on one warmed Neo4j; CPU from /proc (user + system) of the hub's processes and of Neo4j over the
measured run."""

from __future__ import annotations

import argparse
import json
import os
import shutil
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from bench import driver_alone
from bench.graphs import running
from bench.hub_client import operations
from bench.loadgen import wrk
from bench.workers import bad, measure, publish, serving
from hub.database.local.config import LocalNeo4jConfig
from hub.database.local.server import LocalNeo4j

COMPANY = "id slug name sector sizeClass"
NINE = "id slug name description sector sizeClass source section synthetic"
ELEVEN = f"{NINE} version updatedAt"
READS: dict[str, str] = {
    "companies-of-a-sector": (
        f'{{ companies(where: {{sector: {{eq: "ICT"}}}}, first: 50) {{ edges {{ node {{ {COMPANY} }} }} }} }}'
    ),
    "pact-with-3-lists": (
        '{ pacts(where: {slug: {eq: "techniekpact-twente"}}) { edges { node { name'
        " members { slug name } fundingReceived { slug amount } targets { slug name } } } } }"
    ),
    "two-pages-100x9": (
        f"{{ a: companies(first: 100) {{ edges {{ node {{ {NINE} }} }} }}"
        f" b: companies(first: 100, orderBy: [{{field: SECTOR}}]) {{ edges {{ node {{ {NINE} }} }} }} }}"
    ),
    "companies-1000x11": f"{{ companies(first: 1000) {{ edges {{ node {{ {ELEVEN} }} }} }} }}",
}
"""The plain reads issue 16 names besides the operations of queries/ (the flagship among them)."""
ENV = {"HUB_MAX_PAGE_SIZE": "1000"}
"""A page of 1,000 is over the default HUB_MAX_PAGE_SIZE."""
SERVED = {"hub_max_page_size": 1000, "hub_max_cost": 100_000_000}
"""The settings `hub serve` runs with here (bench.workers.serving, ENV), for statements taken in-process."""


def requests() -> dict[str, bytes]:
    """Every request measured, by name: the operations of queries/ with their variables, then the reads."""
    found = {
        name: json.dumps({"query": query, "variables": variables}).encode()
        for name, (query, variables) in operations().items()
    }
    return found | {name: json.dumps({"query": query}).encode() for name, query in READS.items()}


def failure(row: dict[str, Any], seconds: int) -> str | None:
    """Why a measured request counts as failed: an error, answers that were not 200 without errors, or none
    answered within the run."""
    if "error" in row:
        return str(row["error"])
    if bad(row):
        return f"{bad(row)} of {row['requests']} answers bad (errors, timeouts, socket errors)"
    if not row["requests"]:
        return f"no answer within the {seconds} s run"
    return None


def table(results: dict[str, Any]) -> str:
    lines = [
        f"# The per-request floor: hub CPU against Neo4j CPU, {results['size']:,}-node graph",
        "",
        "`hub serve` with 1 worker on a warmed Neo4j (each request first ran for "
        f"{results['warm_up']} s); wrk on loopback, 1 thread, {results['connections']} connections, "
        f"{results['seconds']} s per request; wrk, the hub and Neo4j share {results['cores']} cores. "
        "CPU: user + system time per request over the measured run, from /proc. "
        "The goal (issue 16): hub/Neo4j <= 1.0. "
        "Driver alone: the request's statements, as the hub sent them, run straight through the official "
        "driver by 8 concurrent loops in one process (bench.driver_alone), with the CPU that process and "
        "Neo4j spent per request: the least any Python client of Neo4j spends on that request. "
        "Hub's own: the hub's CPU less the driver alone's.",
        "",
        "| request | req/s | p50 ms | hub CPU ms/req | Neo4j CPU ms/req | hub/Neo4j "
        "| driver alone CPU ms/req (its Neo4j's) | hub's own ms/req |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, row in results["requests"].items():
        why = failure(row, results["seconds"])
        if why is not None:
            lines.append(f"| {name} | **failed: {why}** | | | | | | |")
            continue
        ratio = row["hub_vs_neo4j"]
        shown = f"**{ratio}**" if ratio is None or ratio > 1 else f"{ratio}"
        alone = row.get("driver_alone")
        driver = (
            f"{alone['driver_cpu_ms']:.2f} ({alone['neo4j_cpu_ms']:.2f})" if alone else "**not measured**"
        )
        own = f"{row['hub_cpu_ms'] - alone['driver_cpu_ms']:.2f}" if alone else ""
        lines.append(
            f"| {name} | {row['rps']} | {row['p50']:.1f} | {row['hub_cpu_ms']:.2f} | "
            f"{row['neo4j_cpu_ms']:.2f} | {shown} | {driver} | {own} |"
        )
    return "\n".join([*lines, ""])


def plot(results: dict[str, Any], path: Path) -> None:
    """Left: hub and Neo4j CPU per request side by side; right: their ratio, the goal's line at 1. A failed
    request is a red hatched bar in both."""
    names = list(results["requests"])
    rows = [results["requests"][name] for name in names]
    failed = [failure(row, results["seconds"]) is not None for row in rows]
    figure, (cpu, ratio) = plt.subplots(1, 2, figsize=(14, 5))
    for offset, (key, label) in enumerate((("hub_cpu_ms", "hub"), ("neo4j_cpu_ms", "Neo4j"))):
        xs = [index + (offset - 0.5) * 0.4 for index in range(len(names))]
        heights = [0.0 if bad_row else row[key] for row, bad_row in zip(rows, failed, strict=True)]
        cpu.bar(xs, heights, 0.4, label=label)
    ratios = [
        0.0 if bad_row else row["hub_vs_neo4j"] or 0.0 for row, bad_row in zip(rows, failed, strict=True)
    ]
    colours = ["tab:green" if value <= 1 else "tab:orange" for value in ratios]
    ratio.bar(range(len(names)), ratios, 0.6, color=colours)
    ratio.axhline(1.0, color="black", linewidth=0.8, linestyle="--")
    for axis in (cpu, ratio):
        low, high = axis.get_ylim()
        for index, bad_row in enumerate(failed):
            if bad_row:
                axis.bar(index, high - low, 0.6, bottom=low, color="none", edgecolor="tab:red", hatch="//")
        axis.set_xticks(range(len(names)), names, rotation=60, ha="right", fontsize=7)
    cpu.set(ylabel="CPU ms per request", yscale="log")
    cpu.set_title(f"hub and Neo4j CPU per request, {results['size']:,} nodes", fontsize=9)
    cpu.legend(fontsize=8)
    ratio.set(ylabel="hub CPU / Neo4j CPU")
    ratio.set_title("hub / Neo4j per request (goal: <= 1, dashed; red hatched = failed)", fontsize=9)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=8, help="length of each measured wrk run")
    parser.add_argument("--size", type=int, default=10_000, help="synthetic nodes in the graph")
    parser.add_argument("--connections", type=int, default=8, help="wrk's connections")
    parser.add_argument("--warm-up", type=int, default=5, help="seconds each request runs first")
    parser.add_argument("--only", nargs="*", default=None, help="measure only these requests (not published)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (make wrk)")
    found: dict[str, Any] = {}
    with running(args.size) as (settings, built):
        neo4j = LocalNeo4j(LocalNeo4jConfig.from_settings(settings)).status().pid
        if neo4j is None:
            raise SystemExit("the bench Neo4j's pid is unknown")
        bodies = {name: body for name, body in requests().items() if args.only is None or name in args.only}
        with serving(settings, 1, None, ENV) as (url, hub):
            for name, body in bodies.items():
                wrk(url, body, args.connections, args.warm_up)
                found[name] = measure(url, body, hub, neo4j, args.connections, args.seconds)
        alone = driver_alone.measure(
            settings.model_copy(update=SERVED), bodies, neo4j, args.connections, args.seconds / 2
        )
        for name, row in alone.items():
            if "error" not in found[name] and "error" not in row:
                found[name] |= {"driver_alone": row}
    results = {
        "size": args.size,
        "seconds": args.seconds,
        "connections": args.connections,
        "warm_up": args.warm_up,
        "cores": os.cpu_count(),
        "build": built,
        "requests": found,
    }
    if args.only is not None:
        print(table(results))
        return
    publish(f"floor-{args.size}", results, table, plot)


if __name__ == "__main__":
    main()
