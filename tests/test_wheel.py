"""Deployed as built: the wheel, installed non-editable into a fresh virtual environment, carries the
migrations, the seeds and the allow-list, and a production hub started from it answers a persisted
operation; production refuses to start without an allow-list."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from neo4j import AsyncDriver

from tests.conftest import PASSWORD
from tests.served import hub_serving

OPERATION = "CompaniesInTalentProjects"


REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `bin` folder of a fresh virtual environment with the wheel installed. Its dependencies come from
    the test run's environment (a path in a .pth file), not from this checkout."""
    folder = tmp_path_factory.mktemp("wheel")
    build = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
    subprocess.run([*build, "--wheel-dir", str(folder / "dist"), str(REPO)], check=True)
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    wheel = next((folder / "dist").glob("*.whl"))
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps"]
    subprocess.run([*install, str(wheel)], check=True)
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(site) / "test-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return venv / "bin"


def clean_environment(**changes: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("NEO4J_", "HUB_"))}
    return {**env, **changes}


def run(command: list[str], cwd: Path, **changes: str) -> subprocess.CompletedProcess[str]:
    env = clean_environment(**changes)
    return subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


def test_the_installed_hub_finds_what_it_ships(installed: Path, repo_root: Path, tmp_path: Path) -> None:
    located = run([str(installed / "python"), "-c", "import hub; print(hub.__file__)"], tmp_path)
    assert "site-packages" in located.stdout and str(repo_root) not in located.stdout
    checked = run([str(installed / "hub"), "queries", "check"], tmp_path)
    assert checked.returncode == 0, checked.stderr
    operations = len(list((repo_root / "queries").rglob("*.graphql")))
    assert f"{operations} operations in" in checked.stdout and "site-packages" in checked.stdout
    exported = run(
        [str(installed / "hub"), "schema", "export", "--output", str(tmp_path / "s.graphql")], tmp_path
    )
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "s.graphql").read_text() == (repo_root / "schema.graphql").read_text()


@pytest.fixture
def production(installed: Path, neo4j_uri: str, tmp_path: Path) -> Iterator[str]:
    """`hub serve` of the installed wheel, in production, on the test run's Neo4j; its base URL."""
    with hub_serving(neo4j_uri, tmp_path, hub=[str(installed / "hub")], HUB_ENV="production") as (base, _):
        yield base


async def test_production_from_the_wheel_answers_a_persisted_operation(
    seeded: AsyncDriver, production: str, repo_root: Path
) -> None:
    document = (repo_root / "queries" / "companies-in-talent-projects.graphql").read_text()
    variables = json.loads(
        (repo_root / "queries" / "companies-in-talent-projects.variables.json").read_text()
    )
    async with httpx.AsyncClient(base_url=production, timeout=30) as http:
        answer = (
            await http.post("/graphql", json={"operationName": OPERATION, "variables": variables})
        ).json()
        assert "errors" not in answer and answer["data"]
        assert (
            answer == (await http.post("/graphql", json={"query": document, "variables": variables})).json()
        )
        refused = (await http.post("/graphql", json={"query": "{ schools { totalCount } }"})).json()
    assert refused["errors"][0]["extensions"]["code"].startswith("PERSISTED_QUERY")


@pytest.mark.parametrize("queries", ["missing", "empty"])
def test_production_refuses_to_start_without_an_allow_list(tmp_path: Path, queries: str) -> None:
    folder = tmp_path / "queries"
    if queries == "empty":
        folder.mkdir()
    started = time.monotonic()
    done = run(
        [sys.executable, "-m", "hub.cli.main", "serve"],
        tmp_path,
        HUB_ENV="production",
        HUB_QUERIES_DIR=str(folder),
        NEO4J_URI="bolt://127.0.0.1:9",
        NEO4J_PASSWORD=PASSWORD,
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "HUB_QUERIES_DIR" in lines[0] and "persisted operations only" in lines[0]
    assert time.monotonic() - started < 30
