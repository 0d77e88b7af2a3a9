"""`python -m bench.profile REQUEST [--size N] [--seconds N]`: where the hub's CPU goes on one request of
bench.floor under wrk, 1 worker of `hub serve`: py-spy samples the worker; the folded stacks are kept
(results/profile-<request>-<size>.txt, for a flame graph) and summed per module, by own time and by time
under it, into results/profile-<request>-<size>.md."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

from bench.floor import ENV, requests
from bench.graphs import running
from bench.loadgen import wrk
from bench.workers import RESULTS, serving

TOP = 30


def module(frame: str) -> str:
    """`function (path/to/module.py:12)` → the module's dotted path from its package down (or the file)."""
    where = frame.rsplit(" (", 1)[-1].split(":", 1)[0]
    parts = Path(where).with_suffix("").parts
    for anchor in ("site-packages", "lib", "work", "main", "ci"):
        if anchor in parts:
            parts = parts[len(parts) - parts[::-1].index(anchor) :]
    return ".".join(parts[-3:]) if parts else where


def summary(folded: str, name: str) -> str:
    own: Counter[str] = Counter()
    under: Counter[str] = Counter()
    total = 0
    for line in folded.splitlines():
        stack, _, count = line.rpartition(" ")
        samples = int(count)
        frames = [module(frame) for frame in stack.split(";") if frame]
        total += samples
        if frames:
            own[frames[-1]] += samples
        for seen in set(frames):
            under[seen] += samples
    lines = [f"# Where the hub's CPU goes: {name}", "", f"{total} samples of the worker process.", ""]
    for title, counts in (("own time", own), ("time under (inclusive)", under)):
        lines += [f"## By module, {title}", "", "| module | % |", "|---|---|"]
        lines += [f"| {key} | {100 * n / max(total, 1):.1f} |" for key, n in counts.most_common(TOP)]
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("request", help="a request of bench.floor (an operation of queries/ or a read)")
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if spy is None:
        raise SystemExit("py-spy is not installed (make bench-deps)")
    body = requests()[args.request]
    out = RESULTS / f"profile-{args.request}-{args.size}"
    with running(args.size) as (settings, _), serving(settings, 1, None, ENV) as (url, hub):
        wrk(url, body, args.connections, 3)
        load = threading.Thread(target=wrk, args=(url, body, args.connections, args.seconds + 2))
        load.start()
        record = ["record", "--pid", str(hub[0]), "--duration", str(args.seconds), "--rate", "500"]
        subprocess.run(
            [spy, *record, "--format", "raw", "--output", str(out.with_suffix(".txt")), "--nonblocking"],
            check=True,
            capture_output=True,
        )
        load.join()
    out.with_suffix(".md").write_text(summary(out.with_suffix(".txt").read_text(), args.request))
    print(out.with_suffix(".md").read_text())


if __name__ == "__main__":
    main()
