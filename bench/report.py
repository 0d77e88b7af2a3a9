"""The results as a Markdown table against the targets, PNG plots, and a profile of the fast path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from graphql import OperationDefinitionNode, parse
from pyinstrument import Profiler

from bench import domain
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


TIMED_OUT = ("terminated", "timed out", "timeout", "QUERY_TIMEOUT")


def failure(row: dict[str, Any]) -> str | None:
    """Why a measurement failed, in a few words; None when it did not. A run with no answer, with error
    answers or with timeouts failed: it is shown as a failure, never as a number or a blank."""
    if "error" in row:
        error = str(row["error"])
        return "timed out" if any(word in error for word in TIMED_OUT) else f"failed: {error[:60]}"
    if "requests" in row and (row.get("timeouts") or row.get("error_answers")):
        return f"failed: {row.get('error_answers', 0)} error answers, {row.get('timeouts', 0)} timeouts"
    if "rps" in row and not row["rps"]:
        return "failed: no answer during the run"
    return None


def _p50(results: dict[str, Any], size: str, question: str) -> float:
    """The p50 of a question on a graph; NaN where it failed (e.g. the transaction timed out)."""
    return float(results["sizes"][size][question].get("p50", float("nan")))


def _cell(results: dict[str, Any], size: str, question: str) -> str:
    row = results["sizes"][size][question]
    return f"**{failure(row)}**" if failure(row) else str(row["p50"])


def _size(size: str | int) -> str:
    return f"{int(size):,}-node graph"


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
    failed = {name: failure(row) for name, row in results["hub_vs_driver"].items() if failure(row)}
    measured = {n: r for n, r in results["hub_vs_driver"].items() if n not in failed}
    for name in failed:
        lines.append(f"| {name} | **{failed[name]}** | **no** |")
    for name, row in measured.items():
        expected = root_fields(ops[name][0])
        lines.append(
            f"| round trips = root fields: {name} | {row['round_trips']} / {expected} | "
            f"{_check(row['round_trips'] == expected)} |"
        )
    for name, row in measured.items():
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
        if growth != growth:  # NaN: one of the two failed
            lines.append(f"| {question} p50 growth {int(small):,} -> {int(large):,} | **failed** | **no** |")
            continue
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
    for name in failed:
        lines.append(f"| {name} | **{failed[name]}** | | | | | |")
    for name, row in measured.items():
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
        f"## HTTP on loopback (wrk, 1 uvicorn worker, the {_size(small)})",
        "",
        "| operation | connections | req/s | p50 ms | p95 ms | p99 ms |",
        "|---|---|---|---|---|---|",
    ]
    for name, by_c in results["http"].items():
        for c, row in by_c.items():
            if failure(row):
                lines.append(f"| {name} | {c} | **{failure(row)}** | | | |")
                continue
            lines.append(f"| {name} | {c} | {row['rps']} | {row['p50']} | {row['p95']} | {row['p99']} |")
    lines += [
        "",
        "## Latency vs graph size (p50 ms)",
        "",
        "| question | " + " | ".join(f"{int(s):,}" for s in sizes) + " |",
        "|---|" + "---|" * len(sizes),
    ]
    for question in results["sizes"][small]:
        lines.append(f"| {question} | " + " | ".join(_cell(results, s, question) for s in sizes) + " |")
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
    if "loading" in results:
        loaded = results["loading"]
        lines += [
            "",
            f"## Loading {loaded['size']:,} synthetic nodes into a new database (goal: 50,000 per s)",
            "",
            "| loader | nodes | relationships | s | per s | steps, s |",
            "|---|---|---|---|---|---|",
        ]
        for name in ("import", "transactional"):
            row = loaded[name]
            steps = ", ".join(f"{step} {seconds}" for step, seconds in row.get("steps", {}).items())
            figures = (
                f"{row['nodes']:,} | {row['relationships']:,} | {row['seconds']:.1f} | {row['rate']:,.0f}"
            )
            lines.append(f"| {name} | {figures} | {steps} |")
        if "generating" in loaded:
            lines += ["", f"Both include generating the synthetic layer: {loaded['generating']} s alone."]
    if "domain" in results:
        largest = max(int(size) for size in results["sizes"])
        lines += ["", domain.table(largest, results["domain"], "in this run").split("\n", 1)[1]]
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


FAILED_COLOUR = "tab:red"


def _plots(results: dict[str, Any], folder: Path, mode: str, sizes: list[str]) -> None:
    """Latency against graph size (a failed run is a red cross on the top edge, labelled) and throughput
    per operation (a failed run is a red bar to the edge, labelled); every plot names its graph sizes."""
    figure, axis = plt.subplots(figsize=(7, 4.5))
    xs = [int(s) for s in sizes]
    for question in results["sizes"][sizes[0]]:
        axis.plot(xs, [_p50(results, s, question) for s in sizes], marker="o", label=question)
    axis.set(xscale="log", yscale="log", xlabel="synthetic nodes in the graph", ylabel="p50 ms")
    axis.set_xticks(xs, [f"{x:,}" for x in xs])
    top = axis.get_ylim()[1]
    for question in results["sizes"][sizes[0]]:
        for size in sizes:
            reason = failure(results["sizes"][size][question])
            if reason:
                axis.plot([int(size)], [top], marker="X", markersize=11, color=FAILED_COLOUR, clip_on=False)
                axis.annotate(
                    f"{question}: {reason}",
                    (int(size), top),
                    textcoords="offset points",
                    xytext=(-8, -16),
                    ha="right",
                    color=FAILED_COLOUR,
                    fontsize=8,
                )
    axis.set_ylim(top=top)
    axis.set_title(f"Latency vs graph size ({', '.join(_size(s) for s in sizes)}; X = failed)", fontsize=9)
    axis.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(folder / f"latency-vs-size-{mode}.png", dpi=110)
    plt.close(figure)

    names = list(results["http"])
    connections = sorted({c for by_c in results["http"].values() for c in by_c}, key=int)
    figure, axes = plt.subplots(1, len(connections), figsize=(4 * len(connections) + 2, 6), sharey=True)
    for axis, c in zip(axes if len(connections) > 1 else [axes], connections, strict=True):
        rows = [results["http"][n].get(c, {"error": "not run"}) for n in names]
        rps = [0.0 if failure(row) else row["rps"] for row in rows]
        edge = max(rps) or 1.0
        axis.barh(names, rps)
        for index, row in enumerate(rows):
            if failure(row):
                axis.barh([index], [edge], color="none", edgecolor=FAILED_COLOUR, hatch="//")
                axis.text(
                    edge / 2,
                    index,
                    str(failure(row))[:40],
                    va="center",
                    ha="center",
                    color=FAILED_COLOUR,
                    fontsize=7,
                )
        axis.set(xlabel="requests/s", title=f"{c} connection{'s' if c != '1' else ''}")
    figure.suptitle(f"HTTP throughput per operation, {_size(sizes[0])} (hatched red = failed)", fontsize=10)
    figure.tight_layout()
    figure.savefig(folder / f"throughput-{mode}.png", dpi=110)
    plt.close(figure)
