"""`hub serve` with HUB_WORKERS processes: they share the port, every one answers (each on a socket of its
own), a scrape of /metrics sums them all, and SIGTERM stops them all."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import time
from pathlib import Path

import httpx
from prometheus_client import CollectorRegistry, generate_latest, multiprocess
from prometheus_client.parser import text_string_to_metric_families

from hub.edge.workers import listening_socket
from tests.conftest import free_port
from tests.served import hub_serving

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


def spawned(pid: int) -> list[int]:
    """The worker processes `hub serve` started, in pid order."""
    return sorted(
        child for child in children(pid) if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()
    )


def requests_counted(text: str) -> float:
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "hub_requests_total"
    )


def answered_by(metrics: Path, pid: int, scratch: Path) -> float:
    """The requests the worker `pid` counted: its own metric files, read apart from the others'."""
    scratch.mkdir()
    for file in metrics.glob(f"*_{pid}.db"):
        shutil.copy(file, scratch)
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=str(scratch))
    return requests_counted(generate_latest(registry).decode())


def test_two_workers_serve_and_their_metrics_add_up(neo4j_uri: str, tmp_path: Path) -> None:
    with hub_serving(neo4j_uri, tmp_path, HUB_WORKERS="2", HUB_RATE_LIMIT_PER_MINUTE="0") as (base, process):
        workers = spawned(process.pid)
        assert len(workers) == 2
        answers = [
            httpx.post(f"{base}/graphql", json=VERSION).status_code for _ in range(40)
        ]  # a connection each
        counted = requests_counted(httpx.get(f"{base}/metrics").text)
        assert answers == [200] * 40
        assert counted == 40 + 1  # the sum over both workers, whichever answered; and /ready once
        each = [answered_by(tmp_path / "home" / "metrics", pid, tmp_path / str(pid)) for pid in workers]
        assert all(count > 0 for count in each)  # the kernel spread the connections over both sockets

        os.kill(workers[0], signal.SIGKILL)
        deadline = time.monotonic() + 60
        while (replaced := spawned(process.pid)) == workers or len(replaced) < 2:
            assert time.monotonic() < deadline, "the killed worker was not replaced"
            time.sleep(0.2)
        assert workers[1] in replaced
        assert [httpx.post(f"{base}/graphql", json=VERSION).status_code for _ in range(10)] == [200] * 10

        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
        assert not any(Path(f"/proc/{pid}").exists() for pid in replaced)


async def test_a_worker_socket_sends_answers_at_once() -> None:
    """Its connections have TCP_NODELAY (as asyncio sets it on TCP sockets): without it, an answer on a
    kept-alive connection waited 40 ms for the client's delayed ACK."""
    listening = listening_socket("127.0.0.1", free_port())
    accepted = asyncio.get_running_loop().create_future()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.set_result(
            writer.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        )
        writer.close()

    server = await asyncio.start_server(handle, sock=listening)
    async with server:
        _, writer = await asyncio.open_connection("127.0.0.1", listening.getsockname()[1])
        assert await accepted == 1
        writer.close()
