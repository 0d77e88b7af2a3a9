"""`python -m bench.workers [--seconds N] [--size N] [--connections N]`: the hub as an operator runs it,
`hub serve`, with 1 worker, 2 workers (HUB_WORKERS), and 2 workers whose rate limits count in Redis
(HUB_REDIS_URL), side by side on one graph; each operation under wrk, with the CPU time the hub's processes
and Neo4j spend per request (user + system, from /proc)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from bench.graphs import ROOT, free_port, running
from bench.hub_client import operations
from bench.loadgen import HOST, wrk
from hub.config import Settings
from hub.database.local.config import LocalNeo4jConfig
from hub.database.local.server import LocalNeo4j

RESULTS = Path(__file__).with_name("results")
OPERATIONS = ("companies-in-talent-projects", "pact-members-as-of", "target-progress")
"""The flagship, and two cheap reads: one page of a pact's members, and a domain question of a few rows."""
SETUPS = {"1": (1, False), "2": (2, False), "2, Redis": (2, True)}
"""Each set-up's worker processes, and whether its rate limits count in Redis."""
WARM_UP_SECONDS = 2
START_TIMEOUT = 300
"""Seconds for `hub serve` to answer /ready with every worker warmed up (a minute or more when busy)."""
HUB = Path(sys.executable).with_name("hub")
TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def stat(pid: int) -> list[str]:
    """The fields of /proc/PID/stat after the command name: state, ppid, … (fields 3 on)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def cpu_ms(pid: int) -> float:
    """The user + system CPU time `pid` has spent, all its threads included (fields 14 and 15)."""
    fields = stat(pid)
    return (int(fields[11]) + int(fields[12])) * TICK_MS


def role(pid: int) -> str:
    """What a hub process is, from its command line: `hub serve`, a worker, or multiprocessing's tracker."""
    command = Path(f"/proc/{pid}/cmdline").read_bytes()
    return "worker" if b"spawn_main" in command else "tracker" if b"resource_tracker" in command else "serve"


def descendants(pid: int) -> list[int]:
    """Every process below `pid`, found by scanning /proc for parent ids."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int(stat(int(entry.name))[1])
            except OSError:  # gone meanwhile
                continue
    found: list[int] = []
    level = [pid]
    while level:
        level = sorted(child for child, parent in parents.items() if parent in level)
        found += level
    return found


def answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=1).close()
    except OSError:
        return False
    return True


@contextmanager
def redis_server() -> Iterator[str]:
    """Debian's redis-server on a free loopback port, nothing saved, until the block ends: its URL."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="hub-redis-") as folder:
        server = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", HOST, "--save", "", "--dir", folder],
            stdout=subprocess.DEVNULL,
        )
        try:
            time.sleep(0.5)
            yield f"redis://{HOST}:{port}/0"
        finally:
            server.terminate()
            server.wait(timeout=30)


@contextmanager
def serving(
    settings: Settings, workers: int, redis_url: str | None, env: dict[str, str] | None = None
) -> Iterator[tuple[str, list[int]]]:
    """`hub serve` with `workers` worker processes on a free loopback port, in a fresh HUB_HOME, its rate
    limits on (too high to refuse: their cost is counted), in Redis when `redis_url` is given; logging as by
    default, into serve-<set-up>.log beside the graph (kept), until the block ends: its GraphQL URL, and the
    pids of `hub serve` and of every process below it, once each worker's app has warmed up
    (hub.graphql.domain.warm_up logs it). `env` adds or overrides settings."""
    port = free_port()
    log = settings.hub_home / f"serve-{workers}-workers{'-redis' if redis_url else ''}.log"
    with tempfile.TemporaryDirectory(prefix="hub-workers-") as home:
        env = (
            os.environ
            | {
                "NEO4J_URI": settings.bolt_uri,
                "NEO4J_PASSWORD": settings.neo4j_password,
                "HUB_HOME": home,
                "HUB_PORT": str(port),
                "HUB_WORKERS": str(workers),
                "HUB_MAX_COST": "100000000",
                "HUB_RATE_LIMIT_PER_MINUTE": "100000000",
                "HUB_RATE_LIMIT_BURST": "100000000",
                "HUB_REDIS_URL": redis_url or "",
            }
            | (env or {})
        )
        with log.open("wb") as output:
            server = subprocess.Popen(
                [str(HUB), "serve"], env=env, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT
            )
        try:
            url = f"http://{HOST}:{port}"
            deadline = time.monotonic() + START_TIMEOUT
            while log.read_text().count(" warm-up") < workers or not answers(f"{url}/ready"):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"hub serve did not start:\n{log.read_text()[-3000:]}")
                time.sleep(0.5)
            yield f"{url}/graphql", [server.pid, *descendants(server.pid)]
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)


def first_error(url: str, body: bytes) -> str | None:
    """Why one request of `body` fails (a status other than 200, or errors in the answer); None if not."""
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = json.loads(response.read())
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}: {error.read()[:100].decode(errors='replace')}"
    return str(answer["errors"][0].get("message", "error"))[:100] if answer.get("errors") else None


def request_of(name: str) -> bytes:
    """The request of the operation in queries/ called `name`, with its variables."""
    query, variables = operations()[name]
    return json.dumps({"query": query, "variables": variables}).encode()


def measure(
    url: str, body: bytes, hub: list[int], neo4j: int, connections: int, seconds: int
) -> dict[str, Any]:
    """wrk on one request after a warm-up run, with the CPU time per request each hub process and Neo4j
    spent during the measured run; {"error": …} when the request fails, or a process went away."""
    problem = first_error(url, body)
    if problem is not None:
        return {"error": problem}
    pids = [*hub, neo4j]
    try:
        roles = [role(pid) for pid in hub]
        wrk(url, body, connections, WARM_UP_SECONDS)
        before = [cpu_ms(pid) for pid in pids]
        row = wrk(url, body, connections, seconds)
        spent = [cpu_ms(pid) - start for pid, start in zip(pids, before, strict=True)]
    except (OSError, subprocess.SubprocessError) as error:
        return {"error": str(error)[:100]}
    per_request = [ms / max(row["requests"], 1) for ms in spent]
    hub_ms, neo4j_ms = sum(per_request[:-1]), per_request[-1]
    return row | {
        "hub_cpu_ms": round(hub_ms, 3),
        "hub_processes_cpu_ms": [
            {"pid": pid, "role": kind, "cpu_ms": round(ms, 3)}
            for pid, kind, ms in zip(hub, roles, per_request[:-1], strict=True)
        ],
        "neo4j_cpu_ms": round(neo4j_ms, 3),
        "hub_vs_neo4j": round(hub_ms / neo4j_ms, 2) if neo4j_ms else None,
    }


def bad(row: dict[str, Any]) -> int:
    """Requests not answered 200 without errors: error answers, timeouts and socket errors."""
    return int(row["error_answers"] + row["timeouts"] + row["socket_errors"])


def ceiling(row: dict[str, Any], cores: int) -> int:
    """The requests/s the machine's cores could give if the hub and Neo4j used them all (wrk left out)."""
    return round(cores * 1000 / float(row["hub_cpu_ms"] + row["neo4j_cpu_ms"]))


def table(results: dict[str, Any]) -> str:
    """The Markdown report: a row per operation and set-up, then the speed-up of 2 workers over 1, and what
    counting the rate limits in Redis costs."""
    lines = [
        f"# `hub serve` with 1 and 2 worker processes, {results['size']:,}-node graph",
        "",
        "The servers run side by side on one Neo4j, which first ran each operation for "
        f"{results['warm_up']} s (its JIT warms up: cold, it spends several times the CPU per request); then "
        "each operation is measured on 1 worker, on 2, and on 2 whose rate limits count in a local Redis "
        "(`HUB_REDIS_URL`; without it they count in each process). Rate limits are on in all three, too high "
        "to refuse anything. "
        f"wrk on loopback: 1 thread, {results['connections']} connections, {results['seconds']} s per run "
        f"after a {WARM_UP_SECONDS} s warm-up; wrk, the hub and Neo4j share {results['cores']} cores. CPU: "
        "user + system time per request over the measured run, of the hub (all its processes: `hub serve`, "
        "multiprocessing's resource tracker and, with 2, each worker's share in brackets) and of Neo4j. "
        "Ceiling: the requests/s the cores would give at that CPU per request, were the hub and Neo4j alone "
        "on them; near it, the machine is full and another worker cannot add much. "
        "Bad: answers other than 200 without errors, timeouts and socket errors. The hub's log, at its "
        "defaults: `serve-<workers>-workers[-redis].log` beside the graph.",
        "",
        "| operation | workers | req/s | p50 ms | p99 ms | bad | hub CPU ms/req | Neo4j CPU ms/req "
        "| hub/Neo4j | ceiling req/s |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    speed_ups, redis_costs = [], []
    for name, by_workers in results["operations"].items():
        for workers, row in by_workers.items():
            if "error" in row:
                lines.append(f"| {name} | {workers} | **failed: {row['error']}** | | | | | | | |")
                continue
            wrong = f"**{bad(row)} of {row['requests']}**" if bad(row) else "0"
            split = [f"{p['cpu_ms']:.2f}" for p in row["hub_processes_cpu_ms"] if p["role"] == "worker"]
            hub = f"{row['hub_cpu_ms']:.2f}" + (f" (workers {' + '.join(split)})" if split else "")
            lines.append(
                f"| {name} | {workers} | {row['rps']} | {row['p50']:.1f} | {row['p99']:.1f} | {wrong} | "
                f"{hub} | {row['neo4j_cpu_ms']:.2f} | {row['hub_vs_neo4j']} | "
                f"{ceiling(row, results['cores'])} |"
            )
        one, two, shared = by_workers["1"], by_workers["2"], by_workers["2, Redis"]
        ok = not any("error" in row or bad(row) for row in (one, two, shared))
        speed_ups.append(f"{name} {two['rps'] / one['rps']:.2f} x" if ok else f"{name} **failed**")
        redis_costs.append(
            f"{name} {shared['rps'] / two['rps']:.2f} x the req/s, "
            f"{shared['hub_cpu_ms'] - two['hub_cpu_ms']:+.2f} ms hub CPU per request"
            if ok
            else f"{name} **failed**"
        )
    lines += [
        "",
        f"Speed-up of 2 workers over 1 (req/s): {', '.join(speed_ups)}.",
        "",
        f"2 workers counting in Redis against 2 counting alone: {'; '.join(redis_costs)}.",
        "",
    ]
    return "\n".join(lines)


def plot(results: dict[str, Any], path: Path) -> None:
    """Requests/s per operation and set-up; a failed run is a red hatched bar labelled so."""
    names = list(results["operations"])
    figure, axis = plt.subplots(figsize=(8, 4.5))
    width = 0.8 / len(SETUPS)
    for offset, setup in enumerate(SETUPS):
        rows = [results["operations"][name][setup] for name in names]
        rps = [0.0 if "error" in row else row["rps"] for row in rows]
        xs = [index + (offset - (len(SETUPS) - 1) / 2) * width for index in range(len(names))]
        workers, shared = SETUPS[setup]
        label = f"{workers} worker{'s' * (workers > 1)}" + (", limits in Redis" if shared else "")
        bars = axis.bar(xs, rps, width, label=label)
        labels = []
        for bar, row in zip(bars, rows, strict=True):
            failed = "error" in row or bad(row) > 0
            if failed:
                bar.set(color="none", edgecolor="tab:red", hatch="//")
            labels.append("failed" if "error" in row else f"{row['rps']:.0f}" + (" (bad)" if failed else ""))
        axis.bar_label(bars, labels, fontsize=8)
    axis.set_xticks(range(len(names)), names, fontsize=8)
    axis.set(ylabel="requests/s")
    axis.set_title(
        f"hub serve, 1 vs 2 workers: {results['size']:,}-node graph, {results['connections']} connections, "
        f"{results['cores']} cores (red hatched = failed)",
        fontsize=9,
    )
    axis.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def publish(
    stem: str,
    results: dict[str, Any],
    table: Callable[[dict[str, Any]], str],
    plot: Callable[[dict[str, Any], Path], None],
) -> None:
    """Write a bench's results to bench/results/<stem>.json, its table to .md and its plot to .png; print
    the table."""
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{stem}.json").write_text(json.dumps(results, indent=2))
    (RESULTS / f"{stem}.md").write_text(table(results))
    plot(results, RESULTS / f"{stem}.png")
    print(table(results))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10, help="length of each measured wrk run")
    parser.add_argument("--size", type=int, default=10_000, help="synthetic nodes in the graph")
    parser.add_argument("--connections", type=int, default=8, help="wrk's connections")
    parser.add_argument("--warm-up", type=int, default=10, help="seconds Neo4j runs each operation first")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (make wrk)")
    found: dict[str, dict[str, Any]] = {name: {} for name in OPERATIONS}
    with running(args.size) as (settings, built):
        neo4j = LocalNeo4j(LocalNeo4jConfig.from_settings(settings)).status().pid
        if neo4j is None:
            raise SystemExit("the bench Neo4j's pid is unknown")
        with ExitStack() as stack:
            redis_url = stack.enter_context(redis_server())
            servers = {
                setup: stack.enter_context(serving(settings, workers, redis_url if shared else None))
                for setup, (workers, shared) in SETUPS.items()
            }
            for name in OPERATIONS:
                wrk(servers["2"][0], request_of(name), args.connections, args.warm_up)
            for name in OPERATIONS:
                for setup, (url, hub) in servers.items():
                    found[name][setup] = measure(
                        url, request_of(name), hub, neo4j, args.connections, args.seconds
                    )
    results = {
        "size": args.size,
        "seconds": args.seconds,
        "connections": args.connections,
        "warm_up": args.warm_up,
        "cores": os.cpu_count(),
        "build": built,
        "operations": found,
    }
    publish(f"workers-{args.size}", results, table, plot)


if __name__ == "__main__":
    main()
