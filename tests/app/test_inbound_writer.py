"""Group commit of webhook events on SQLite and PostgreSQL: concurrent requests share one
transaction, a duplicate is new for exactly one request, and one request's bad event fails
that request alone."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from app.database import create_engine, prepare_database
from app.inbound_writer import EventWriter
from app.writes import open_writer
from bot.clock import FakeClock
from db.inbound import NewEvent
from db.tables import InboundEvent


class CountingWriter:
    """The real writer, counting the transactions it runs."""

    def __init__(self, writer) -> None:
        self.writer, self.runs = writer, 0

    async def run(self, fn, *args):
        self.runs += 1
        return await self.writer.run(fn, *args)

    async def close(self) -> None:
        await self.writer.close()


@pytest.fixture
async def world(database_url: str):
    engine = create_engine(database_url)
    await prepare_database(engine)
    writer = CountingWriter(open_writer(engine))
    events = EventWriter(writer, FakeClock(datetime(2026, 11, 23, 2, 0, tzinfo=UTC)))
    yield events, writer, engine
    await events.close()
    await writer.close()
    await engine.dispose()


async def stored(engine) -> int:
    async with engine.connect() as connection:
        return await connection.scalar(select(func.count()).select_from(InboundEvent))


async def test_concurrent_requests_share_one_transaction(world) -> None:
    events, writer, engine = world
    requests = [[NewEvent("line", f"E{n}", {"n": n})] for n in range(10)]
    ids = await asyncio.gather(*[events.insert(request) for request in requests])
    assert writer.runs == 1
    assert all(len(new) == 1 for new in ids) and len({new[0] for new in ids}) == 10
    assert await stored(engine) == 10


async def test_a_concurrent_duplicate_is_new_for_exactly_one_request(world) -> None:
    events, _, engine = world
    twin = NewEvent("line", "TWIN", {})
    requests = [[twin, NewEvent("line", f"own-{n}", {})] for n in range(5)]
    ids = await asyncio.gather(*[events.insert(request) for request in requests])
    assert sorted(len(new) for new in ids) == [1, 1, 1, 1, 2]
    assert await events.insert([twin]) == []  # a redelivery later: nothing new
    assert await stored(engine) == 6
    assert Counter(i for new in ids for i in new).most_common(1)[0][1] == 1


async def test_a_bad_event_fails_its_own_request_only(world) -> None:
    events, _, engine = world
    bad = [NewEvent("line", "BAD", {"not json": {1, 2}})]
    good = [[NewEvent("line", f"G{n}", {})] for n in range(3)]
    results = await asyncio.gather(
        events.insert(good[0]),
        events.insert(bad),
        events.insert(good[1]),
        events.insert(good[2]),
        return_exceptions=True,
    )
    assert isinstance(results[1], Exception)
    assert [len(results[n]) for n in (0, 2, 3)] == [1, 1, 1]
    assert await stored(engine) == 3


async def test_no_events_no_transaction(world) -> None:
    events, writer, _ = world
    assert await events.insert([]) == []
    assert writer.runs == 0
