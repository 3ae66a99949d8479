"""A whole BCP campaign over 45 simulated days, through the outbox to the platform doubles.

Three agencies (one sends early, one late, one never), a coordinator, a muted officer, a
restart in the middle (the 09:00 pass missed and made up at 11:00), a second pass every
afternoon, and on PostgreSQL two replicas doing every pass at once. Every message is counted
against the schedule: none missing, none doubled.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from app.channels import build_channels
from app.conversation_store import SqlConversationStore
from app.database import create_engine, prepare_database, session_factory
from app.outbox import OutboxWorker
from bcp.campaigns import create_campaign, make_scope
from bcp.dates import BANGKOK
from bcp.reminders import queue_due
from bcp.schedule import occurrences
from bot.accounts import create_invite, redeem, set_muted
from bot.clock import FakeClock
from bot.core import Bot
from bot.messages import Inbound
from tests.doubles.line_api import LineApiDouble, line_user_id
from tests.doubles.telegram_api import TelegramApiDouble
from tests.webhooks.conftest import channel_settings

OPEN = datetime(2027, 5, 17, 8, 0, tzinfo=BANGKOK)  # a Monday
DEADLINE = datetime(2027, 6, 16, 23, 59, tzinfo=BANGKOK)
OFFICERS = {"early": "LPG-04", "late": "LPG-05", "never": "LPG-07", "muted": "LPG-07"}
SENDS_ON = {"early": 5, "late": 35}  # day numbers after opening, at 10:00
RESTART_DAY = 20
COORDINATOR_CHAT = 7001


class Replica:
    """One process's worth: its own engine, the scheduler pass and the outbox worker."""

    def __init__(self, database_url: str, settings, clock: FakeClock) -> None:
        self.engine = create_engine(database_url)
        self.sessions = session_factory(self.engine)
        self.channels = build_channels(settings, self.sessions, clock)
        self.worker = OutboxWorker(self.sessions, self.channels, clock)
        self.clock = clock

    async def start(self) -> None:
        await self.channels["telegram"].start()

    async def run_pass(self, kb) -> None:
        async with self.sessions() as session:
            await queue_due(session, kb.bcp, self.clock.now())
        while await self.worker.run_once():
            pass

    async def stop(self) -> None:
        for channel in self.channels.values():
            await channel.close()
        await self.engine.dispose()


@pytest.fixture
def doubles():
    clock = FakeClock(OPEN)
    with LineApiDouble(clock=clock) as line, TelegramApiDouble(clock=clock) as telegram:
        yield clock, line, telegram


async def test_forty_five_days(database_url: str, services, doubles) -> None:
    clock, line, telegram = doubles
    settings = channel_settings(database_url, line, telegram)
    engine = create_engine(database_url)
    await prepare_database(engine)
    sessions = session_factory(engine)
    users = {name: line_user_id(name) for name in OFFICERS}
    async with sessions() as session:
        campaign = await create_campaign(
            session,
            name="ทบทวนแผน BCP 2570",
            deadline=DEADLINE,
            now=clock.now(),
            scope=make_scope(provinces=["ลำปาง"], categories=["provincial_administration"]),
        )
        codes = {
            name: (
                await create_invite(session, role="officer", agency_code=code, now=clock.now())
            ).code
            for name, code in OFFICERS.items()
        }
        coordinator = await create_invite(
            session, role="coordinator", province="ลำปาง", now=clock.now()
        )
        await session.commit()
    for name, code in codes.items():
        async with sessions() as session:
            assert (
                await redeem(
                    session, channel="line", user_id=users[name], code=code, now=clock.now()
                )
            ).status == "linked"
    async with sessions() as session:
        assert (
            await redeem(
                session,
                channel="telegram",
                user_id=str(COORDINATOR_CHAT),
                code=coordinator.code,
                now=clock.now(),
            )
        ).status == "linked"
        await set_muted(
            session, channel="line", user_id=users["muted"], muted=True, now=clock.now()
        )
    bot = Bot(
        replace(services, sessions=sessions, clock=clock), SqlConversationStore(sessions, clock)
    )

    replica_count = 2 if database_url.startswith("postgresql") else 1
    replicas = [Replica(database_url, settings, clock) for _ in range(replica_count)]
    for replica in replicas:
        await replica.start()
    sent_day: dict[str, int] = {}
    try:
        for day in range(46):
            base = OPEN.replace(hour=0, minute=0) + timedelta(days=day)
            if day == RESTART_DAY:  # a restart: the processes come back at 11:00 with fresh engines
                for replica in replicas:
                    await replica.stop()
                replicas = [Replica(database_url, settings, clock) for _ in range(replica_count)]
                for replica in replicas:
                    await replica.start()
                passes = [11, 15]
            else:
                passes = [9, 15]
            for hour in passes:
                clock.set(base.replace(hour=hour))
                await asyncio.gather(*(r.run_pass(services.kb) for r in replicas))
                if hour == passes[0]:
                    for name, when in SENDS_ON.items():
                        if (
                            when == day
                        ):  # at 10:00, after that day's reminder, the officer presses "sent"
                            clock.set(base.replace(hour=10))
                            reply = await bot.handle(
                                Inbound("line", users[name], action=f"bcpsent:{campaign.id}")
                            )
                            assert "บันทึกแล้ว" in reply.text
                            sent_day[name] = day
    finally:
        for replica in replicas:
            await replica.stop()
        await engine.dispose()

    schedule = occurrences(
        opened=OPEN,
        deadline=DEADLINE,
        until=(OPEN + timedelta(days=45)).date(),
        plan=campaign.reminder_plan,
    )
    first = OPEN.date()

    def expected_reminders(name: str) -> int:
        last = sent_day.get(name, 10**6)
        return sum(
            1
            for o in schedule
            if o.kind in ("reminder", "overdue") and (o.day - first).days <= last
        )

    def pushes_to(user: str) -> list[dict]:
        return [m for m in line.messages_to(user) if "แจ้งเตือน BCP" in str(m)]

    assert len(pushes_to(users["early"])) == expected_reminders("early") == 1  # opening only
    assert len(pushes_to(users["late"])) == expected_reminders("late")
    assert len(pushes_to(users["never"])) == expected_reminders("never")
    assert pushes_to(users["muted"]) == []
    digests = [m for m in telegram.messages_to(COORDINATOR_CHAT) if "สรุป BCP" in m.get("text", "")]
    assert len(digests) == sum(1 for o in schedule if o.kind == "digest")
    assert expected_reminders("never") > expected_reminders("late") > expected_reminders("early")
    last = digests[-1]["text"]
    assert "ส่งแล้ว 2/" in last and "LPG-07" in last and "LPG-04" not in last.split("ยังไม่ส่ง:")[1]
