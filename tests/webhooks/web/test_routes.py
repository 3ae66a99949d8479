"""The playground API through the real app (lifespan, database) on both databases."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from tests.serving import lampang_officer_code

DGBOT = str(Path(sys.executable).with_name("dgbot"))


@pytest.fixture
def client(database_url: str):
    with TestClient(create_app(Settings(database_url=database_url))) as test_client:
        yield test_client


def test_health_and_page(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    page = client.get("/")
    assert page.status_code == 200 and "dgbot" in page.text


def test_chat_remembers_the_conversation(client: TestClient) -> None:
    first = client.post("/api/chat", json={"user_id": "web-1", "text": "Digital Leadership"}).json()
    assert first["intent"] == "indicator"
    more = [b for b in first["replies"][0]["buttons"] if b["action"] == "more"]
    assert more, first
    second = client.post("/api/chat", json={"user_id": "web-1", "action": "more"}).json()
    assert second["intent"] == "more"
    assert "(ส่วนที่ 2/" in second["replies"][0]["text"]
    other = client.post("/api/chat", json={"user_id": "web-2", "action": "more"}).json()
    assert other["intent"] == "more" and "ไม่มีส่วนที่เหลือ" in other["replies"][0]["text"]


@pytest.mark.parametrize(
    "body",
    [
        {"user_id": "x"},
        {"user_id": "x", "text": "   "},
        {"user_id": "bad id!", "text": "hi"},
        {"user_id": "x", "text": "ก" * 5001},
        {"text": "hi"},
    ],
)
def test_bad_requests_are_refused_clearly(client: TestClient, body: dict) -> None:
    response = client.post("/api/chat", json=body)
    assert response.status_code == 422 and response.json()["detail"]


def test_refusals_are_logged_without_the_text(client: TestClient, caplog) -> None:
    client.post("/api/chat", json={"user_id": "secret id!", "text": "hi"})
    assert "invalid body.user_id" in caplog.text and "secret id!" not in caplog.text


def test_officer_gets_report_and_chart_end_to_end(client: TestClient, database_url: str) -> None:
    """CLI import and invite, then link, report and chart through the playground API."""
    code = lampang_officer_code(database_url)

    def say(**body) -> dict:
        return client.post("/api/chat", json={"user_id": "officer-1", **body}).json()

    assert "เรียบร้อย" in say(text=f"ผูกบัญชี {code}")["replies"][0]["text"]
    summary = say(text="คะแนนของเราเป็นอย่างไร")["replies"][0]
    assert "Smart Back Office 45.8" in summary["text"] and "Public Services 28.6" in summary["text"]
    assert "1) Leadership Continuity Plan" in summary["text"]
    chart_action = next(b["action"] for b in summary["buttons"] if b["action"].endswith(":chart"))
    chart = say(action=chart_action)["replies"][0]
    image = client.get(chart["image_url"])
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    assert client.get("/media/not-a-token.png").status_code == 404
    improve = say(action=chart_action.replace(":chart", ":improve"))["replies"]
    assert len(improve) == 5 and improve[0]["text"].startswith("1) Leadership Continuity Plan")
