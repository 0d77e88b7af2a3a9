"""Settings, read from environment variables and an optional `.env` file."""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
LOCAL_PASSWORD = "hub-local-password"
"""Default password of the local Neo4j the hub starts itself. For local use only."""

Port = Annotated[int, Field(ge=1, le=65535)]


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class SettingsError(Exception):
    """Invalid settings; the message is one line naming the variable."""


class Settings(BaseSettings):
    """Every setting is the upper-cased field name as an environment variable."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str = LOCAL_PASSWORD
    neo4j_database: str = "neo4j"

    hub_host: str = "127.0.0.1"
    hub_port: Port = 8000
    hub_env: Environment = Environment.DEVELOPMENT
    hub_home: Path = Path(".hub")
    hub_schema_dir: Path = ROOT / "graph_schema"
    hub_seeds_dir: Path = ROOT / "seeds"
    hub_seed_synthetic: Annotated[int, Field(ge=0)] = 200

    hub_neo4j_host: str = "127.0.0.1"
    hub_neo4j_port: Port = 7687
    hub_neo4j_heap: str = "512m"
    hub_neo4j_pagecache: str = "128m"
    hub_neo4j_version: str = "5.26.12"
    hub_neo4j_start_timeout: Annotated[float, Field(gt=0)] = 180.0

    @field_validator("neo4j_uri")
    @classmethod
    def _known_scheme(cls, value: str | None) -> str | None:
        schemes = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
        if value and value.split("://", 1)[0] not in schemes:
            raise ValueError(f"scheme must be one of {', '.join(schemes)}")
        return value or None

    @field_validator("hub_neo4j_heap", "hub_neo4j_pagecache")
    @classmethod
    def _memory_size(cls, value: str) -> str:
        if not value[:-1].isdigit() or value[-1].lower() not in "kmg":
            raise ValueError("must be a size such as 512m or 1g")
        return value

    @property
    def local_neo4j(self) -> bool:
        """Whether the hub starts and uses its own Neo4j (no NEO4J_URI given)."""
        return self.neo4j_uri is None

    @property
    def bolt_uri(self) -> str:
        return self.neo4j_uri or f"bolt://{self.hub_neo4j_host}:{self.hub_neo4j_port}"

    @property
    def development(self) -> bool:
        return self.hub_env is Environment.DEVELOPMENT


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning a validation failure into one clear line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        first = error.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "settings"
        raise SettingsError(f"invalid setting {name}: {first['msg']}") from None


@cache
def get_settings() -> Settings:
    return load_settings()
