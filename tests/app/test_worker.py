"""The split roles on SQLite and PostgreSQL: ``--role web`` stores and acknowledges without
handling; the worker handles what was stored, answers through the LINE double, and runs the
periodic work (outbox)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.database import create_engine, session_factory
from app.main import create_app
from app.worker import run_worker
from bot.clock import FakeClock
from bot.messages import Reply
from db.outbox import enqueue
from db.tables import InboundEvent
from tests.doubles.line_api import LineApiDouble, line_user_id
from tests.doubles.line_events import line_event_body, sign, text_event
from tests.doubles.telegram_api import TelegramApiDouble
from tests.webhooks.conftest import LINE_SECRET, channel_settings, texts

USER = line_user_id("worker-role")


@pytest.fixture
def world(database_url: str):
    clock = FakeClock(datetime(2026, 11, 23, 2, 0, tzinfo=UTC))
    with LineApiDouble(clock=clock) as line, TelegramApiDouble(clock=clock) as telegram:
        yield channel_settings(database_url, line, telegram), line, clock


def post_as_line(client: TestClient, *events: dict) -> int:
    body = line_event_body(list(events))
    headers = {"X-Line-Signature": sign(body, LINE_SECRET), "Content-Type": "application/json"}
    return client.post("/webhooks/line", content=body, headers=headers).status_code


async def statuses(database_url: str) -> list[str]:
    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as session:
            return list(await session.scalars(select(InboundEvent.status)))
    finally:
        await engine.dispose()


async def test_web_role_stores_and_the_worker_answers(world) -> None:
    settings, line, clock = world
    with TestClient(create_app(settings, clock=clock, role="web")) as client:
        first = text_event(USER, "ข้อ 2.4", line.issue_reply_token(USER))
        second = text_event(USER, "มิติที่ 3", line.issue_reply_token(USER))
        assert post_as_line(client, first, second) == 200
        assert post_as_line(client, first) == 200  # a redelivery: stored once
    assert await statuses(settings.database_url) == ["pending", "pending"]
    assert line.messages_to(USER) == []  # acknowledged, not handled

    stop = asyncio.Event()
    stop.set()  # one pass of each loop, then finish
    await run_worker(settings, clock, stop)
    assert await statuses(settings.database_url) == ["done", "done"]
    replies = [c for c in line.calls if c.path.endswith("/message/reply")]
    assert len(replies) == 2
    assert "Digital Literacy" in texts(line.messages_to(USER))


async def test_the_worker_sends_the_outbox(world) -> None:
    settings, line, clock = world
    engine = create_engine(settings.database_url)
    try:
        with TestClient(create_app(settings, clock=clock, role="web")):
            pass  # the web process made the schema
        async with session_factory(engine)() as session, session.begin():
            await enqueue(
                session,
                channel="line",
                recipients=[USER],
                replies=[Reply("ประกาศ")],
                source="test",
                now=clock.now(),
            )
    finally:
        await engine.dispose()
    stop = asyncio.Event()
    stop.set()
    await run_worker(settings, clock, stop)
    assert "ประกาศ" in texts(line.messages_to(USER))


def test_unknown_role_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown role"):
        create_app(role="worker")
