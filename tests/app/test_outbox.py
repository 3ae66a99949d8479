"""The outbox against the platform doubles: every fault they inject, exactly-once delivery,
and two replicas on PostgreSQL claiming the same table."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.channels import build_channels
from app.database import create_engine, prepare_database, session_factory
from app.outbox import MAX_ATTEMPTS, OutboxWorker
from bot.accounts import set_muted
from bot.clock import FakeClock
from bot.messages import Button, Reply
from db.outbox import enqueue
from db.tables import ChatAccount, OutboxMessage
from tests.doubles.line_api import LineApiDouble, line_user_id
from tests.doubles.telegram_api import TelegramApiDouble
from tests.webhooks.conftest import channel_settings

REPLY = [Reply("ประกาศ: เปิดแบบสำรวจแล้ว", title="dgbot", buttons=(Button("ช่วยเหลือ", "help"),))]


@pytest.fixture
async def world(database_url: str):
    clock = FakeClock(datetime(2026, 11, 23, 2, 0, tzinfo=UTC))
    with LineApiDouble(clock=clock) as line, TelegramApiDouble(clock=clock) as telegram:
        engine = create_engine(database_url)
        await prepare_database(engine)
        sessions = session_factory(engine)
        settings = channel_settings(database_url, line, telegram)
        channels = build_channels(settings, sessions, clock)
        await channels["telegram"].start()
        yield {
            "clock": clock,
            "line": line,
            "telegram": telegram,
            "sessions": sessions,
            "channels": channels,
            "settings": settings,
            "engine": engine,
        }
        for channel in channels.values():
            await channel.close()
        await engine.dispose()


async def queue(world, channel: str, recipients: list[str], **extra) -> None:
    async with world["sessions"]() as session, session.begin():
        await enqueue(
            session,
            channel=channel,
            recipients=recipients,
            replies=REPLY,
            source="test",
            now=world["clock"].now(),
            **extra,
        )


async def rows(world) -> list[OutboxMessage]:
    async with world["sessions"]() as session:
        return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def worker(world) -> OutboxWorker:
    return OutboxWorker(world["sessions"], world["channels"], world["clock"])


async def test_line_push_and_multicast_with_retry_keys(world) -> None:
    users = [line_user_id(f"u{n}") for n in range(501)]
    await queue(world, "line", users)
    assert [len(r.recipients) for r in await rows(world)] == [500, 1]  # LINE's multicast limit
    assert await worker(world).run_once() == 2
    assert all(r.status == "sent" for r in await rows(world))
    calls = [c for c in world["line"].calls if "/message/" in c.path]
    assert {c.path.rsplit("/", 1)[1] for c in calls} == {"multicast", "push"}
    assert all(c.headers.get("x-line-retry-key") for c in calls)
    assert all(len(world["line"].messages_to(u)) == 1 for u in users)


async def test_429_waits_for_the_platforms_retry_time(world) -> None:
    world["line"].fail_next(429, retry_after=30)
    await queue(world, "line", [line_user_id("a")])
    await worker(world).run_once()
    [row] = await rows(world)
    assert (
        row.status == "pending"
        and (row.next_attempt_at - world["clock"].now()).total_seconds() == 30
    )
    assert await worker(world).run_once() == 0  # not due yet
    world["clock"].advance(seconds=30)
    await worker(world).run_once()
    assert (await rows(world))[0].status == "sent"


async def test_5xx_backs_off_and_gives_up_after_max_attempts(world) -> None:
    world["telegram"].fail_next(500, times=MAX_ATTEMPTS + 2, method="sendMessage")
    await queue(world, "telegram", ["777"])
    for _ in range(MAX_ATTEMPTS):
        await worker(world).run_once()
        world["clock"].advance(seconds=700)
    [row] = await rows(world)
    assert row.status == "failed" and row.attempts == MAX_ATTEMPTS and row.last_error


async def test_timeout_then_retry_key_means_delivered_once(world) -> None:
    user = line_user_id("slow")
    world["line"].delay_next(
        2.0, path_prefix="/v2/bot/message/push"
    )  # our client gives up after 1 s
    await queue(world, "line", [user])
    await worker(world).run_once()
    assert (await rows(world))[0].status == "pending"
    world["clock"].advance(seconds=10)
    await worker(world).run_once()  # same retry key: LINE answers 409, which counts as sent
    assert (await rows(world))[0].status == "sent"
    assert len(world["line"].messages_to(user)) == 1


async def test_telegram_blocked_user_marks_the_account_inactive(world) -> None:
    async with world["sessions"]() as session:
        await set_muted(
            session, channel="telegram", user_id="999", muted=False, now=world["clock"].now()
        )
    world["telegram"].block(999)
    await queue(world, "telegram", ["999"])
    await worker(world).run_once()
    assert (await rows(world))[0].status == "blocked"
    async with world["sessions"]() as session:
        account = await session.scalar(select(ChatAccount))
    assert account.active is False


async def test_telegram_flood_limit_is_respected(world) -> None:
    chats = [str(1000 + n) for n in range(40)]
    await queue(world, "telegram", chats)
    await worker(world).run_once()  # 30 go through, the rest get 429 with retry_after
    waiting = [r for r in await rows(world) if r.status == "pending"]
    assert len(waiting) == 10
    world["clock"].advance(seconds=5)
    await worker(world).run_once()
    assert all(r.status == "sent" for r in await rows(world))
    assert all(len(world["telegram"].messages_to(int(c))) == 1 for c in chats)


async def test_dedupe_key_queues_an_intent_once(world) -> None:
    for _ in range(3):
        await queue(world, "line", [line_user_id("a")], dedupe_key="campaign-1/a/d-7")
    assert len(await rows(world)) == 1


async def test_two_replicas_send_every_row_exactly_once_under_faults(world, database_url) -> None:
    """Two workers with their own engines (two processes' worth) share the table."""
    if not database_url.startswith("postgresql"):
        pytest.skip("several replicas are a PostgreSQL deployment; SQLite runs one process")
    line_users = [line_user_id(f"r{n}") for n in range(40)]
    chats = [str(5000 + n) for n in range(30)]
    for user in line_users:
        await queue(world, "line", [user])
    await queue(world, "telegram", chats)
    world["line"].fail_next(500, times=5, path_prefix="/v2/bot/message/push")
    world["line"].fail_next(429, times=2, retry_after=3, path_prefix="/v2/bot/message/push")
    world["telegram"].fail_next(500, times=4, method="sendMessage")
    world["line"].delay_next(2.0, times=2, path_prefix="/v2/bot/message/push")
    other_engine = create_engine(database_url)
    replicas = [
        worker(world),
        OutboxWorker(session_factory(other_engine), world["channels"], world["clock"]),
    ]
    try:
        for _ in range(30):
            await asyncio.gather(*(r.run_once() for r in replicas))
            if all(r.status == "sent" for r in await rows(world)):
                break
            world["clock"].advance(seconds=65)  # past backoffs, retry times and leases
    finally:
        await other_engine.dispose()
    assert Counter(r.status for r in await rows(world)) == {"sent": 70}
    assert all(len(world["line"].messages_to(u)) == 1 for u in line_users)
    assert all(len(world["telegram"].messages_to(int(c))) == 1 for c in chats)


async def test_telegram_reminders_are_retried_when_no_answer_came(world) -> None:
    """Outside broadcasts a lost answer is retried: a rare repeat beats a lost reminder."""
    world["telegram"].delay_next(2.0, method="sendMessage")  # our client gives up after 1 s
    await queue(world, "telegram", ["4242"])
    await worker(world).run_once()
    [row] = await rows(world)
    assert row.status == "pending" and row.last_error.startswith("timeout")
    world["clock"].advance(seconds=10)
    await worker(world).run_once()
    assert (await rows(world))[0].status == "sent"
