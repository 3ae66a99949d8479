"""Settings, read from the environment (prefix ``DGBOT_``) by pydantic-settings.

Nothing here is read at import time: :func:`get_settings` builds the object once and
caches it, and the app factory and the CLI take it as an argument, so tests pass their own.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_database_url() -> str:
    """A SQLite file in the per-user data directory, created on first use."""
    directory = Path(user_data_dir("dgbot", appauthor=False))
    directory.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{directory / 'dgbot.db'}"


PLACEHOLDERS = {
    "changeme",
    "change-me",
    "secret",
    "token",
    "xxx",
    "todo",
    "your-token",
    "your-secret",
    "placeholder",
    "none",
    "null",
}


class Settings(BaseSettings):
    """Runtime configuration of dgbot.

    ``database_url`` takes a plain SQLAlchemy URL (``sqlite:///path.db`` or
    ``postgresql://user:pass@host/db``); :mod:`app.database` picks the async driver.
    """

    model_config = SettingsConfigDict(env_prefix="DGBOT_", extra="ignore")

    database_url: str = Field(default_factory=default_database_url)
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    log_level: str = "INFO"
    log_format: str = Field(default="text", pattern="^(text|json)$")
    default_language: str = Field(default="th", pattern="^(th|en)$")
    reply_chunk_chars: int = Field(default=900, ge=200, le=5000)

    # Channels: a channel whose credentials are absent is off. Secrets have no defaults.
    line_channel_secret: SecretStr | None = None
    line_channel_access_token: SecretStr | None = None
    line_api_base_url: str = "https://api.line.me"
    line_data_api_base_url: str | None = (
        None  # default: api-data.line.me, or line_api_base_url if set
    )
    telegram_bot_token: SecretStr | None = None
    telegram_webhook_secret: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org"
    public_base_url: str | None = None  # where LINE fetches chart images (https)
    outbox_poll_seconds: float = Field(default=1.0, gt=0, le=60)
    # Outbox messages a second to Telegram for the whole deployment (Telegram allows 30;
    # the rest is headroom for live replies, which do not go through the outbox).
    telegram_sends_per_second: float = Field(default=25.0, gt=0, le=1000)
    inbound_poll_seconds: float = Field(default=0.2, gt=0, le=10)  # worker role: new events
    worker_nice: int = Field(default=19, ge=0, le=19)  # `dgbot worker` yields CPU to the web
    platform_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    handler_concurrency: int = Field(default=4, ge=1, le=64)  # events handled at once per process

    @property
    def line_enabled(self) -> bool:
        """LINE is on when both its secret and its access token are set."""
        return bool(self.line_channel_secret and self.line_channel_access_token)

    @property
    def telegram_enabled(self) -> bool:
        """Telegram is on when both its bot token and its webhook secret are set."""
        return bool(self.telegram_bot_token and self.telegram_webhook_secret)

    @property
    def chat_channels(self) -> frozenset[str]:
        """The chat channels that are on: ``line`` and/or ``telegram``."""
        return frozenset(
            name
            for name, on in (("line", self.line_enabled), ("telegram", self.telegram_enabled))
            if on
        )

    @property
    def line_data_base_url(self) -> str:
        """LINE's second host (content, rich-menu images); follows a custom API base URL."""
        if self.line_data_api_base_url:
            return self.line_data_api_base_url
        if self.line_api_base_url != "https://api.line.me":
            return self.line_api_base_url
        return "https://api-data.line.me"

    @field_validator(
        "line_channel_secret",
        "line_channel_access_token",
        "telegram_bot_token",
        "telegram_webhook_secret",
    )
    @classmethod
    def _no_placeholders(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        if (
            value.get_secret_value().strip().casefold() in PLACEHOLDERS
            or "<" in value.get_secret_value()
        ):
            raise ValueError("looks like a placeholder, not a real secret")
        return value

    @field_validator(
        "line_api_base_url", "telegram_api_base_url", "public_base_url", "line_data_api_base_url"
    )
    @classmethod
    def _no_trailing_slash(cls, value: str | None) -> str | None:
        return value.rstrip("/") if value else value

    @field_validator("database_url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        scheme = value.split(":", 1)[0].split("+", 1)[0]
        if scheme not in {"sqlite", "postgresql", "postgres"}:
            raise ValueError("DGBOT_DATABASE_URL must be a sqlite:// or postgresql:// URL")
        return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, built on first call."""
    return Settings()
