"""`python -m bench.backup [--size N]`: `hub backup` and `hub restore` of a bench graph, beside Neo4j's own
offline `neo4j-admin database dump` and `load` of the same store.

For each: wall seconds, the peak memory of the process doing it (the hub CLI or neo4j-admin, from `wait4`),
and the file's size. Both copies are restored into a fresh Neo4j and compared with the whole-graph checksum
of the original. Writes bench/results/backup-<size>.json and .md.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.graphs import ROOT, home_of, running, server, settings_for
from hub.config import Settings
from hub.database.backup import checksum
from hub.database.driver import open_driver
from hub.database.local.toolchain import cached_classpath, find_java

RESULTS = Path(__file__).with_name("results")
HUB = str(Path(sys.executable).with_name("hub"))


def _high_water_mib(pid: int, last: int) -> int:
    """The process's peak resident memory so far (VmHWM), or `last` once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return last
    line = next((line for line in status.splitlines() if line.startswith("VmHWM:")), None)
    return round(int(line.split()[1]) / 1024) if line else last


def measured(command: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run `command`; its seconds, CPU seconds and peak resident memory. A failure is recorded, not raised.

    The peak is read from /proc while it runs: `ru_maxrss` would count the memory this process had when it
    forked the command."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
        peak = 0
        while True:
            peak = _high_water_mib(process.pid, peak)
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.05)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        output.seek(0)
        said = output.read().decode(errors="replace").strip()
    return {
        "ok": process.returncode == 0,
        "seconds": round(seconds, 1),
        "peak_mib": peak,
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
        "said": said.splitlines()[-1:],
    }


def hub_env(settings: Settings) -> dict[str, str]:
    return os.environ | {
        "NEO4J_URI": str(settings.neo4j_uri),
        "NEO4J_PASSWORD": settings.neo4j_password,
        "HUB_HOME": str(settings.hub_home),
    }


def admin(classpath: str, neo4j_home: Path, *arguments: str) -> dict[str, Any]:
    """Neo4j's own admin tool (the jars the local Neo4j runs on) against a stopped Neo4j in `neo4j_home`."""
    conf = neo4j_home / "admin-conf"
    conf.mkdir(exist_ok=True)
    (conf / "neo4j.conf").touch()
    env = os.environ | {"NEO4J_HOME": str(neo4j_home), "NEO4J_CONF": str(conf)}
    return measured([find_java(), "-cp", classpath, "org.neo4j.cli.AdminTool", *arguments], env)


def graph_checksum(settings: Settings) -> dict[str, Any]:
    async def digest() -> str:
        driver = open_driver(settings)
        try:
            return await checksum(driver, settings.neo4j_database)
        finally:
            await driver.close()

    started = time.perf_counter()
    found = asyncio.run(digest())
    return {"checksum": found, "seconds": round(time.perf_counter() - started, 1)}


def restored_into_fresh(scratch: Path, name: str, fill: Any) -> dict[str, Any]:
    """A fresh Neo4j home filled by `fill(home, neo4j)`; its checksum once it runs."""
    home = scratch / name
    neo4j = server(home)
    step: dict[str, Any] = fill(home, neo4j)
    neo4j.start()
    try:
        step["after"] = graph_checksum(settings_for(neo4j))
    finally:
        neo4j.stop()
    return step


def run(size: int, scratch: Path) -> dict[str, Any]:
    found: dict[str, Any] = {"size": size}
    file = scratch / "graph.jsonl.gz"
    with running(size) as (settings, built):
        found["graph"] = {"nodes": built["nodes"], "relationships": built["relationships"]}
        found["before"] = graph_checksum(settings)
        found["hub_backup"] = measured([HUB, "backup", str(file)], hub_env(settings)) | {
            "file_mib": round(file.stat().st_size / 2**20, 1) if file.exists() else None
        }
    classpath = cached_classpath(server(home_of(size)).config)
    assert classpath, "the bench graph's Neo4j has run, so its jars are resolved"
    dumps = scratch / "dumps"
    dumps.mkdir()
    found["admin_dump"] = admin(
        classpath,
        home_of(size) / "neo4j",
        "database",
        "dump",
        "neo4j",
        f"--to-path={dumps}",
        "--overwrite-destination",
    ) | {"file_mib": round((dumps / "neo4j.dump").stat().st_size / 2**20, 1)}

    def hub_restore(home: Path, neo4j: Any) -> dict[str, Any]:
        neo4j.start()
        try:
            return measured([HUB, "restore", str(file)], hub_env(settings_for(neo4j)))
        finally:
            neo4j.stop()

    def admin_load(home: Path, neo4j: Any) -> dict[str, Any]:
        (home / "neo4j").mkdir(parents=True)
        return admin(
            classpath,
            home / "neo4j",
            "database",
            "load",
            "neo4j",
            f"--from-path={dumps}",
            "--overwrite-destination",
        )

    found["hub_restore"] = restored_into_fresh(scratch, "restored-by-hub", hub_restore)
    found["admin_load"] = restored_into_fresh(scratch, "loaded-by-admin", admin_load)
    return found


def table(found: dict[str, Any]) -> str:
    before = found["before"]["checksum"]

    def same(step: dict[str, Any]) -> str:
        return "yes" if step.get("after", {}).get("checksum") == before else "**no**"

    rows = [
        ("`hub backup` (online, gzipped JSON lines)", found["hub_backup"], "—"),
        ("`hub restore` into an empty Neo4j", found["hub_restore"], same(found["hub_restore"])),
        ("`neo4j-admin database dump` (Neo4j stopped)", found["admin_dump"], "—"),
        ("`neo4j-admin database load` into a new home", found["admin_load"], same(found["admin_load"])),
    ]
    graph = found["graph"]
    lines = [
        f"# Backup and restore at {graph['nodes']:,} synthetic nodes",
        "",
        f"The bench graph of {found['size']:,}: {graph['nodes']:,} synthetic nodes and "
        f"{graph['relationships']:,} relationships, plus the source network. "
        f"Machine: {os.cpu_count()} CPUs; Neo4j heap 2 GiB, page cache 1 GiB. Peak memory is the resident "
        "set of the process doing the work (the hub CLI or neo4j-admin), not of Neo4j.",
        "",
        "| step | ok | seconds | CPU seconds | peak memory MiB | file MiB | checksum equal to the original |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, step, equal in rows:
        file = step.get("file_mib")
        lines.append(
            f"| {name} | {'yes' if step['ok'] else '**failed**'} | {step['seconds']} | {step['cpu_seconds']} "
            f"| {step['peak_mib']} | {file if file is not None else '—'} | {equal} |"
        )
    lines += [
        "",
        f"Whole-graph checksum of the original: {found['before']['seconds']} s. Run {found['finished']}.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="the bench graph (synthetic nodes)")
    size = parser.parse_args().size
    scratch = Path(tempfile.mkdtemp(prefix="bench-backup-", dir=ROOT / ".hub"))
    try:
        found = run(size, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    found["finished"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"backup-{size}.json").write_text(json.dumps(found, indent=2) + "\n")
    (RESULTS / f"backup-{size}.md").write_text(table(found))
    print(table(found))


if __name__ == "__main__":
    main()
