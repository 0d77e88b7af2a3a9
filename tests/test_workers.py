"""`hub serve` with HUB_WORKERS processes: they share the port, every one answers, a scrape of /metrics sums
them all, and SIGTERM stops them all."""

from __future__ import annotations

import signal
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.served import hub_serve

VERSION = {"query": "{ version }"}


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def requests_counted(text: str) -> float:
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "hub_requests_total"
    )


def test_two_workers_serve_and_their_metrics_add_up(neo4j_uri: str, tmp_path: Path) -> None:
    with hub_serve(neo4j_uri, tmp_path, HUB_WORKERS="2", HUB_RATE_LIMIT_PER_MINUTE="0") as (base, process):
        workers = [
            pid for pid in children(process.pid) if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
        ]
        assert len(workers) == 2
        answers = [
            httpx.post(f"{base}/graphql", json=VERSION).status_code for _ in range(40)
        ]  # a connection each
        counted = requests_counted(httpx.get(f"{base}/metrics").text)
        assert answers == [200] * 40
        assert counted == 40 + 1  # the sum over both workers, whichever answered; and /health once
        files = {path.name for path in (tmp_path / "home" / "metrics").iterdir()}
        assert all(any(name.endswith(f"_{pid}.db") for name in files) for pid in workers)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
        assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
