"""The local Neo4j: one clear line for each way it cannot start, and one real start / status / stop cycle."""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from hub.config import load_settings
from hub.database.local.server import LocalNeo4j, LocalNeo4jConfig, LocalNeo4jError

PASSWORD = "local-neo4j-test-password"
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def config(home: Path, **changes: object) -> LocalNeo4jConfig:
    defaults = LocalNeo4jConfig(
        home=home,
        host=HOST,
        port=free_port(),
        password=PASSWORD,
        heap="512m",
        pagecache="64m",
        tx_memory="128m",
        version=load_settings(_env_file=None).hub_neo4j_version,
        start_timeout=180,
    )
    return dataclasses.replace(defaults, **changes)  # type: ignore[arg-type]


def hub(*args: str, home: Path, port: int) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HUB_HOME": str(home), "HUB_NEO4J_PORT": str(port), "NEO4J_PASSWORD": PASSWORD}
    return subprocess.run(
        [sys.executable, "-m", "hub.cli.main", *args], env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4j]:
    local = LocalNeo4j(config(tmp_path_factory.mktemp("local-neo4j")))
    local.start()
    yield local
    local.stop()


def test_port_in_use(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind((HOST, 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(LocalNeo4jError, match=f"port {port} on {HOST} is already in use"):
            LocalNeo4j(config(tmp_path, port=port)).start()


def test_short_password(tmp_path: Path) -> None:
    with pytest.raises(LocalNeo4jError, match=r"NEO4J_PASSWORD of 8\+ characters"):
        LocalNeo4j(config(tmp_path, password="short")).start()


def test_no_java(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(LocalNeo4jError, match="needs Java 17 or newer, but `java` is not on PATH"):
        LocalNeo4j(config(tmp_path)).start()


def test_no_maven_and_no_cached_classpath(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    java = shutil.which("java")
    assert java is not None, "the local Neo4j needs Java"
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "java").symlink_to(java)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    with pytest.raises(LocalNeo4jError, match="resolved with Maven the first time, but `mvn` is not on PATH"):
        LocalNeo4j(config(tmp_path)).start()


def test_cli_status_when_not_running(tmp_path: Path) -> None:
    done = hub("neo4j", "status", home=tmp_path, port=free_port())
    assert done.returncode == 3
    assert "not running" in done.stdout


def test_cli_start_fails_with_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind((HOST, 0))
        taken.listen()
        done = hub("neo4j", "start", home=tmp_path, port=taken.getsockname()[1])
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert "is already in use" in done.stderr


def test_runs_and_answers_bolt(server: LocalNeo4j) -> None:
    status = server.status()
    assert status.running
    assert status.pid is not None
    assert status.uri == f"bolt://{HOST}:{server.config.port}"
    with GraphDatabase.driver(server.uri, auth=("neo4j", PASSWORD)) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one")
    assert records[0]["one"] == 1
    done = hub("neo4j", "status", home=server.config.home, port=server.config.port)
    assert done.returncode == 0
    assert f"pid {status.pid}" in done.stdout


def test_start_is_idempotent(server: LocalNeo4j) -> None:
    pid = server.status().pid
    again = LocalNeo4j(server.config)
    again.start()
    assert again.status().pid == pid


def test_same_data_folder_on_another_port_is_locked(server: LocalNeo4j) -> None:
    other = LocalNeo4j(dataclasses.replace(server.config, port=free_port()))
    with pytest.raises(LocalNeo4jError, match=f"is locked by the local Neo4j with pid {server.status().pid}"):
        other.start()


def test_exit_during_start_up_names_the_reason_and_the_log(server: LocalNeo4j, tmp_path: Path) -> None:
    bad = config(tmp_path, pagecache="64q")
    bad.classpath_file.parent.mkdir(parents=True)
    shutil.copy(server.config.classpath_file, bad.classpath_file)
    with pytest.raises(LocalNeo4jError, match=r"exited during start-up: .*'64q' is not a valid") as error:
        LocalNeo4j(bad).start()
    assert str(bad.log) in str(error.value)


def test_start_timeout_names_the_log(server: LocalNeo4j, tmp_path: Path) -> None:
    quick = config(tmp_path, start_timeout=0.5)
    quick.classpath_file.parent.mkdir(parents=True)
    shutil.copy(server.config.classpath_file, quick.classpath_file)
    local = LocalNeo4j(quick)
    with pytest.raises(LocalNeo4jError, match=r"did not answer on \S+ within 0\.5s") as error:
        local.start()
    assert str(quick.log) in str(error.value)
    assert not local.status().running


def test_stop(server: LocalNeo4j) -> None:
    assert LocalNeo4j(server.config).stop()
    assert not server.status().running
    assert not server.stop()


def test_a_new_password_is_taken_and_a_killed_neo4j_starts_again(server: LocalNeo4j) -> None:
    server.stop()
    changed = LocalNeo4j(dataclasses.replace(server.config, password="another-local-password"))
    changed.start()
    with GraphDatabase.driver(changed.uri, auth=("neo4j", "another-local-password")) as driver:
        driver.execute_query("CREATE (:Survivor {name: 'written before the crash'})")
    pid = changed.status().pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while changed.status().running:
        assert time.monotonic() < deadline, "a killed Neo4j is gone within 10 s"
        time.sleep(0.05)
    changed.start()
    with GraphDatabase.driver(changed.uri, auth=("neo4j", "another-local-password")) as driver:
        records, _, _ = driver.execute_query("MATCH (n:Survivor) RETURN n.name AS name")
    assert [record["name"] for record in records] == ["written before the crash"]
    assert changed.stop()
