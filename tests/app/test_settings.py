import pytest
from pydantic import ValidationError

from app.settings import Settings


def test_defaults_need_no_configuration(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("DGBOT_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    settings = Settings()
    assert settings.database_url.startswith("sqlite:///")
    assert settings.database_url.endswith("dgbot.db")


def test_environment_overrides(monkeypatch) -> None:
    monkeypatch.setenv("DGBOT_DATABASE_URL", "postgresql://u:p@db/dgbot")
    monkeypatch.setenv("DGBOT_PORT", "9000")
    settings = Settings()
    assert settings.database_url == "postgresql://u:p@db/dgbot" and settings.port == 9000


def test_unknown_database_is_refused(monkeypatch) -> None:
    monkeypatch.setenv("DGBOT_DATABASE_URL", "mysql://u:p@db/dgbot")
    with pytest.raises(ValidationError, match="sqlite:// or postgresql://"):
        Settings()
