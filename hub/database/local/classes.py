"""Class-data sharing for the local Neo4j's JVM: the classes a run loads are archived when it stops cleanly,
and every later start maps them instead of loading them again (Bolt answers about 2 s sooner, the first
queries a second sooner).

One archive per Java and classpath, in the machine's cache. A run without one writes its own under a name of
its own; a clean stop (`LocalNeo4j.stop`) makes that the archive; what a killed run leaves is dropped.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

from hub.config import CACHE

QUIET = "-Xlog:cds*=off"
"""The JVM would otherwise print a line for every class it cannot archive."""


def _pending(neo4j_home: Path) -> Path:
    """Names the archive the running JVM writes, and where it goes once that JVM stops cleanly."""
    return neo4j_home / "classes.pending"


def jvm_flags(java: str, classpath: str, neo4j_home: Path) -> list[str]:
    """The JVM options of a start: map the archive, or write one."""
    settle(neo4j_home, clean=False)
    binary = Path(os.path.realpath(java))
    facts = f"{binary}|{binary.stat().st_mtime_ns}|{binary.stat().st_size}|{classpath}"
    archive = CACHE / f"neo4j-{hashlib.sha256(facts.encode()).hexdigest()[:16]}.jsa"
    if archive.is_file():
        return [f"-XX:SharedArchiveFile={archive}", QUIET]
    writing = archive.with_name(f"{archive.name}.{uuid.uuid4().hex}.tmp")
    _pending(neo4j_home).write_text(f"{writing}\n{archive}\n")
    return [f"-XX:ArchiveClassesAtExit={writing}", QUIET]


def settle(neo4j_home: Path, clean: bool) -> None:
    """Once the JVM is gone: keep what a clean stop wrote, drop what a killed run left."""
    pending = _pending(neo4j_home)
    try:
        writing, archive = map(Path, pending.read_text().split())
    except (FileNotFoundError, ValueError):
        return
    if clean and writing.is_file():
        writing.replace(archive)
        for older in archive.parent.glob("neo4j-*.jsa"):
            if older != archive:
                older.unlink(missing_ok=True)  # another Java, launcher or Neo4j version's
    else:
        writing.unlink(missing_ok=True)
    pending.unlink(missing_ok=True)
