"""The whole-graph export of a bench graph, streamed over HTTP from a served hub as an analyst asks it:
seconds, bytes, and the peak memory (VmHWM) of the server process, which holds only the page it writes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import jwt

from bench.graphs import free_port
from hub.config import Settings

SECRET = "bench-export-secret-0123456789abcdef"
FORMATS = ("graphml", "edges.csv")


def _peak_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _serve(settings: Settings, port: int) -> subprocess.Popen[bytes]:
    environment = {
        **os.environ,
        "NEO4J_URI": settings.neo4j_uri or "",
        "NEO4J_PASSWORD": settings.neo4j_password,
        "HUB_PORT": str(port),
        "HUB_JWT_SECRET": SECRET,
        "HUB_JWT_ISSUER": "bench",
        "HUB_JWT_AUDIENCE": "hub",
    }
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("hub")), "serve"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(120):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/ready", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise RuntimeError("the hub did not become ready")


def _export(port: int, server: int, format_: str) -> dict[str, Any]:
    claims = {"sub": "bench", "iss": "bench", "aud": "hub", "exp": int(time.time()) + 3600, "role": "analyst"}
    headers = {"authorization": f"Bearer {jwt.encode(claims, SECRET, algorithm='HS256')}"}
    before = _peak_mib(server)
    started = time.perf_counter()
    size = lines = 0
    url = f"http://127.0.0.1:{port}/export/graph.{format_}"
    with httpx.stream("GET", url, headers=headers, timeout=None) as answer:
        answer.raise_for_status()
        for chunk in answer.iter_bytes():
            size += len(chunk)
            lines += chunk.count(b"\n")
    return {
        "format": format_,
        "seconds": round(time.perf_counter() - started, 1),
        "mib": round(size / 2**20, 1),
        "lines": lines,
        "server_peak_before_mib": round(before, 1),
        "server_peak_mib": round(_peak_mib(server), 1),
    }


def whole_graph(settings: Settings) -> list[dict[str, Any]]:
    """The export in each of FORMATS from one served hub; a failure is reported as one."""
    port = free_port()
    server = _serve(settings, port)
    found: list[dict[str, Any]] = []
    try:
        for format_ in FORMATS:
            try:
                found.append(_export(port, server.pid, format_))
            except (httpx.HTTPError, RuntimeError) as error:
                found.append({"format": format_, "error": str(error)[:160]})
    finally:
        server.terminate()
        server.wait(30)
    return found
