"""Broadcasts end to end through the platform doubles: schedule on an injected clock, cancel,
pause, every fault the doubles inject, a crash mid-broadcast, two replicas, exact counts."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from broadcasts.audience import Audience, parse_audience
from broadcasts.compose import make_content
from broadcasts.delivery import finish_done, start_due
from broadcasts.lifecycle import BroadcastError, cancel, create_broadcast, pause, resume

BOTH = {"line", "telegram"}


async def make(world, *, audience: str = "all", at=None, author=None, text="เปิดแบบสำรวจแล้ว"):
    async with world.sessions() as session:
        broadcast, _ = await create_broadcast(
            session,
            content=make_content(text=text, link="https://survey.example.go.th"),
            audience=parse_audience(audience),
            at=at or world.clock.now(),
            now=world.clock.now(),
            channels=BOTH,
            author="test" if author is None else f"person:{author}",
            author_person_id=author,
        )
        await session.commit()
        return broadcast.id


async def crowd(world, telegram: int, line: int) -> list[tuple[str, str]]:
    people = []
    for _ in range(telegram):
        people += await world.person("officer", agency="LPG-01")
    for _ in range(line):
        people += await world.person("officer", agency="LPG-01", channel="line")
    return people


async def author_id(world) -> int:
    [(channel, user)] = await world.person("admin", accounts=[("telegram", "999001")])
    return (await world.account(channel, user)).person_id


async def test_scheduled_at_its_time_then_summary_to_the_author(world) -> None:
    people = await crowd(world, telegram=30, line=620)
    author = await author_id(world)
    broadcast = await make(world, at=world.clock.now() + timedelta(hours=1), author=author)
    await world.pass_()
    assert (await world.status(broadcast))["state"] == "scheduled"
    assert not world.telegram.messages_to(700001)
    world.clock.advance(hours=1)
    found = await world.run_until_done(broadcast)
    assert found == found | {"state": "done", "recipients": 651, "sent": 651, "failed": 0}
    for channel, user in people:
        assert world.received(channel, user) == 1, (channel, user)
    # the author also got the broadcast (an admin is linked) and then the summary
    await world.pass_()
    summary = world.telegram.messages_to(999001)[-1]["text"]
    assert f"สรุปการส่งประกาศ {broadcast}" in summary and "ส่งถึง 651 จาก 651 คน" in summary
    multicasts = [c for c in world.line.calls if c.path.endswith("/multicast")]
    assert sorted(len(c.json["to"]) for c in multicasts) == [120, 500]
    assert len({c.headers["x-line-retry-key"] for c in multicasts}) == 2
    link = multicasts[-1].json["messages"][-1]["contents"]["footer"]["contents"][0]["action"]
    assert link == {"type": "uri", "label": "เปิดลิงก์", "uri": "https://survey.example.go.th"}
    markup = world.telegram.messages_to(700001)[0]["reply_markup"]
    assert markup["inline_keyboard"][0][0]["url"] == "https://survey.example.go.th"


async def test_cancel_until_started_then_only_pause(world) -> None:
    await crowd(world, telegram=3, line=0)
    later = await make(world, at=world.clock.now() + timedelta(days=1))
    async with world.sessions() as session:
        await cancel(session, later, world.clock.now())
        await session.commit()
    world.clock.advance(days=2)
    await world.pass_()
    assert (await world.status(later))["state"] == "cancelled"
    assert not world.telegram.messages_to(700001)

    now = await make(world)
    async with world.sessions() as session:
        await start_due(session, world.clock.now(), BOTH)
        with pytest.raises(BroadcastError, match="has started; pause it first"):
            await cancel(session, now, world.clock.now())
        with pytest.raises(BroadcastError, match="not paused"):
            await resume(session, now)


async def test_pause_holds_the_rest_and_resume_finishes(world) -> None:
    people = await crowd(world, telegram=40, line=0)
    broadcast = await make(world)
    worker = world.worker()
    async with world.sessions() as session:
        await start_due(session, world.clock.now(), BOTH)
    await worker.run_once()  # one wave: half a second of Telegram's pace
    first = sum(world.received(c, u) for c, u in people)
    assert first == 12
    async with world.sessions() as session:
        await pause(session, broadcast)
        await session.commit()
    for _ in range(3):
        world.clock.advance(seconds=10)
        await world.pass_([worker])
    found = await world.status(broadcast)
    assert (found["state"], found["sent"], found["waiting"]) == ("paused", 12, 28)
    async with world.sessions() as session:
        await resume(session, broadcast)
        await session.commit()
    found = await world.run_until_done(broadcast, [worker])
    assert (found["sent"], found["failed"]) == (40, 0)
    assert all(world.received(c, u) == 1 for c, u in people)


async def test_cancelling_a_paused_broadcast_closes_what_is_left(world) -> None:
    await crowd(world, telegram=30, line=0)
    broadcast = await make(world)
    async with world.sessions() as session:
        await start_due(session, world.clock.now(), BOTH)
    await world.worker().run_once()
    async with world.sessions() as session:
        await pause(session, broadcast)
        await cancel(session, broadcast, world.clock.now())
        await session.commit()
    found = await world.run_until_done(broadcast)
    assert (found["state"], found["sent"], found["cancelled"], found["waiting"]) == (
        "cancelled",
        12,
        18,
        0,
    )


async def test_every_fault_the_doubles_inject(world) -> None:
    people = await crowd(world, telegram=20, line=501)
    blocked_chat = int(people[3][1])
    world.telegram.block(blocked_chat)
    silent = people[25][1]  # blocked on LINE, which answers 200 and says nothing
    world.line.block(silent)
    world.telegram.fail_next(429, times=2, retry_after=3, method="sendMessage")
    world.telegram.fail_next(500, times=2, method="sendMessage")
    world.line.fail_next(500, times=1, path_prefix="/v2/bot/message/multicast")
    world.line.fail_next(429, times=1, retry_after=2, path_prefix="/v2/bot/message/multicast")
    world.line.delay_next(2.0, times=1, path_prefix="/v2/bot/message/multicast")
    broadcast = await make(world)
    found = await world.run_until_done(broadcast)
    assert (found["recipients"], found["sent"], found["blocked"], found["failed"]) == (
        521,
        520,
        1,
        0,
    )
    received = Counter(world.received(c, u) for c, u in people)
    assert received == {1: 519, 0: 2}
    assert world.received("line", silent) == 0  # counted as sent: LINE does not tell
    assert not (await world.account("telegram", str(blocked_chat))).active


async def test_permanent_failures_are_counted_with_their_reason(world) -> None:
    await crowd(world, telegram=2, line=0)
    world.telegram.fail_next(400, times=20, description="Bad Request: chat not found")
    broadcast = await make(world)
    found = await world.run_until_done(broadcast)
    assert (found["sent"], found["failed"]) == (0, 2)
    assert sum(found["failure_reasons"].values()) == 2


async def test_muted_inactive_and_unreachable_are_left_out_and_counted(world) -> None:
    await crowd(world, telegram=2, line=1)
    await world.person("officer", agency="LPG-02", muted=True)
    await world.person("officer", agency="LPG-02", channel="line", active=False)
    await world.person("officer", agency="LPG-02", accounts=[("web", "web-1")])
    broadcast = await make(world)
    found = await world.run_until_done(broadcast)
    assert (found["recipients"], found["sent"], found["skipped"]) == (3, 3, 3)
    assert found["skipped_reasons"] == {"muted": 1, "inactive": 1, "unreachable": 1}


async def test_a_crash_mid_broadcast_never_sends_twice_and_loses_nothing_silently(world) -> None:
    """The worker dies while a wave's requests are in flight (answers held by the doubles).
    After the restart, LINE's rows go again with their retry keys (LINE: 409, already sent);
    Telegram's in-flight rows are not resent but reported as interrupted."""
    people = await crowd(world, telegram=30, line=10)
    broadcast = await make(world)
    async with world.sessions() as session:
        await start_due(session, world.clock.now(), BOTH)
    world.telegram.delay_next(5.0, times=12, method="sendMessage")
    world.line.delay_next(5.0, times=1, path_prefix="/v2/bot/message/multicast")
    crashed = asyncio.create_task(world.worker().run_once())
    for _ in range(500):  # until the double has received the wave (a real server thread)
        sends = [c for c in world.telegram.calls if c.path.endswith("/sendMessage")]
        if len(sends) == 12 and any(c.path.endswith("/multicast") for c in world.line.calls):
            break
        await asyncio.sleep(0.01)
    crashed.cancel()
    with pytest.raises(asyncio.CancelledError):
        await crashed
    world.clock.advance(seconds=120)  # past the leases of the dead worker
    found = await world.run_until_done(broadcast)
    assert (found["sent"], found["failed"]) == (28, 12)
    assert list(found["failure_reasons"]) == ["interrupted"]
    assert Counter(world.received(c, u) for c, u in people) == {1: 40}


async def test_two_replicas_on_postgresql_share_the_work_and_the_pace(world) -> None:
    if not world.database_url.startswith("postgresql"):
        pytest.skip("several replicas are a PostgreSQL deployment; SQLite runs one process")
    people = await crowd(world, telegram=120, line=1001)
    world.telegram.fail_next(500, times=3, method="sendMessage")
    world.telegram.fail_next(429, times=2, retry_after=2, method="sendMessage")
    world.line.fail_next(500, times=1, path_prefix="/v2/bot/message/multicast")
    broadcast = await make(world)
    replicas = [world.worker(), world.worker(world.replica_sessions())]
    other = replicas[1].sessions

    async def start(sessions):
        async with sessions() as session:
            return await start_due(session, world.clock.now(), BOTH)

    started = await asyncio.gather(start(world.sessions), start(other))
    assert sorted(map(len, started)) == [0, 1]  # one replica wins the start
    for _ in range(60):
        await asyncio.gather(*(r.run_once() for r in replicas))
        async with world.sessions() as session:
            await finish_done(session, world.clock.now(), BOTH)
        if (await world.status(broadcast))["state"] == "done":
            break
        world.clock.advance(seconds=3)
    found = await world.status(broadcast)
    assert (found["state"], found["sent"], found["failed"]) == ("done", 1121, 0)
    assert Counter(world.received(c, u) for c, u in people) == {1: 1121}
    sends = sorted(c.at for c in world.telegram.calls if c.path.endswith("/sendMessage"))
    busiest = max(sum(1 for t in sends if s <= t < s + 1.0) for s in sends)
    assert busiest <= 25  # the deployment-wide pace, across both replicas


async def test_nothing_to_send_is_done_at_once(world) -> None:
    await world.person("officer", agency="LPG-02", muted=True)
    broadcast = await make(world, audience="role=officer")
    async with world.sessions() as session:
        await start_due(session, world.clock.now(), BOTH)
    found = await world.status(broadcast)
    assert (found["state"], found["recipients"], found["skipped"]) == ("done", 0, 1)


def test_audience_all_is_the_default_expression() -> None:
    assert parse_audience("all") == Audience()


async def test_forget_removes_the_person_from_queued_and_sent_broadcasts(world) -> None:
    from bot.accounts import FORGOTTEN, forget
    from db.tables import OutboxMessage

    people = await crowd(world, telegram=0, line=3)
    gone = people[0][1]
    sent = await make(world)
    await world.run_until_done(sent)
    queued = await make(world, at=world.clock.now() + timedelta(hours=1))
    world.clock.advance(hours=1)
    async with world.sessions() as session:
        await start_due(session, world.clock.now(), BOTH)
        await forget(session, channel="line", user_id=gone)
    async with world.sessions() as session:
        rows = {r.broadcast_id: r for r in await session.scalars(select(OutboxMessage))}
    assert rows[sent].recipients.count(FORGOTTEN) == 1 and gone not in rows[sent].recipients
    assert gone not in rows[queued].recipients and len(rows[queued].recipients) == 2
    assert (await world.status(sent))["sent"] == 3
    assert (await world.run_until_done(queued))["sent"] == 2
    assert world.received("line", gone) == 1


async def test_a_telegram_send_without_an_answer_is_not_resent(world) -> None:
    """The double delivers, then holds its answer past our 1 s timeout: the message may have
    arrived, so the broadcast does not send it again but reports it."""
    people = await crowd(world, telegram=3, line=1)
    world.telegram.delay_next(2.0, times=1, method="sendMessage")
    world.line.delay_next(2.0, times=1, path_prefix="/v2/bot/message/multicast")
    broadcast = await make(world)
    found = await world.run_until_done(broadcast)
    assert (found["sent"], found["failed"]) == (3, 1)  # LINE retried with its key: 409, sent
    assert list(found["failure_reasons"]) == ["no answer"]
    assert Counter(world.received(c, u) for c, u in people) == {1: 4}


async def test_an_audience_gone_stale_is_called_off_and_the_author_told(world) -> None:
    from db.tables import Agency

    await world.department("D-009", "กรมทดลอง", "กระทรวงทดลอง")
    await world.person("officer", agency="D-009")
    author = await author_id(world)
    broadcast = await make(
        world, audience="ministry=กระทรวงทดลอง", author=author, at=world.clock.now()
    )
    async with world.sessions() as session, session.begin():  # the directory changes
        (await session.get(Agency, "D-009")).ministry = "กระทรวงใหม่"
    await world.pass_()
    await world.pass_()
    assert (await world.status(broadcast))["state"] == "cancelled"
    told = world.telegram.messages_to(999001)[-1]["text"]
    assert f"ยกเลิกประกาศ {broadcast}" in told and "matches no agency" in told
