"""Operating-system facts about the local Neo4j: its pid file, its process and its port."""

from __future__ import annotations

import errno
import os
import socket
from pathlib import Path

from hub.database.local.config import LocalNeo4jError

MAIN_CLASS = "Launcher"
"""The launcher's class (hub/database/local/Launcher.java): its name is how its process is told apart."""


def read_pid(pid_file: Path) -> int | None:
    try:
        text = pid_file.read_text().strip()
    except FileNotFoundError:
        return None
    return int(text) if text.isdigit() else None


def is_launcher(pid: int, neo4j_home: Path) -> bool:
    """Whether `pid` is alive and, where /proc tells, a launcher serving `neo4j_home`."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    if not Path("/proc/self").is_dir():
        return True
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    main = os.fsencode(MAIN_CLASS)
    started = any(arg == main or arg.endswith(main + b".java") for arg in args)  # .java: an earlier hub's
    return started and os.fsencode(neo4j_home) in args


def check_port(host: str, port: int) -> None:
    """Raise unless `host`:`port` can be listened on."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as error:
        raise LocalNeo4jError(f"cannot resolve the local Neo4j's host {host!r}: {error.strerror}") from None
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise LocalNeo4jError(
                    f"port {port} on {host} is already in use; set HUB_NEO4J_PORT to a free port"
                ) from None
            raise LocalNeo4jError(f"cannot listen on {host}:{port}: {error.strerror}") from None
