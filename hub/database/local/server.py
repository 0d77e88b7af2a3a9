"""The local Neo4j: an embedded Neo4j Community served over Bolt by `Launcher.java`, from Maven jars."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, DriverError, Neo4jError

from hub.database.local import classes
from hub.database.local.config import LocalNeo4jConfig, LocalNeo4jError
from hub.database.local.process import MAIN_CLASS, check_port, is_launcher, read_pid
from hub.database.local.toolchain import cached_classpath, find_java, launcher_jar, resolve_classpath

__all__ = ["LocalNeo4j", "LocalNeo4jConfig", "LocalNeo4jError", "Status"]

JVM_FLAGS = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
)
"""Let Neo4j's page cache use direct buffers and its transaction logs use native file access."""
PASSWORD_VARIABLE = "HUB_NEO4J_PASSWORD"
MIN_PASSWORD = 8
"""Neo4j's default `dbms.security.auth_minimum_password_length`."""
POLL_SECONDS = 0.25
KILL_WAIT_SECONDS = 10.0


@dataclass(frozen=True)
class Status:
    """`running`: the launcher process is alive (it may still be starting up)."""

    running: bool
    pid: int | None
    uri: str
    log: Path


class LocalNeo4j:
    """Starts, stops and reports on the local Neo4j; its pid file lets any process stop it."""

    def __init__(self, config: LocalNeo4jConfig) -> None:
        self.config = config
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def uri(self) -> str:
        host = f"[{self.config.host}]" if ":" in self.config.host else self.config.host
        return f"bolt://{host}:{self.config.port}"

    def classpath(self) -> str:
        """Neo4j's jars: resolved with Maven the first time, then read from a file cached per version."""
        return cached_classpath(self.config) or resolve_classpath(self.config)

    def start(self) -> None:
        """Start Neo4j and wait until Bolt accepts the password; return at once if it already does."""
        pid = self._running_pid()
        if pid is not None:
            if self._answers():
                return
            raise LocalNeo4jError(
                f"the data folder {self.config.data_dir} is locked by the local Neo4j with pid {pid},"
                f" which does not answer on {self.uri}; stop it with `hub neo4j stop`"
            )
        if len(self.config.password) < MIN_PASSWORD:
            raise LocalNeo4jError(f"the local Neo4j needs a NEO4J_PASSWORD of {MIN_PASSWORD}+ characters")
        check_port(self.config.host, self.config.port)
        java = find_java()
        self.config.log.parent.mkdir(parents=True, exist_ok=True)
        classpath = self.classpath()
        self._launch(java, f"{launcher_jar(self.config, java, classpath)}{os.pathsep}{classpath}")
        self._wait_until_ready()

    def stop(self, timeout: float = 30) -> bool:
        """Stop Neo4j cleanly (SIGTERM), killing it after `timeout` seconds; False if it was not running."""
        pid = self._running_pid()
        if pid is None:
            return False
        self._signal(pid, signal.SIGTERM)
        clean = self._gone(pid, timeout)
        if not clean:
            self._signal(pid, signal.SIGKILL)
            self._gone(pid, KILL_WAIT_SECONDS)
        classes.settle(self.config.neo4j_home, clean)
        self.config.pid_file.unlink(missing_ok=True)
        return True

    def status(self) -> Status:
        pid = self._running_pid()
        return Status(running=pid is not None, pid=pid, uri=self.uri, log=self.config.log)

    def _launch(self, java: str, classpath: str) -> None:
        config = self.config
        command = [
            java,
            f"-Xms{config.heap}",
            f"-Xmx{config.heap}",
            *JVM_FLAGS,
            *classes.jvm_flags(java, classpath, config.neo4j_home),
            "-cp",
            classpath,
            MAIN_CLASS,
            str(config.neo4j_home),
            config.host,
            str(config.port),
            config.pagecache,
            config.tx_memory,
            str(config.password_digest),
        ]
        with config.log.open("wb") as log:
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=config.neo4j_home,
                env={**os.environ, PASSWORD_VARIABLE: config.password},
                start_new_session=True,
            )
        config.pid_file.write_text(f"{self._process.pid}\n")

    def _wait_until_ready(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + self.config.start_timeout
        while not (self._said_ready() and self._answers()):
            if self._process.poll() is not None:
                self.config.pid_file.unlink(missing_ok=True)
                raise self._start_failure()
            if time.monotonic() >= deadline:
                self.stop()
                raise LocalNeo4jError(
                    f"the local Neo4j did not answer on {self.uri} within {self.config.start_timeout:g}s"
                    f" (log: {self.config.log}; Neo4j's own: {self.config.neo4j_home / 'logs' / 'debug.log'})"
                )
            time.sleep(POLL_SECONDS)

    def _log_lines(self) -> list[str]:
        try:
            text = self.config.log.read_text(errors="replace")
        except FileNotFoundError:
            return []
        return [line.strip() for line in text.splitlines() if line.strip()]

    def _said_ready(self) -> bool:
        return any(line.startswith("READY ") for line in self._log_lines())

    def _start_failure(self) -> LocalNeo4jError:
        lines = self._log_lines()
        fatal = [line.removeprefix("FATAL ") for line in lines if line.startswith("FATAL ")]
        reason = fatal[-1] if fatal else (lines or ["no output"])[0]  # else the JVM's own first word
        if reason.startswith("store locked:"):
            return LocalNeo4jError(
                f"the data folder {self.config.data_dir} is locked by another Neo4j process"
                f" (log: {self.config.log})"
            )
        return LocalNeo4jError(f"the local Neo4j exited during start-up: {reason} (log: {self.config.log})")

    def _answers(self) -> bool:
        """Whether Bolt accepts our password; a wrong password is an error, not a "no"."""
        auth = ("neo4j", self.config.password)
        try:
            with GraphDatabase.driver(self.uri, auth=auth, connection_timeout=2.0) as driver:
                driver.verify_connectivity()
        except AuthError:
            self.config.password_digest.unlink(missing_ok=True)
            raise LocalNeo4jError(
                f"the local Neo4j at {self.uri} rejects NEO4J_PASSWORD; restart it to apply a new password"
            ) from None
        except (DriverError, Neo4jError, OSError):
            return False
        return True

    def _running_pid(self) -> int | None:
        """The pid in the pid file if that process is alive; a stale pid file is removed."""
        pid = read_pid(self.config.pid_file)
        if pid is not None and self._alive(pid):
            return pid
        self.config.pid_file.unlink(missing_ok=True)
        return None

    def _alive(self, pid: int) -> bool:
        if self._process is not None and self._process.pid == pid:
            return self._process.poll() is None
        return is_launcher(pid, self.config.neo4j_home)

    def _gone(self, pid: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while self._alive(pid):
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL_SECONDS)
        return True

    @staticmethod
    def _signal(pid: int, signum: signal.Signals) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signum)
