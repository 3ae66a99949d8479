"""/healthz, /readyz and /metrics."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings


def test_health_readiness_and_metrics(database_url: str) -> None:
    with TestClient(create_app(Settings(database_url=database_url), run_worker=False)) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        ready = client.get("/readyz").json()
        assert ready["status"] == "ok" and ready["migration"]
        client.post("/webhooks/line", content=b"{}")  # LINE is off here: 404, not counted
        metrics = client.get("/metrics").text
        assert "dgbot_outbox_depth" in metrics and "dgbot_webhook_requests_total" in metrics


def test_channels_are_off_without_credentials(database_url: str) -> None:
    with TestClient(create_app(Settings(database_url=database_url), run_worker=False)) as client:
        assert client.post("/webhooks/line", content=b"{}").status_code == 404
        assert client.post("/webhooks/telegram", content=b"{}").status_code == 404


def test_placeholder_secrets_are_refused() -> None:
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="placeholder"):
        Settings(line_channel_secret="changeme")
    assert Settings(line_channel_secret="").line_channel_secret is None
