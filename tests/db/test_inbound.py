"""Storing inbound events on SQLite and PostgreSQL: new rows, and duplicates skipped by the
unique (channel, event key) without an error."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.database import create_engine, prepare_database
from db.inbound import KEY_CHARS, NewEvent, insert_events
from db.tables import InboundEvent

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


@pytest.fixture
async def engine(database_url: str):
    engine = create_engine(database_url)
    await prepare_database(engine)
    yield engine
    await engine.dispose()


async def insert(engine, events: list[NewEvent]) -> list[tuple[int, str, str]]:
    async with engine.begin() as connection:
        return await connection.run_sync(insert_events, events, NOW)


async def stored(engine) -> list[InboundEvent]:
    async with engine.connect() as connection:
        return list(await connection.execute(select(InboundEvent).order_by(InboundEvent.id)))


async def test_new_events_are_stored_pending_and_returned_in_order(engine) -> None:
    events = [NewEvent("line", f"E{n}", {"n": n}) for n in range(3)]
    rows = await insert(engine, events)
    assert [(channel, key) for _, channel, key in rows] == [
        ("line", "E0"),
        ("line", "E1"),
        ("line", "E2"),
    ]
    assert [row_id for row_id, _, _ in rows] == sorted(row_id for row_id, _, _ in rows)
    saved = await stored(engine)
    assert [(r.event_key, r.payload, r.status, r.attempts) for r in saved] == [
        ("E0", {"n": 0}, "pending", 0),
        ("E1", {"n": 1}, "pending", 0),
        ("E2", {"n": 2}, "pending", 0),
    ]
    assert all(r.received_at == NOW for r in saved)


async def test_duplicates_are_skipped_without_an_error(engine) -> None:
    await insert(engine, [NewEvent("line", "E1", {"first": True})])
    again = await insert(
        engine,
        [
            NewEvent("line", "E1", {"first": False}),  # stored before
            NewEvent("line", "E2", {}),
            NewEvent("line", "E2", {"copy": True}),  # twice in one statement
            NewEvent("telegram", "E1", {}),  # same key, another channel: a different event
        ],
    )
    assert [(channel, key) for _, channel, key in again] == [("line", "E2"), ("telegram", "E1")]
    saved = await stored(engine)
    assert len(saved) == 3
    assert next(r for r in saved if r.event_key == "E1" and r.channel == "line").payload == {
        "first": True
    }


async def test_long_keys_are_cut_to_the_column_and_still_unique(engine) -> None:
    key = "K" * (KEY_CHARS + 20)
    [(_, _, cut)] = await insert(engine, [NewEvent("line", key, {})])
    assert cut == key[:KEY_CHARS]
    assert await insert(engine, [NewEvent("line", key, {})]) == []


async def test_nothing_to_insert(engine) -> None:
    assert await insert(engine, []) == []
