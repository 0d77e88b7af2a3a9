"""Java to run the local Neo4j, Maven to resolve its jars once, and javac to compile its launcher once."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from hub.config import CACHE
from hub.database.local.config import LocalNeo4jConfig, LocalNeo4jError

POM = Path(__file__).with_name("pom.xml")
LAUNCHER = Path(__file__).with_name("Launcher.java")
MIN_JAVA = 17


def find_java() -> str:
    """The `java` on PATH, if it is Java 17 or newer."""
    java = shutil.which("java")
    if java is None:
        raise LocalNeo4jError(f"the local Neo4j needs Java {MIN_JAVA} or newer, but `java` is not on PATH")
    output = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60, check=False)
    found = re.search(r'version "(?:1\.)?(\d+)', output.stderr)  # "1.8.0_402", "17.0.15", "21"
    major = int(found[1]) if found else 0
    if major < MIN_JAVA:
        first = (output.stderr.strip().splitlines() or ["no version"])[0]
        raise LocalNeo4jError(f"the local Neo4j needs Java {MIN_JAVA} or newer, found {java}: {first}")
    return java


def cached_classpath(config: LocalNeo4jConfig) -> str | None:
    """The classpath resolved before, if every jar in it is still there."""
    try:
        classpath = config.classpath_file.read_text().strip()
    except FileNotFoundError:
        return None
    jars = classpath.split(os.pathsep)
    return classpath if classpath and all(Path(jar).is_file() for jar in jars) else None


def resolve_classpath(config: LocalNeo4jConfig) -> str:
    """Resolve Neo4j's jars with Maven (downloading them the first time) and cache the classpath."""
    mvn = shutil.which("mvn")
    if mvn is None:
        raise LocalNeo4jError(
            f"Neo4j {config.version}'s jars are resolved with Maven the first time, but `mvn` is not on PATH"
        )
    config.maven_log.parent.mkdir(parents=True, exist_ok=True)
    resolved = config.classpath_file.with_suffix(".tmp")
    command = [
        mvn,
        "-B",
        "-q",
        "-f",
        str(POM),
        "dependency:build-classpath",
        f"-Dmdep.outputFile={resolved}",
        f"-Dneo4j.version={config.version}",
    ]
    with config.maven_log.open("w") as log:
        done = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, cwd=config.home, check=False)
    if done.returncode != 0 or not resolved.is_file():
        raise LocalNeo4jError(
            f"Maven could not resolve Neo4j {config.version}: {_first_error(config.maven_log)}"
            f" (log: {config.maven_log})"
        )
    resolved.replace(config.classpath_file)
    return config.classpath_file.read_text().strip()


def _first_error(log: Path) -> str:
    for line in log.read_text(errors="replace").splitlines():
        line = re.sub(r"\x1b\[[0-9;]*m", "", line).strip()
        if line.startswith("[ERROR] "):
            return line.removeprefix("[ERROR] ")
    return "mvn failed without an [ERROR] line"


def launcher_jar(config: LocalNeo4jConfig, java: str, classpath: str) -> Path:
    """The launcher compiled into a jar in the machine's cache, the first time for this source and Neo4j
    version (`java Launcher.java` would compile it at every start, a second each; and class-data sharing
    takes jars only)."""
    digest = hashlib.sha256(LAUNCHER.read_bytes() + config.version.encode()).hexdigest()[:16]
    jar = CACHE / f"launcher-{digest}.jar"
    if jar.is_file():
        return jar
    javac = Path(os.path.realpath(java)).with_name("javac")
    if not javac.is_file():
        raise LocalNeo4jError(f"the local Neo4j needs a JDK (javac beside {java}), not only a Java runtime")
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE) as building:
        command = [str(javac), "-nowarn", "-cp", classpath, "-d", building, str(LAUNCHER)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
        if done.returncode != 0:
            first = (done.stderr.strip().splitlines() or ["no output"])[0]
            raise LocalNeo4jError(f"javac could not compile the local Neo4j's launcher: {first}")
        packed = Path(building) / jar.name
        with zipfile.ZipFile(packed, "w") as archive:
            for compiled in sorted(Path(building).glob("*.class")):
                archive.write(compiled, compiled.name)
        packed.replace(jar)
    return jar
