"""Settings: defaults, and one clear line naming the variable when a value is invalid."""

from __future__ import annotations

import subprocess
import sys

import pytest

from hub.config import LOCAL_PASSWORD, SettingsError, load_settings


def test_defaults_use_a_local_neo4j() -> None:
    settings = load_settings(_env_file=None)
    assert settings.local_neo4j
    assert settings.bolt_uri == "bolt://127.0.0.1:7687"
    assert (settings.hub_host, settings.hub_port) == ("127.0.0.1", 8000)
    assert settings.neo4j_password == LOCAL_PASSWORD


def test_configured_uri_means_no_local_neo4j() -> None:
    settings = load_settings(neo4j_uri="neo4j+s://example.invalid", _env_file=None)
    assert not settings.local_neo4j
    assert settings.bolt_uri == "neo4j+s://example.invalid"


@pytest.mark.parametrize(
    ("variable", "value"),
    [("HUB_PORT", "eighty"), ("HUB_PORT", "70000"), ("NEO4J_URI", "http://x"), ("HUB_NEO4J_HEAP", "lots")],
)
def test_invalid_setting_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match=f"^invalid setting {variable}: "):
        load_settings(_env_file=None)


def test_cli_fails_with_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUB_PORT", "eighty")
    done = subprocess.run(
        [sys.executable, "-m", "hub.cli.main", "schema", "apply"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "hub: invalid setting HUB_PORT: Input should be a valid integer, unable to parse string as an integer"
    ]
