"""What the local Neo4j needs to know, and where it keeps its files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from hub.config import Settings


class LocalNeo4jError(Exception):
    """The local Neo4j cannot be started or stopped; the message is one line."""


@dataclass(frozen=True)
class LocalNeo4jConfig:
    """The local Neo4j's settings. Its data, logs, pid file and cached classpath live in `home`/neo4j."""

    home: Path
    host: str
    port: int
    password: str
    heap: str
    pagecache: str
    tx_memory: str
    """The most memory one transaction may use; past it the transaction fails alone, and at once."""
    version: str
    start_timeout: float

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z.+-]*", self.version):
            raise LocalNeo4jError(f"invalid Neo4j version {self.version!r}")

    @classmethod
    def from_settings(cls, settings: Settings) -> LocalNeo4jConfig:
        return cls(
            home=settings.hub_home,
            host=settings.hub_neo4j_host,
            port=settings.hub_neo4j_port,
            password=settings.neo4j_password,
            heap=settings.hub_neo4j_heap,
            pagecache=settings.hub_neo4j_pagecache,
            tx_memory=settings.hub_neo4j_tx_memory,
            version=settings.hub_neo4j_version,
            start_timeout=settings.hub_neo4j_start_timeout,
        )

    @property
    def neo4j_home(self) -> Path:
        """Neo4j's own home: `data/` and `logs/` (with Neo4j's `debug.log`) are created in it."""
        return self.home.resolve() / "neo4j"

    @property
    def data_dir(self) -> Path:
        return self.neo4j_home / "data"

    @property
    def log(self) -> Path:
        """The launcher's output: its READY line, or the FATAL line it dies with."""
        return self.neo4j_home / "logs" / "launcher.log"

    @property
    def password_digest(self) -> Path:
        """A salted digest of the password the launcher last set: it sets it again only when it differs."""
        return self.data_dir / "dbms" / "hub-password.pbkdf2"

    @property
    def pid_file(self) -> Path:
        return self.neo4j_home / "neo4j.pid"

    @property
    def classpath_file(self) -> Path:
        return self.neo4j_home / f"classpath-{self.version}.txt"

    @property
    def maven_log(self) -> Path:
        return self.neo4j_home / "logs" / f"maven-{self.version}.log"
