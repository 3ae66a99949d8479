"""A world for broadcasts: a database with the directory, people with roles and chat accounts,
the LINE and Telegram doubles on a fake clock, the real channel adapters and outbox workers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.channels import build_channels
from app.database import create_engine, prepare_database, session_factory
from app.outbox import OutboxWorker
from bot.clock import FakeClock
from broadcasts.delivery import finish_done, start_due
from broadcasts.lifecycle import status_of
from db.tables import Agency, ChatAccount, Person, RoleGrant
from tests.doubles.line_api import LineApiDouble, line_user_id
from tests.doubles.telegram_api import TelegramApiDouble
from tests.webhooks.conftest import channel_settings

START = datetime(2027, 6, 1, 2, 0, tzinfo=UTC)  # 09:00 in Bangkok
RATE = 25.0


@dataclass
class World:
    clock: FakeClock
    line: LineApiDouble
    telegram: TelegramApiDouble
    sessions: object
    channels: dict
    engine: object
    database_url: str
    _next: int = 0
    extra_engines: list = field(default_factory=list)

    def worker(self, sessions=None) -> OutboxWorker:
        return OutboxWorker(
            sessions or self.sessions, self.channels, self.clock, rates={"telegram": RATE}
        )

    def replica_sessions(self):
        engine = create_engine(self.database_url)
        self.extra_engines.append(engine)
        return session_factory(engine)

    async def person(
        self,
        role: str = "officer",
        *,
        agency: str | None = None,
        province: str | None = None,
        ministry: str | None = None,
        channel: str = "telegram",
        active: bool = True,
        muted: bool = False,
        accounts: list[tuple[str, str]] | None = None,
    ) -> list[tuple[str, str]]:
        """Add a person with one role and chat accounts; returns (channel, platform id)s."""
        self._next += 1
        n = self._next
        if accounts is None:
            user = str(700000 + n) if channel == "telegram" else line_user_id(f"p{n}")
            accounts = [(channel, user)]
        now = self.clock.now()
        async with self.sessions() as session, session.begin():
            person = Person(language="th", created_at=now)
            session.add(person)
            await session.flush()
            session.add(
                RoleGrant(
                    person_id=person.id,
                    role=role,
                    agency_code=agency,
                    province=province,
                    ministry=ministry,
                    created_at=now,
                )
            )
            for account_channel, user in accounts:
                session.add(
                    ChatAccount(
                        person_id=person.id,
                        channel=account_channel,
                        platform_user_id=user,
                        active=active,
                        muted=muted,
                        created_at=now,
                    )
                )
        return accounts

    async def department(self, code: str, name: str, ministry: str) -> None:
        async with self.sessions() as session, session.begin():
            session.add(Agency(code=code, name_th=name, level="department", ministry=ministry))

    async def pass_(self, workers=None) -> None:
        """One scheduler pass and one outbox pass per worker."""
        names = set(self.channels)
        async with self.sessions() as session:
            await start_due(session, self.clock.now(), names)
        for worker in workers or [self.worker()]:
            await worker.run_once()
        async with self.sessions() as session:
            await finish_done(session, self.clock.now(), names)

    async def run_until_done(self, broadcast_id: str, workers=None, rounds: int = 60) -> dict:
        """Passes (moving the clock past backoffs) until the broadcast is done."""
        workers = workers or [self.worker()]
        for _ in range(rounds):
            await self.pass_(workers)
            found = await self.status(broadcast_id)
            if found["state"] in {"done", "cancelled"}:
                return found
            self.clock.advance(seconds=5)
        raise AssertionError(f"broadcast not done: {await self.status(broadcast_id)}")

    async def status(self, broadcast_id: str) -> dict:
        async with self.sessions() as session:
            return await status_of(session, broadcast_id)

    async def account(self, channel: str, user: str) -> ChatAccount:
        async with self.sessions() as session:
            return await session.scalar(
                select(ChatAccount).where(
                    ChatAccount.channel == channel, ChatAccount.platform_user_id == user
                )
            )

    def received(self, channel: str, user: str) -> int:
        """Messages the platform holds for a recipient."""
        if channel == "telegram":
            return len(self.telegram.messages_to(int(user)))
        return len(self.line.messages_to(user))


@pytest.fixture
async def world(database_url: str):
    clock = FakeClock(START)
    with LineApiDouble(clock=clock) as line, TelegramApiDouble(clock=clock) as telegram:
        engine = create_engine(database_url)
        await prepare_database(engine)
        sessions = session_factory(engine)
        channels = build_channels(channel_settings(database_url, line, telegram), sessions, clock)
        await channels["telegram"].start()
        built = World(clock, line, telegram, sessions, channels, engine, database_url)
        yield built
        for channel in channels.values():
            await channel.close()
        for extra in built.extra_engines:
            await extra.dispose()
        await engine.dispose()
