"""The real app with both chat channels pointed at the platform doubles (real HTTP servers,
real SDK clients), a fake clock, and the outbox worker run by hand."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from bot.clock import FakeClock
from tests.doubles.line_api import LineApiDouble
from tests.doubles.telegram_api import TelegramApiDouble

LINE_SECRET = "line-channel-secret-for-tests"
TELEGRAM_SECRET = "telegram-webhook-secret-for-tests"
PUBLIC = "https://dgbot.example.go.th"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 23, 2, 0, tzinfo=UTC))


@pytest.fixture
def line_api(clock: FakeClock):
    with LineApiDouble(clock=clock) as double:
        yield double


@pytest.fixture
def telegram_api(clock: FakeClock):
    with TelegramApiDouble(clock=clock) as double:
        yield double


@dataclass
class Channels:
    """The app under test and its doubles."""

    client: TestClient
    line: LineApiDouble
    telegram: TelegramApiDouble
    clock: FakeClock
    database_url: str

    @property
    def app(self):
        return self.client.app

    def settle(self) -> None:
        """Wait until every received event is handled, then run the outbox once."""
        self.client.portal.call(self.app.state.inbound.drain)
        self.client.portal.call(self.app.state.outbox.run_once)

    def outbox(self) -> int:
        return self.client.portal.call(self.app.state.outbox.run_once)

    def sweep(self) -> int:
        return self.client.portal.call(self.app.state.inbound.sweep)

    def query(self, statement) -> list:
        """Rows from the app's own database."""

        async def run():
            async with self.app.state.sessions() as session:
                return list(await session.scalars(statement))

        return self.client.portal.call(run)


def texts(messages: list[dict]) -> str:
    """Everything the platform received, as one searchable string."""
    return json.dumps(messages, ensure_ascii=False)


def channel_settings(
    database_url: str, line_api: LineApiDouble, telegram_api: TelegramApiDouble
) -> Settings:
    return Settings(
        database_url=database_url,
        line_channel_secret=LINE_SECRET,
        line_channel_access_token=line_api.access_token,
        line_api_base_url=line_api.base_url,
        telegram_bot_token=telegram_api.token,
        telegram_webhook_secret=TELEGRAM_SECRET,
        telegram_api_base_url=telegram_api.base_url,
        public_base_url=PUBLIC,
        platform_timeout_seconds=1.0,
    )


@pytest.fixture
def channels(database_url: str, line_api, telegram_api, clock) -> Channels:
    settings = channel_settings(database_url, line_api, telegram_api)
    with TestClient(create_app(settings, clock=clock, run_worker=False)) as client:
        yield Channels(client, line_api, telegram_api, clock, database_url)
