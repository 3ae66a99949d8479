"""Fixtures for the doubles' own tests: each test gets a fresh double on its own port."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.clock import FakeClock
from tests.doubles import LineApiDouble, TelegramApiDouble


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2025, 1, 6, 9, 0, tzinfo=UTC))


@pytest.fixture
def line(clock: FakeClock) -> Iterator[LineApiDouble]:
    with LineApiDouble(access_token="line-token", clock=clock) as double:
        yield double


@pytest.fixture
def telegram(clock: FakeClock) -> Iterator[TelegramApiDouble]:
    with TelegramApiDouble(token="123456:telegram-token", clock=clock) as double:
        yield double
