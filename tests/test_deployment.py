"""docker-compose.yml and the Dockerfile agree with the hub's settings (no Docker engine runs here)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from hub.config import Settings, load_settings


def compose(repo_root: Path) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((repo_root / "docker-compose.yml").read_text())
    return document


def test_services_and_images(repo_root: Path) -> None:
    services = compose(repo_root)["services"]
    assert set(services) == {"neo4j", "hub", "redis"}
    assert services["neo4j"]["image"] == "neo4j:5.26-community"
    assert services["hub"]["build"] == "."
    assert services["hub"]["depends_on"] == {"neo4j": {"condition": "service_healthy"}}
    assert "healthcheck" in services["neo4j"]
    assert services["redis"]["profiles"] == ["redis"]  # only with --profile redis
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]


def test_hub_environment_is_made_of_settings(repo_root: Path) -> None:
    environment = compose(repo_root)["services"]["hub"]["environment"]
    assert set(map(str.lower, environment)) <= set(Settings.model_fields)
    for redis_url in ("", "redis://redis:6379/0"):  # without the redis profile, and with it
        resolved = {
            name: re.sub(r"\$\{HUB_REDIS_URL:-\}", redis_url, str(v)) for name, v in environment.items()
        }
        resolved = {
            name: re.sub(r"\$\{(\w+):\?[^}]*\}", "a-secret-password", v) for name, v in resolved.items()
        }
        settings = load_settings(**{name.lower(): value for name, value in resolved.items()}, _env_file=None)
        assert settings.neo4j_uri == "bolt://neo4j:7687"
        assert not settings.local_neo4j and not settings.development
        assert settings.hub_redis_url == (redis_url or None)


def test_auth_and_ports_agree(repo_root: Path) -> None:
    services = compose(repo_root)["services"]
    hub = services["hub"]["environment"]
    user, password = services["neo4j"]["environment"]["NEO4J_AUTH"].split("/", 1)
    assert user == hub["NEO4J_USER"]
    assert password == hub["NEO4J_PASSWORD"]
    assert services["hub"]["ports"] == [f"127.0.0.1:{hub['HUB_PORT']}:{hub['HUB_PORT']}"]


def test_dockerfile_runs_as_non_root_and_serves(repo_root: Path) -> None:
    dockerfile = (repo_root / "Dockerfile").read_text()
    assert re.search(r"^USER (?!root)\w+", dockerfile, re.MULTILINE)
    assert 'CMD ["hub", "serve"]' in dockerfile
    for folder in ("graph_schema", "seeds", "queries"):
        assert f"COPY {folder} " in dockerfile
