"""`hub serve` from start to stop, as an operator runs it: a port in use, a Neo4j that does not answer or
refuses the password, and SIGTERM or SIGINT, which drain the requests in flight, stop the local Neo4j the
command started and exit 0."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hub.database.local.process import is_launcher, read_pid
from tests.conftest import PASSWORD, free_port
from tests.served import wait_until_ready

LOCAL_PASSWORD = "serve-test-password"
BODY = b'{"query": "{ schools(first: 2) { totalCount } }"}'


def environment(tmp_path: Path, **changes: str) -> dict[str, str]:
    """A clean environment: no NEO4J_URI unless given, a home and ports of the test's own."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("NEO4J_", "HUB_"))}
    return {
        **env,
        "HUB_HOME": str(tmp_path / "home"),
        "HUB_PORT": str(free_port()),
        "HUB_NEO4J_PORT": str(free_port()),
        "NEO4J_PASSWORD": LOCAL_PASSWORD,
        "HUB_SEED_SYNTHETIC": "0",
        **changes,
    }


def hub_serve(env: dict[str, str], cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "hub.cli.main", "serve"]
    return subprocess.run(
        command, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], dict[str, str]]]:
    """`hub serve` on a local Neo4j of its own, started by it."""
    env = environment(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "hub.cli.main", "serve"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    yield process, env
    if process.poll() is None:
        process.kill()
        process.wait()
    pid = read_pid(Path(env["HUB_HOME"]) / "neo4j" / "neo4j.pid")
    if pid is not None and is_launcher(pid, Path(env["HUB_HOME"]).resolve() / "neo4j"):
        os.kill(pid, signal.SIGKILL)


def neo4j_pid(env: dict[str, str], within: float) -> int:
    """The pid of the local Neo4j once it is launched."""
    deadline = time.monotonic() + within
    while (pid := read_pid(Path(env["HUB_HOME"]) / "neo4j" / "neo4j.pid")) is None:
        assert time.monotonic() < deadline, "the local Neo4j was not launched"
        time.sleep(0.1)
    return pid


def stopped(env: dict[str, str], pid: int) -> bool:
    return not is_launcher(pid, Path(env["HUB_HOME"]).resolve() / "neo4j")


def test_second_hub_on_the_same_port_fails_clearly(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = hub_serve(environment(tmp_path, HUB_PORT=str(port)), tmp_path)
    assert done.returncode == 1
    assert f"127.0.0.1:{port} is in use: is a hub already running?" in done.stderr


def test_unreachable_neo4j_is_waited_for_then_named_in_one_line(tmp_path: Path) -> None:
    env = environment(tmp_path, NEO4J_URI=f"bolt://127.0.0.1:{free_port()}", HUB_NEO4J_START_TIMEOUT="2")
    done = hub_serve(env, tmp_path)
    assert done.returncode == 1
    assert f"waiting for Neo4j at {env['NEO4J_URI']} to answer" in done.stdout
    assert done.stderr.splitlines() == [
        f"hub: Neo4j at {env['NEO4J_URI']} did not answer within 2 s (HUB_NEO4J_START_TIMEOUT):"
        " is it running, and is NEO4J_URI right?"
    ]


def test_wrong_password_is_one_line(tmp_path: Path, neo4j_uri: str) -> None:
    env = environment(tmp_path, NEO4J_URI=neo4j_uri, NEO4J_PASSWORD=PASSWORD + "-wrong")
    done = hub_serve(env, tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"hub: Neo4j at {neo4j_uri} refuses user 'neo4j' with the password given:"
        " check NEO4J_USER and NEO4J_PASSWORD"
    ]


def test_sigterm_drains_in_flight_requests_stops_neo4j_and_exits_0(
    serving: tuple[subprocess.Popen[str], dict[str, str]],
) -> None:
    process, env = serving
    pid = neo4j_pid(env, 120)
    wait_until_ready(f"http://127.0.0.1:{env['HUB_PORT']}", process, 180)
    with socket.create_connection(("127.0.0.1", int(env["HUB_PORT"])), timeout=30) as client:
        head = "POST /graphql HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n"
        client.sendall(f"{head}Content-Length: {len(BODY)}\r\n\r\n".encode() + BODY[:10])
        time.sleep(0.5)
        process.send_signal(signal.SIGTERM)
        time.sleep(1.0)
        client.sendall(BODY[10:])
        answer = b""
        while chunk := client.recv(65536):
            answer += chunk
    out, err = process.communicate(timeout=60)
    assert answer.startswith(b"HTTP/1.1 200"), answer
    assert b'"totalCount"' in answer
    assert process.returncode == 0, err
    assert "stopping the local Neo4j" in out and out.rstrip().endswith("stopped")
    assert stopped(env, pid)


def test_sigint_while_neo4j_starts_stops_it_and_exits_0(
    serving: tuple[subprocess.Popen[str], dict[str, str]],
) -> None:
    process, env = serving
    pid = neo4j_pid(env, 120)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "Traceback" not in err and out.rstrip().endswith("stopped")
    assert stopped(env, pid)
