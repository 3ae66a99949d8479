"""The deployment-wide send pace: slots 1/rate apart, never further ahead than the horizon."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

from app.database import create_engine, prepare_database, session_factory
from app.send_rate import SendPace

NOW = datetime(2027, 1, 1, tzinfo=UTC)


async def test_slots_are_spaced_and_bounded_by_the_horizon(database_url: str) -> None:
    engine = create_engine(database_url)
    await prepare_database(engine)
    sessions = session_factory(engine)
    pace = SendPace("telegram", rate=20, horizon=1.0, wave=0.5)
    try:
        taken = []
        for _ in range(3):
            async with sessions() as session, session.begin():
                row, room = await pace.capacity(session, NOW)
                if room:
                    taken += pace.take(row, NOW, [1] * room)
                else:
                    wake = pace.wake_in(row, NOW)
        assert len(taken) == 20  # two waves of 10 fill the one-second horizon
        gaps = {b - a for a, b in pairwise(taken)}
        assert gaps == {timedelta(seconds=0.05)}
        assert taken[0] == NOW and wake == 0.5  # the next wave fits half a second later
        later = NOW + timedelta(seconds=0.5)
        async with sessions() as session, session.begin():
            row, room = await pace.capacity(session, later)
            assert room == 10 and pace.take(row, later, [2, 1])[1] == NOW + timedelta(
                seconds=1.1
            )  # a two-message row takes two slots
    finally:
        await engine.dispose()


async def test_a_stalled_worker_spreads_its_overdue_sends() -> None:
    from bot.clock import FakeClock

    clock = FakeClock(NOW)
    pace = SendPace("telegram", rate=25)
    times = []
    for _ in range(60):  # all overdue at once, as after a stall
        await pace.admit(clock)
        times.append(clock.now())
    busiest = max(sum(1 for t in times if s <= t < s + timedelta(seconds=1)) for s in times)
    assert busiest == 25 and times[25] == NOW + timedelta(seconds=1)
