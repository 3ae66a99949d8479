"""Settings, read from the environment (prefix ``DGBOT_``) by pydantic-settings.

Nothing here is read at import time: :func:`get_settings` builds the object once and
caches it, and the app factory and the CLI take it as an argument, so tests pass their own.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_database_url() -> str:
    """A SQLite file in the per-user data directory, created on first use."""
    directory = Path(user_data_dir("dgbot", appauthor=False))
    directory.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{directory / 'dgbot.db'}"


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
    default_language: str = Field(default="th", pattern="^(th|en)$")
    reply_chunk_chars: int = Field(default=900, ge=200, le=5000)

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
