"""The data layer on both SQLite and PostgreSQL: migrations and the conversation store."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from app.conversation_store import SqlConversationStore
from app.database import alembic_config, async_url, create_engine, session_factory, upgrade_schema
from bot.clock import FakeClock
from bot.conversation import ConversationRecord
from db.tables import Base


def test_async_url_picks_the_driver(tmp_path) -> None:
    assert async_url(f"sqlite:///{tmp_path}/x.db").drivername == "sqlite+aiosqlite"
    assert async_url("postgresql://u:p@h/db").drivername == "postgresql+asyncpg"
    assert async_url("postgres://u:p@h/db").drivername == "postgresql+asyncpg"
    with pytest.raises(ValueError):
        async_url("mysql://u:p@h/db")


async def test_upgrade_creates_schema_and_is_idempotent(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await upgrade_schema(engine)
        await upgrade_schema(engine)
        async with engine.connect() as connection:
            tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
            version = (
                await connection.execute(text("SELECT version_num FROM alembic_version"))
            ).scalar()
        assert {"conversations", "agencies", "scores", "invites", "alembic_version"} <= tables
        assert version == ScriptDirectory.from_config(alembic_config()).get_current_head()
        async with engine.connect() as connection:
            drift = await connection.run_sync(
                lambda c: compare_metadata(MigrationContext.configure(c), Base.metadata)
            )
        assert drift == []  # the migrations build exactly the tables db/tables.py declares
    finally:
        await engine.dispose()


@pytest.fixture
async def store(database_url: str):
    engine = create_engine(database_url)
    await upgrade_schema(engine)
    clock = FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    yield SqlConversationStore(session_factory(engine), clock), clock, engine
    await engine.dispose()


async def test_store_round_trip(store) -> None:
    conversations, clock, _ = store
    assert await conversations.load(channel="web", user_id="a") == ConversationRecord()
    await conversations.save(
        channel="web",
        user_id="a",
        record=ConversationRecord("en", {"more": {"code": "2.2", "next": 2}}),
    )
    clock.advance(minutes=5)
    loaded = await conversations.load(channel="web", user_id="a")
    assert loaded.language == "en" and loaded.state["more"] == {"code": "2.2", "next": 2}
    await conversations.save(channel="web", user_id="a", record=ConversationRecord("en", {}))
    assert (await conversations.load(channel="web", user_id="a")).state == {"language": "en"}
    assert (await conversations.load(channel="line", user_id="a")) == ConversationRecord()


async def test_concurrent_first_saves_keep_one_row(store) -> None:
    conversations, _, engine = store
    await asyncio.gather(
        *[
            conversations.save(
                channel="web", user_id="same", record=ConversationRecord(None, {"n": n})
            )
            for n in range(5)
        ]
    )
    async with engine.connect() as connection:
        count = (
            await connection.execute(
                text("SELECT count(*) FROM conversations WHERE user_id = 'same'")
            )
        ).scalar()
    assert count == 1
