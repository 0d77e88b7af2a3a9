"""The results as a Markdown table against the targets, PNG plots, and a profile of the fast path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from graphql import OperationDefinitionNode, parse
from pyinstrument import Profiler

from bench.hub_client import Hub, operations
from bench.inprocess import COMPANY_FIELDS, company_ids


def root_fields(query: str) -> int:
    operation = next(d for d in parse(query).definitions if isinstance(d, OperationDefinitionNode))
    return len(operation.selection_set.selections)


async def profile(hub: Hub) -> str:
    """pyinstrument's view of 50 fast-path requests of 1,000 objects x 11 fields."""
    query = f"query($ids: [ID!]!) {{ nodes(ids: $ids) {{ ... on Company {{ {COMPANY_FIELDS} }} }} }}"
    variables = {"ids": await company_ids(hub.driver, 1000)}
    await hub.answer(query, variables)
    profiler = Profiler(interval=0.0005, async_mode="enabled")
    with profiler:
        for _ in range(50):
            await hub.answer(query, variables)
    text: str = profiler.output_text(unicode=False, color=False, show_all=False)
    return text


def _p50(results: dict[str, Any], size: str, question: str) -> float:
    """The p50 of a question on a graph; NaN where it failed (e.g. the transaction timed out)."""
    return float(results["sizes"][size][question].get("p50", float("nan")))


def _check(ok: bool) -> str:
    return "yes" if ok else "**no**"


def write(results: dict[str, Any], folder: Path) -> None:
    mode = results["mode"]
    lines = [
        f"# Benchmark results ({mode})",
        "",
        "## Targets",
        "",
        "| target | figure | met |",
        "|---|---|---|",
    ]
    ops = operations()
    failed = {name: row["error"] for name, row in results["hub_vs_driver"].items() if "error" in row}
    results["hub_vs_driver"] = {n: r for n, r in results["hub_vs_driver"].items() if "error" not in r}
    for name, row in results["hub_vs_driver"].items():
        expected = root_fields(ops[name][0])
        lines.append(
            f"| round trips = root fields: {name} | {row['round_trips']} / {expected} | "
            f"{_check(row['round_trips'] == expected)} |"
        )
    for name, row in results["hub_vs_driver"].items():
        lines.append(
            f"| hub p50 <= 1.2 x driver p50: {name} | {row['hub']['p50']:.2f} / {row['driver']['p50']:.2f}"
            f" ms = {row['ratio_p50']:.2f} x | {_check(row['ratio_p50'] <= 1.2)} |"
        )
    thousand = results["fast_vs_core"].get("1000")
    if thousand:
        fast, driver, core = (thousand[key]["p50"] for key in ("fast", "driver", "core"))
        lines.append(
            f"| 1,000 objects x 11 fields <= 5 ms hub CPU (fast path minus driver) | "
            f"{thousand['hub_cpu_p50']:.2f} ms ({fast:.2f} - {driver:.2f}; graphql-core {core:.2f}) | "
            f"{_check(thousand['hub_cpu_p50'] <= 5)} |"
        )
    sizes = sorted(results["sizes"], key=int)
    small, large = sizes[0], sizes[-1]
    for question in ("point lookup", "neighbourhood"):
        growth = _p50(results, large, question) / _p50(results, small, question)
        lines.append(
            f"| {question} p50 growth {int(small):,} -> {int(large):,} <= 1.5 x | {growth:.2f} x | "
            f"{_check(growth <= 1.5)} |"
        )
    built = results["build"][large]
    lines.append(
        f"| synthetic load >= 50,000 nodes+rels/s ({built['nodes']:,} nodes, indexes rebuilt included) | "
        f"{round(built['rate']):,} /s | {_check(built['rate'] >= 50_000)} |"
    )
    lines += [
        "",
        "## Hub vs the same Cypher through the driver (ms)",
        "",
        "| operation | trips | hub p50 | hub p95 | driver p50 | driver p95 | ratio p50 |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, row in results["hub_vs_driver"].items():
        lines.append(
            f"| {name} | {row['round_trips']} | {row['hub']['p50']} | {row['hub']['p95']} | "
            f"{row['driver']['p50']} | {row['driver']['p95']} | {row['ratio_p50']} |"
        )
    lines += [
        "",
        "## Fast path vs graphql-core: CPU ms per request (objects x 11 fields)",
        "",
        "| objects | fast p50 | driver alone p50 | hub's own p50 | graphql-core p50 | speed-up |",
        "|---|---|---|---|---|---|",
    ]
    for count, row in results["fast_vs_core"].items():
        lines.append(
            f"| {int(count):,} | {row['fast']['p50']} | {row['driver']['p50']} | {row['hub_cpu_p50']} | "
            f"{row['core']['p50']} | {row['speedup_p50']} x |"
        )
    lines += [
        "",
        "## Compiled vs naive resolver-per-field (ms)",
        "",
        "| operation | compiled p50 (trips) | naive p50 (trips) | speed-up |",
        "|---|---|---|---|",
    ]
    for name, row in results["compiled_vs_naive"].items():
        lines.append(
            f"| {name} | {row['compiled']['p50']} (1) | {row['naive']['p50']} "
            f"({row['naive']['round_trips']}) | "
            f"{row['speedup_p50']} x |"
        )
    lines += [
        "",
        "## HTTP on loopback (wrk, 1 uvicorn worker)",
        "",
        "| operation | connections | req/s | p50 ms | p95 ms | p99 ms |",
        "|---|---|---|---|---|---|",
    ]
    for name, by_c in results["http"].items():
        for c, row in by_c.items():
            lines.append(f"| {name} | {c} | {row['rps']} | {row['p50']} | {row['p95']} | {row['p99']} |")
    lines += [
        "",
        "## Latency vs graph size (p50 ms)",
        "",
        "| question | " + " | ".join(f"{int(s):,}" for s in sizes) + " |",
        "|---|" + "---|" * len(sizes),
    ]
    for question in results["sizes"][small]:
        lines.append(f"| {question} | " + " | ".join(str(_p50(results, s, question)) for s in sizes) + " |")
    lines += [
        "",
        "## Synthetic load",
        "",
        "| driver | nodes | relationships | s | per s |",
        "|---|---|---|---|---|",
    ]
    for mode_name, row in results["load_rate"].items():
        lines.append(
            f"| {mode_name} | {row['nodes']:,} | {row['relationships']:,} | {row['seconds']} | "
            f"{row['rate']:,} |"
        )
    lines += ["", "Not measured (the operation answers with an error on this graph):", ""]
    lines += [f"- {name}: {error}" for name, error in failed.items()]
    lines += [
        "",
        "## Profile: fast path, 1,000 objects x 11 fields",
        "",
        "```",
        results["profile"],
        "```",
        "",
    ]
    (folder / f"README-{mode}.md").write_text("\n".join(lines))
    _plots(results, folder, mode, sizes)


def _plots(results: dict[str, Any], folder: Path, mode: str, sizes: list[str]) -> None:
    figure, axis = plt.subplots(figsize=(7, 4))
    for question in results["sizes"][sizes[0]]:
        axis.plot(
            [int(s) for s in sizes],
            [_p50(results, s, question) for s in sizes],
            marker="o",
            label=question,
        )
    axis.set(xscale="log", xlabel="synthetic nodes", ylabel="p50 ms", title="Latency vs graph size")
    axis.legend()
    figure.tight_layout()
    figure.savefig(folder / f"latency-vs-size-{mode}.png", dpi=110)
    plt.close(figure)
    figure, axis = plt.subplots(figsize=(8, 5))
    names = list(results["http"])
    top = max(results["http"][names[0]], key=int)
    axis.barh(names, [results["http"][n][top]["rps"] for n in names])
    axis.set(xlabel=f"requests/s at {top} connections", title="HTTP throughput per operation")
    figure.tight_layout()
    figure.savefig(folder / f"throughput-{mode}.png", dpi=110)
    plt.close(figure)
