"""A bot wired to a real database (both SQLite and PostgreSQL) with a fake clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from app.conversation_store import SqlConversationStore
from app.database import create_engine, prepare_database, session_factory
from bot.clock import FakeClock
from bot.context import Services
from bot.core import Bot
from bot.messages import Inbound, Outcome


class ChatDriver:
    """Send messages as a given chat account through the real core."""

    def __init__(self, bot: Bot, sessions, clock: FakeClock) -> None:
        self.bot, self.sessions, self.clock = bot, sessions, clock

    async def say(
        self, user: str, text: str | None = None, action: str | None = None, channel: str = "line"
    ) -> Outcome:
        return await self.bot.handle(
            Inbound(channel=channel, user_id=user, text=text, action=action)
        )


@pytest.fixture
async def chat(database_url: str, services: Services):
    engine = create_engine(database_url)
    await prepare_database(engine)
    sessions = session_factory(engine)
    clock = FakeClock(datetime(2026, 11, 23, 2, 0, tzinfo=UTC))
    bot = Bot(
        replace(services, sessions=sessions, clock=clock), SqlConversationStore(sessions, clock)
    )
    yield ChatDriver(bot, sessions, clock)
    await engine.dispose()
