"""Settings, read from environment variables and an optional `.env` file."""

from __future__ import annotations

import ipaddress
import os
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import orjson
from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = Path(__file__).resolve().parent / "shipped"
"""Where a wheel carries `graph_schema/`, `seeds/` and `queries/` (see pyproject.toml); a checkout has them at
its ROOT."""
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "stakeholder-hub"
"""What every checkout on this machine shares: the local Neo4j's compiled launcher and class archive,
GraphiQL's files."""
LOCAL_PASSWORD = "hub-local-password"
"""Default password of the local Neo4j the hub starts itself. For local use only."""

Port = Annotated[int, Field(ge=1, le=65535)]
Positive = Annotated[int, Field(ge=1)]
Count = Annotated[int, Field(ge=0)]
Seconds = Annotated[float, Field(ge=0)]
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]


def shipped(folder: str) -> Path:
    """A folder the hub ships: the wheel's copy when installed, else the checkout's."""
    copy = SHIPPED / folder
    return copy if copy.is_dir() else ROOT / folder


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
    hub_schema_dir: Path = Field(default_factory=lambda: shipped("graph_schema"))
    hub_seeds_dir: Path = Field(default_factory=lambda: shipped("seeds"))
    hub_seed_synthetic: Annotated[int, Field(ge=0)] = 200
    hub_workers: Positive = Field(default_factory=lambda: os.cpu_count() or 1)
    """Processes `hub serve` answers requests in (hub.edge.workers); the machine's cores by default."""
    hub_shutdown_grace: Count = 10
    """Seconds `hub serve` lets requests in flight finish after SIGTERM or SIGINT."""
    hub_log_level: LogLevel = "INFO"
    hub_log_format: Literal["text", "json"] = "text"
    hub_tracing: bool = False
    """OpenTelemetry spans exported over OTLP (OTEL_EXPORTER_OTLP_ENDPOINT); hub/observe/tracing.py."""

    hub_neo4j_host: str = "127.0.0.1"
    hub_neo4j_port: Port = 7687
    hub_neo4j_heap: str = "512m"
    hub_neo4j_pagecache: str = "128m"
    hub_neo4j_tx_memory: str = "128m"
    hub_neo4j_version: str = "5.26.12"
    hub_neo4j_start_timeout: Annotated[float, Field(gt=0)] = 180.0
    hub_neo4j_tx_timeout: Annotated[float, Field(gt=0)] = 15.0
    hub_neo4j_connect_timeout: Annotated[float, Field(gt=0)] = 1.0
    hub_warm_up: bool = True

    # Credentials (hub/auth): anonymous access, API keys, JWT bearer tokens.
    hub_allow_anonymous: bool = True
    hub_api_key_cache_ttl: Seconds = 30.0
    hub_jwt_secret: SecretStr | None = None
    hub_jwt_jwks_file: Path | None = None
    hub_jwt_jwks: str | None = None
    hub_jwt_issuer: str | None = Field(default=None, validate_default=True)
    hub_jwt_audience: str | None = Field(default=None, validate_default=True)
    hub_jwt_role_claim: str = "role"
    hub_jwt_org_claim: str = "org"
    hub_jwt_leeway: Seconds = 30.0

    # Limits (hub/limits): GraphQL documents, pages, request bodies, request rates, browsers.
    hub_max_depth: Positive = 10
    hub_max_aliases: Count = 15
    hub_max_directives: Count = 50
    hub_max_filter_depth: Count = 2
    hub_max_tokens: Positive = 2000
    hub_max_cost: Positive = 50_000
    hub_max_work: Positive = 20_000_000
    hub_default_page_size: Positive = 20
    hub_max_page_size: Positive = 500
    hub_max_body_bytes: Positive = 1_048_576
    hub_changes_poll_interval: Annotated[float, Field(gt=0)] = 1.0
    """Seconds between a `changes` subscription's reads of the audit trail for new entries."""
    hub_rate_limit_per_minute: Count = 600
    """Requests a caller (its key or token; its address when anonymous) may make a minute; 0: no limit."""
    hub_rate_limit_burst: Positive = 60
    """Of them, at most this many in any one second."""
    hub_cors_origins: Annotated[tuple[str, ...], NoDecode] = ()
    hub_auth_failures_per_minute: Count = 30
    """Failed authentications a client address may make per minute; past them its credentials are refused
    unseen. 0 turns this off."""

    # Shared state (hub/shared): rate-limit counts and key revocations, for every worker and replica.
    hub_redis_url: str | None = None
    """redis://, rediss:// or unix:// (a socket). Unset: limits count in each process, and a revoked key
    stays usable for up to HUB_API_KEY_CACHE_TTL seconds in each process that has it cached."""
    hub_redis_timeout: Annotated[float, Field(gt=0)] = 0.25
    """Seconds a Redis command or connection may take; past them, limits count in the process until Redis
    answers again."""

    # The edge (hub/edge): proxies trusted, slow and too many clients.
    hub_trusted_proxies: Annotated[tuple[str, ...], NoDecode] = ()
    """Addresses or networks (CIDR) whose X-Forwarded-For and X-Forwarded-Proto are believed; `*` for any."""
    hub_header_timeout: Annotated[float, Field(gt=0)] = 10.0
    hub_body_timeout: Annotated[float, Field(gt=0)] = 30.0
    hub_keep_alive_timeout: Positive = 5
    hub_max_connections: Positive = 1000

    # Persisted operations (hub/persisted): the allow-list, enforced in production.
    hub_queries_dir: Path = Field(default_factory=lambda: shipped("queries"))

    @field_validator("neo4j_uri")
    @classmethod
    def _known_scheme(cls, value: str | None) -> str | None:
        schemes = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
        if value and value.split("://", 1)[0] not in schemes:
            raise ValueError(f"scheme must be one of {', '.join(schemes)}")
        return value or None

    @field_validator("hub_redis_url")
    @classmethod
    def _redis_scheme(cls, value: str | None) -> str | None:
        if value and value.split("://", 1)[0] not in ("redis", "rediss", "unix"):
            raise ValueError("scheme must be one of redis, rediss, unix")
        return value or None

    @field_validator("hub_neo4j_heap", "hub_neo4j_pagecache", "hub_neo4j_tx_memory")
    @classmethod
    def _memory_size(cls, value: str) -> str:
        if not value[:-1].isdigit() or value[-1].lower() not in "kmg":
            raise ValueError("must be a size such as 512m or 1g")
        return value

    @field_validator("hub_jwt_secret")
    @classmethod
    def _long_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value().encode()) < 32:
            raise ValueError("must be at least 32 bytes (HS256 needs a key as long as its hash)")
        return value

    @field_validator("hub_jwt_jwks")
    @classmethod
    def _json_object(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                parsed = orjson.loads(value)
            except orjson.JSONDecodeError:
                parsed = None
            if not isinstance(parsed, dict):
                raise ValueError("must be a JWKS JSON object")
        return value

    @field_validator("hub_jwt_issuer", "hub_jwt_audience")
    @classmethod
    def _required_with_jwt(cls, value: str | None, info: ValidationInfo) -> str | None:
        keys = ("hub_jwt_secret", "hub_jwt_jwks_file", "hub_jwt_jwks")
        if value is None and any(info.data.get(key) is not None for key in keys):
            raise ValueError("required when HUB_JWT_SECRET, HUB_JWT_JWKS_FILE or HUB_JWT_JWKS is set")
        return value

    @field_validator("hub_max_page_size")
    @classmethod
    def _not_below_default(cls, value: int, info: ValidationInfo) -> int:
        default = info.data.get("hub_default_page_size")
        if default is not None and value < default:
            raise ValueError(f"must be at least HUB_DEFAULT_PAGE_SIZE ({default})")
        return value

    @field_validator("hub_cors_origins", "hub_trusted_proxies", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(origin.strip() for origin in value.split(",") if origin.strip())
        return value

    @field_validator("hub_trusted_proxies")
    @classmethod
    def _addresses(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for proxy in value:
            if proxy != "*":
                try:
                    ipaddress.ip_network(proxy, strict=False)
                except ValueError:
                    raise ValueError(f"{proxy!r} is no IP address or network") from None
        return value

    @property
    def jwt_enabled(self) -> bool:
        """Whether bearer tokens that are not API keys are accepted."""
        return any(
            key is not None for key in (self.hub_jwt_secret, self.hub_jwt_jwks_file, self.hub_jwt_jwks)
        )

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
