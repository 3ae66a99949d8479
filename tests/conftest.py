"""Shared fixtures: the knowledge base, the bot, and a fresh database per test on
SQLite and on PostgreSQL (``DGBOT_TEST_POSTGRES_URL``, set up by ``make test``)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from app.services import build_services
from bot.context import Services
from bot.conversation import MemoryConversationStore
from bot.core import Bot
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
    finally:
        await connection.close()
