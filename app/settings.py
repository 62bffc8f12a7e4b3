"""Settings: one pydantic-settings class, read from the environment (and `.env`)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Self

from pydantic import AliasChoices, Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from pydantic_settings import SettingsError as EnvironmentParseError
from pymongo.errors import InvalidURI
from pymongo.uri_parser import parse_uri

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Secrets that must never protect a production deployment.
PLACEHOLDER_SECRETS = frozenset({"", "changeme", "change-me", "secret", "dev", "development"})
MIN_PRODUCTION_SECRET_LENGTH = 32
DEVELOPMENT_JWT_SECRET = "cadence-development-secret-not-for-production"  # noqa: S105


class Environment(StrEnum):
    """Where the service runs."""

    DEVELOPMENT = "development"
    PRODUCTION = "production"


class Settings(BaseSettings):
    """Every setting of the service; `MONGODB_URI` and `REDIS_URL` keep their usual names."""

    model_config = SettingsConfigDict(
        env_prefix="CADENCE_", env_file=".env", extra="ignore", frozen=True
    )

    env: Environment = Environment.DEVELOPMENT
    mongodb_uri: str | None = Field(
        default=None, validation_alias=AliasChoices("MONGODB_URI", "CADENCE_MONGODB_URI")
    )
    redis_url: str | None = Field(
        default=None, validation_alias=AliasChoices("REDIS_URL", "CADENCE_REDIS_URL")
    )
    database_name: str = "cadence"
    jwt_secret: str = DEVELOPMENT_JWT_SECRET
    jwt_ttl_hours: int = Field(default=24 * 7, gt=0)
    # Sign-in through an OpenID Connect provider: its issuer URL and this API's audience.
    oidc_issuer: str | None = None
    oidc_audience: str | None = None
    oidc_keys_ttl_s: int = Field(default=600, gt=0)

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    data_dir: Path = PROJECT_ROOT / ".data"
    # The bundled database server, installed by the Makefile (SecantusDB, GPL-2.0: never imported).
    localdb_server: Path = PROJECT_ROOT / ".build" / "secantus-venv" / "bin" / "secantusd-py"

    # How long a database call may wait for a reachable server before failing.
    db_timeout_ms: int = Field(default=2000, gt=0)

    seed_demo: bool = Field(
        default=False, description="Seed the demo runner at start-up when there are no users."
    )
    # Unset, both follow the environment: on in development, off in production.
    graphiql: bool = True
    introspection: bool = True
    max_query_depth: int = Field(default=12, gt=0)
    max_aliases: int = Field(default=30, gt=0)
    max_tokens: int = Field(default=2000, gt=0)
    max_page_size: int = Field(default=100, gt=0, le=100)
    max_query_cost: int = Field(default=50_000, gt=0)
    max_body_bytes: int = Field(default=1_000_000, gt=0)
    max_upload_bytes: int = Field(default=20_000_000, gt=0)
    max_subscriptions_per_connection: int = Field(default=20, gt=0)
    # Slow senders hold a connection each: headers and bodies must arrive in bounded time.
    header_timeout_s: float = Field(default=10, gt=0)
    body_idle_timeout_s: float = Field(default=10, gt=0)
    body_timeout_s: float = Field(default=60, gt=0)
    max_header_bytes: int = Field(default=32_768, ge=1024)
    max_websockets_per_user: int = Field(default=10, gt=0)
    # Uploads, imports, plan generation and revisions per runner (and API process).
    max_heavy_in_flight_per_runner: int = Field(default=2, gt=0)
    max_heavy_mutations_per_minute: int = Field(default=60, gt=0)
    account_check_seconds: float = Field(default=10.0, gt=0)
    # Browser origins allowed to call the API (CORS) and open its WebSocket: a comma-separated
    # list such as `https://app.example.com,http://localhost:5173`; `*` allows any origin.
    allowed_origins: Annotated[tuple[str, ...], NoDecode] = ()
    # How long a WebSocket may stay open without `connection_init` before it is closed.
    ws_connection_init_timeout_s: float = Field(default=10, gt=0, le=10)
    # Apollo automatic persisted queries: how many query texts are remembered (least recently
    # used ones are forgotten first).
    persisted_queries: int = Field(default=1000, ge=0)
    # Signs the billing side's webhook deliveries (POST /billing/webhook); unset: no webhook.
    billing_webhook_secret: str | None = None
    billing_webhook_tolerance_s: int = Field(default=300, gt=0, le=3600)
    log_level: str = "INFO"
    # Off by default: bench/live.py measured no difference in live-delivery p99 with
    # 1,000 subscribers (11-12 ms either way); kept to measure it again under other loads.
    gc_freeze: bool = Field(
        default=False,
        description="Exempt the objects alive after start-up from garbage collection.",
    )

    @model_validator(mode="before")
    @classmethod
    def _exposure_follows_environment(cls, data: object) -> object:
        """GraphiQL and introspection default to off in production (an explicit value wins)."""
        if isinstance(data, dict):
            production = str(data.get("env", "")).strip().lower() == Environment.PRODUCTION
            for name in ("graphiql", "introspection"):
                if data.get(name) is None:
                    data[name] = not production
        return data

    @field_validator("mongodb_uri")
    @classmethod
    def _valid_mongodb_uri(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        try:
            parse_uri(value)
        except (InvalidURI, ValueError) as exc:
            msg = f"not a MongoDB connection string ({exc})"
            raise ValueError(msg) from None
        return value

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _comma_separated_origins(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        origins = tuple(origin.strip().rstrip("/") for origin in value.split(",") if origin.strip())
        for origin in origins:
            if origin != "*" and not origin.startswith(("http://", "https://")):
                msg = f"{origin!r} is not an origin like https://app.example.com"
                raise ValueError(msg)
        return origins

    @field_validator("redis_url")
    @classmethod
    def _valid_redis_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not value.startswith(("redis://", "rediss://", "unix://")):
            msg = "must start with redis://, rediss:// or unix://"
            raise ValueError(msg)
        return value

    @field_validator("oidc_issuer")
    @classmethod
    def _valid_issuer(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not value.startswith(("https://", "http://")):
            msg = "must be the provider's issuer URL (https://...)"
            raise ValueError(msg)
        return value

    @model_validator(mode="after")
    def _issuer_with_audience(self) -> Self:
        if bool(self.oidc_issuer) != bool(self.oidc_audience):
            msg = "CADENCE_OIDC_ISSUER and CADENCE_OIDC_AUDIENCE are set together"
            raise ValueError(msg)
        return self

    @model_validator(mode="after")
    def _real_secret_outside_development(self) -> Self:
        if self.env is Environment.PRODUCTION and (
            self.jwt_secret.strip().lower() in PLACEHOLDER_SECRETS
            or self.jwt_secret == DEVELOPMENT_JWT_SECRET
            or len(self.jwt_secret) < MIN_PRODUCTION_SECRET_LENGTH
        ):
            msg = "CADENCE_JWT_SECRET must be a real secret of 32+ characters in production"
            raise ValueError(msg)
        webhook = self.billing_webhook_secret
        if (
            self.env is Environment.PRODUCTION
            and webhook is not None
            and (
                webhook.strip().lower() in PLACEHOLDER_SECRETS
                or len(webhook) < MIN_PRODUCTION_SECRET_LENGTH
            )
        ):
            msg = "CADENCE_BILLING_WEBHOOK_SECRET must be a real secret of 32+ characters"
            raise ValueError(msg)
        return self


class SettingsError(Exception):
    """A setting is missing or malformed; the message names it and says what is wrong."""


def _setting_name(location: tuple[int | str, ...]) -> str:
    field = str(location[0]).lower() if location else "settings"
    aliases = {"mongodb_uri": "MONGODB_URI", "redis_url": "REDIS_URL"}
    return aliases.get(
        field, field.upper() if field.startswith("cadence_") else f"CADENCE_{field.upper()}"
    )


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning a validation failure into one readable line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except EnvironmentParseError as exc:
        # pydantic-settings could not decode a variable (JSON for a list, for example).
        raise SettingsError(f"invalid settings: {exc}".splitlines()[0]) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        message = str(first["msg"]).removeprefix("Value error, ")
        if first["type"] == "value_error" and not first["loc"]:
            raise SettingsError(message) from None
        raise SettingsError(f"invalid setting {_setting_name(first['loc'])}: {message}") from None
