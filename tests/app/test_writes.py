"""Short write transactions (app.writes) on SQLite and PostgreSQL: commit, roll back, and on
SQLite wait for a lock another connection holds without blocking the event loop."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection

from app.database import create_engine, prepare_database
from app.writes import EngineWriter, SqliteWriter, open_writer
from db.tables import Conversation

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


@pytest.fixture
async def engine(database_url: str):
    engine = create_engine(database_url)
    await prepare_database(engine)
    yield engine
    await engine.dispose()


def add(connection: Connection, user_id: str) -> str:
    connection.execute(
        insert(Conversation).values(
            channel="web", user_id=user_id, language="th", state={}, created_at=NOW, updated_at=NOW
        )
    )
    return user_id


def add_then_fail(connection: Connection, user_id: str) -> None:
    add(connection, user_id)
    raise RuntimeError("after the insert")


async def count(engine) -> int:
    async with engine.connect() as connection:
        return await connection.scalar(select(func.count()).select_from(Conversation))


async def test_run_commits_and_returns_what_the_body_returned(engine) -> None:
    writer = open_writer(engine)
    expected = SqliteWriter if engine.dialect.name == "sqlite" else EngineWriter
    assert isinstance(writer, expected)
    try:
        assert await writer.run(add, "a") == "a"
        with pytest.raises(RuntimeError):
            await writer.run(add_then_fail, "b")
    finally:
        await writer.close()
    assert await count(engine) == 1  # the failed body's insert was rolled back


async def test_sqlite_waits_for_another_connections_lock_without_blocking(tmp_path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'locked.db'}")
    await prepare_database(engine)
    writer = open_writer(engine)
    other = sqlite3.connect(tmp_path / "locked.db", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another process's write transaction
        write = asyncio.create_task(writer.run(add, "waiting"))
        await asyncio.sleep(0)  # the writer has tried, found the lock taken, and yielded
        assert not write.done()
        other.execute("COMMIT")
        assert await write == "waiting"
    finally:
        other.close()
        await writer.close()
        await engine.dispose()
    assert await count_file(tmp_path / "locked.db") == 1


async def count_file(path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT count(*) FROM conversations").fetchone()[0]
