"""Shared fixtures: the knowledge base, the bot, and a fresh database per test on
SQLite and on PostgreSQL (``DGBOT_TEST_POSTGRES_URL``, set up by ``make test``)."""

from __future__ import annotations

import os
import uuid
import warnings
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from app.conversation_store import SqlConversationStore
from app.database import create_engine, prepare_database, session_factory
from app.services import build_services
from bot.clock import FakeClock
from bot.context import Services
from bot.conversation import MemoryConversationStore
from bot.core import Bot
from bot.messages import Inbound, Outcome
from knowledge.loader import KnowledgeBase, default_knowledge

DATABASES = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return default_knowledge()


@pytest.fixture(scope="session")
def services() -> Services:
    return build_services()


@pytest.fixture
def bot(services: Services) -> Bot:
    return Bot(services, MemoryConversationStore())


def postgres_admin_url() -> str:
    url = os.environ.get("DGBOT_TEST_POSTGRES_URL")
    if not url:
        pytest.fail("DGBOT_TEST_POSTGRES_URL is not set: run the suite with `make test`")
    return url


@pytest.fixture(params=DATABASES)
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A plain SQLAlchemy URL of an empty database, dropped after the test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    admin = make_url(postgres_admin_url())
    name = f"dgbot_t_{uuid.uuid4().hex[:12]}"
    dsn = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    yield admin.set(database=name).render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except asyncpg.PostgresError as error:  # a throwaway database left behind is not a test failure
        warnings.warn(f"could not drop test database {name}: {error}", stacklevel=1)
    finally:
        await connection.close()


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
        replace(services, sessions=sessions, clock=clock, channels=frozenset({"line", "telegram"})),
        SqlConversationStore(sessions, clock),
    )
    yield ChatDriver(bot, sessions, clock)
    await engine.dispose()
