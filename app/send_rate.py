"""A channel's deployment-wide sending pace, shared by every replica through the database.

Telegram takes at most 30 messages a second from one bot, whichever replica sends them. The
pace is kept as one row per channel holding the next free sending slot (a generic cell rate
algorithm): a worker takes ``n`` slots spaced ``1/rate`` apart, never further ahead than
``horizon``, under a row lock (``FOR UPDATE`` on PostgreSQL; SQLite runs one process), and
sends each message at its slot. Slots a crashed worker took are simply not used: the pace
errs on the slow side, never the fast one. Within a process, :meth:`SendPace.admit` also keeps
a one-second window, so sends delayed by a stall do not go out in a burst.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from db.tables import SendRate


async def _locked(session: AsyncSession, channel: str, now: datetime) -> SendRate:
    dialect = session.bind.dialect.name
    query = select(SendRate).where(SendRate.channel == channel)
    if dialect == "postgresql":
        query = query.with_for_update()
    query = query.execution_options(populate_existing=True)
    found = (await session.scalars(query)).one_or_none()
    if found is not None:
        return found
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    await session.execute(  # the first send ever on this channel (another replica may race)
        insert(SendRate).values(channel=channel, next_slot_at=now).on_conflict_do_nothing()
    )
    return (await session.scalars(query)).one()


class SendPace:
    """Slots for one channel at ``rate`` messages a second (see the module docstring)."""

    def __init__(self, channel: str, rate: float, horizon: float = 1.0, wave: float = 0.5):
        if rate <= 0:
            raise ValueError("a send rate must be positive")
        self.channel = channel
        self.spacing = timedelta(seconds=1 / rate)
        self.horizon = timedelta(seconds=horizon)
        self.wave = max(1, int(rate * wave))  # most messages taken at once
        self.per_second = max(1, int(rate))
        self._recent: deque[datetime] = deque()  # this process's latest sends

    async def admit(self, clock: Clock, cost: int = 1) -> None:
        """Wait, if need be, so that this process never sends more than ``rate`` messages in
        any one second: a worker that stalled (a busy event loop) sends its overdue slots
        spread out instead of in a burst the platform would refuse."""
        window = timedelta(seconds=1)
        while True:
            now = clock.now()
            while self._recent and self._recent[0] <= now - window:
                self._recent.popleft()
            if len(self._recent) + cost <= self.per_second or not self._recent:
                self._recent.extend([now] * cost)
                return
            await clock.sleep_until(self._recent[0] + window)

    async def capacity(self, session: AsyncSession, now: datetime) -> tuple[SendRate, int]:
        """The locked pace row and how many messages may be scheduled now (up to a wave)."""
        row = await _locked(session, self.channel, now)
        start = max(row.next_slot_at, now)
        free = int((now + self.horizon - start) / self.spacing)
        return row, max(0, min(self.wave, free))

    def take(self, row: SendRate, now: datetime, costs: list[int]) -> list[datetime]:
        """Give each message group (one per cost) its first slot and move the pace on."""
        slot = max(row.next_slot_at, now)
        slots = []
        for cost in costs:
            slots.append(slot)
            slot += self.spacing * cost
        row.next_slot_at = slot
        return slots

    def wake_in(self, row: SendRate, now: datetime) -> float:
        """Seconds until a whole wave fits inside the horizon again."""
        ready = max(row.next_slot_at, now) + self.spacing * self.wave - self.horizon
        return max(0.0, (ready - now).total_seconds())
