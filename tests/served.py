"""The hub served on a free loopback port until the block ends: `hub serve` as an operator starts it, in a
child process, or the app of some settings behind uvicorn as `hub serve` configures it, in a thread."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from hub.app import create_app
from hub.config import Settings
from hub.edge.server import server_config
from tests.conftest import PASSWORD, free_port

HUB = [sys.executable, "-m", "hub.cli.main"]
"""The `hub` command of this checkout."""


@contextmanager
def hub_serving(
    neo4j_uri: str, folder: Path, *, hub: list[str] = HUB, **settings: str
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """The base URL and process of `hub serve` once /ready answers; `settings` as environment variables.

    It runs in `folder` with its HUB_HOME there, one worker unless told otherwise, with no warm-up.
    """
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("NEO4J_", "HUB_"))}
    env |= {
        "NEO4J_URI": neo4j_uri,
        "NEO4J_PASSWORD": PASSWORD,
        "HUB_PORT": str(port),
        "HUB_HOME": str(folder / "home"),
        "HUB_WORKERS": "1",
        "HUB_WARM_UP": "false",
        "HUB_SEED_SYNTHETIC": "0",
    } | settings
    folder.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [*hub, "serve"],
        env=env,
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(base, process, 90)
        yield base, process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    """The hub behind a real uvicorn server on loopback, configured as `hub serve` does; its base URL."""
    configured = settings.model_copy(update={"hub_port": free_port()})
    server = uvicorn.Server(server_config(configured, create_app(configured)))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started
    try:
        yield f"http://127.0.0.1:{configured.hub_port}"
    finally:
        server.should_exit = True
        thread.join(10)


def wait_until_ready(base: str, process: subprocess.Popen[Any], within: float) -> None:
    """Until the hub at `base` answers /ready; fails with its output when the process ends first."""
    deadline = time.monotonic() + within
    while True:
        assert process.poll() is None, process.communicate()
        try:
            if httpx.get(f"{base}/ready", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "hub serve did not become ready"
        time.sleep(0.2)
