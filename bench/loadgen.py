"""(4) HTTP under load: the hub served by uvicorn on loopback, driven by wrk with a Lua POST script at
fixed concurrencies for a bounded duration per operation."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.graphs import ROOT, free_port
from bench.hub_client import operations
from hub.config import Settings

LUA = Path(__file__).with_name("post.lua")
HOST = "127.0.0.1"


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    """The hub on a free loopback port, one uvicorn worker, until the block ends."""
    port = free_port()
    env = os.environ | {
        "NEO4J_URI": settings.bolt_uri,
        "NEO4J_PASSWORD": settings.neo4j_password,
        "HUB_MAX_COST": "100000000",
        "HUB_RATE_LIMIT_PER_MINUTE": "100000000",
        "HUB_RATE_LIMIT_BURST": "100000000",
    }
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "hub.app:create_app",
        "--host",
        HOST,
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    try:
        url = f"http://{HOST}:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{url}/health", timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield f"{url}/graphql"
    finally:
        server.terminate()
        server.wait(timeout=30)


def wrk(url: str, body: bytes, connections: int, seconds: int) -> dict[str, Any]:
    """One bounded wrk run (1 thread, `connections` connections, `seconds` seconds) on loopback."""
    assert url.startswith(f"http://{HOST}:")
    with tempfile.NamedTemporaryFile(suffix=".json") as file:
        file.write(body)
        file.flush()
        done = subprocess.run(
            ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(LUA), url],
            env=os.environ | {"BENCH_BODY_FILE": file.name},
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        )
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        "rps": round(figures["requests"] / (figures["duration_us"] / 1e6), 1),
        "p50": figures["p50_us"] / 1000,
        "p95": figures["p95_us"] / 1000,
        "p99": figures["p99_us"] / 1000,
        "socket_errors": figures["socket_errors"],
        "requests": figures["requests"],
        "timeouts": figures["timeouts"],
        "error_answers": figures["bad"],
    }


def http_load(settings: Settings, concurrencies: tuple[int, ...], seconds: int) -> dict[str, Any]:
    """Requests/s and p50/p95/p99 per operation and concurrency."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed (apt-get install -y wrk)")
    results: dict[str, Any] = {}
    with serving(settings) as url:
        for name, (query, variables) in operations().items():
            body = json.dumps({"query": query, "variables": variables}).encode()
            request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=30) as response:
                answer = json.loads(response.read())
            if answer.get("errors"):
                error = {"error": answer["errors"][0].get("message", "error")[:120]}
                results[name] = {str(c): error for c in concurrencies}
                continue
            results[name] = {str(c): wrk(url, body, c, seconds) for c in concurrencies}
    return results
