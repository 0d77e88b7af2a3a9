"""`hub serve` refuses to start a second hub on a port that is taken."""

from __future__ import annotations

import os
import socket
import subprocess
import sys


def test_second_hub_on_the_same_port_fails_clearly() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "hub.cli.main", "serve"],
            env={**os.environ, "HUB_PORT": str(port), "NEO4J_URI": "bolt://127.0.0.1:1"},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 1
    assert f"127.0.0.1:{port} is in use: is a hub already running?" in done.stderr
