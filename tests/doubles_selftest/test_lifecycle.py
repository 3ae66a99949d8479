"""Starting, stopping and resetting the doubles, from sync and async code."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from tests.doubles import LineApiDouble, TelegramApiDouble


def test_sync_use_reset_and_quick_stop() -> None:
    double = LineApiDouble(access_token="t")
    with pytest.raises(RuntimeError):
        _ = double.base_url
    with double:
        double.delay_next(30)  # a held response must not hold up stop()
        with pytest.raises(httpx.ReadTimeout):
            httpx.get(
                f"{double.base_url}/v2/bot/info", timeout=0.2, headers={"Authorization": "Bearer t"}
            )
        double.reset()
        assert double.calls == []
        started = time.monotonic()
    assert time.monotonic() - started < 2
    with pytest.raises(RuntimeError):
        _ = double.base_url


async def test_async_context_manager() -> None:
    async with LineApiDouble(access_token="t") as double:
        async with httpx.AsyncClient() as http:
            answer = await http.get(
                f"{double.base_url}/v2/bot/info", headers={"Authorization": "Bearer t"}
            )
        assert answer.status_code == 200
        assert answer.headers["x-line-request-id"]
    await asyncio.sleep(0)


def test_each_double_gets_its_own_port_and_a_sync_client_works() -> None:
    with TelegramApiDouble() as first, TelegramApiDouble() as second:
        assert first.base_url != second.base_url
        answer = httpx.get(f"{first.base_url}/bot{first.token}/getMe")
        assert answer.json()["result"]["username"] == "dgbot_test_bot"
        assert [call.path for call in first.calls] == [f"/bot{first.token}/getMe"]
        assert second.calls == []
