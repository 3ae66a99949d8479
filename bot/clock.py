"""Time as a dependency: code asks a clock, tests move a fake one instead of sleeping."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Anything that tells the current time (timezone-aware)."""

    def now(self) -> datetime:
        """The current moment, timezone-aware."""

    async def sleep_until(self, moment: datetime) -> None:
        """Return once ``moment`` has come (at once if it has passed)."""


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """The current UTC time."""
        return datetime.now(UTC)

    async def sleep_until(self, moment: datetime) -> None:
        """Wait in real time until ``moment``."""
        delay = (moment - self.now()).total_seconds()
        if delay > 0:
            await asyncio.sleep(delay)


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime) -> None:
        self._now = start

    def now(self) -> datetime:
        """The time this clock is set to."""
        return self._now

    async def sleep_until(self, moment: datetime) -> None:
        """Jump forward to ``moment`` at once (never backwards), then let other tasks run."""
        if moment > self._now:
            self._now = moment
        await asyncio.sleep(0)

    def advance(self, **delta: float) -> None:
        """Move forward, e.g. ``advance(days=1, hours=2)``."""
        self._now += timedelta(**delta)

    def set(self, moment: datetime) -> None:
        """Jump to ``moment`` (timezone-aware)."""
        if moment.tzinfo is None:
            raise ValueError("FakeClock needs a timezone-aware moment")
        self._now = moment
