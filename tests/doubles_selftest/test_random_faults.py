"""Seeded probabilistic faults (``fail_randomly``) on both doubles: the share of failed calls
matches the probability, the same seed fails the same calls, and ``fail_next`` is unchanged."""

from __future__ import annotations

import httpx
import pytest

from tests.doubles import LineApiDouble, TelegramApiDouble
from tests.doubles.line_api import line_user_id

CALLS = 60
MULTICAST = "/v2/bot/message/multicast"


def telegram_statuses(telegram: TelegramApiDouble, calls: int = CALLS) -> list[int]:
    telegram.rate_limit = 10 * CALLS  # the fake clock stands still: no flood control here
    url = f"{telegram.base_url}/bot{telegram.token}/sendMessage"
    with httpx.Client() as client:
        return [
            client.post(url, json={"chat_id": 1000 + n, "text": "hi"}).status_code
            for n in range(calls)
        ]


def line_responses(line: LineApiDouble, calls: int = CALLS) -> list[httpx.Response]:
    headers = {"Authorization": f"Bearer {line.access_token}"}
    with httpx.Client(base_url=line.base_url, headers=headers) as client:
        return [
            client.post(
                MULTICAST,
                json={"to": [line_user_id(f"r{n}")], "messages": [{"type": "text", "text": "hi"}]},
            )
            for n in range(calls)
        ]


def test_telegram_fails_about_the_given_share_and_the_seed_repeats_it(
    telegram: TelegramApiDouble,
) -> None:
    rule = telegram.fail_randomly(500, 0.25, seed=7, method="sendMessage")
    first = telegram_statuses(telegram)
    failed = first.count(500)
    assert set(first) == {200, 500}
    assert 5 <= failed <= 25  # expected 15 of 60
    assert rule.hits == failed
    assert sum(len(telegram.messages_to(1000 + n)) for n in range(CALLS)) == CALLS - failed
    with httpx.Client() as client:  # other methods are not matched, so they draw nothing
        assert client.get(f"{telegram.base_url}/bot{telegram.token}/getMe").status_code == 200

    telegram.reset()
    telegram.fail_randomly(500, 0.25, seed=7, method="sendMessage")
    assert telegram_statuses(telegram) == first
    telegram.reset()
    telegram.fail_randomly(500, 0.25, seed=8, method="sendMessage")
    assert telegram_statuses(telegram) != first


def test_telegram_random_429_carries_retry_after_and_skips_flood_control(
    telegram: TelegramApiDouble,
) -> None:
    telegram.rate_limit = CALLS  # every real send fits the window (the clock stands still)
    telegram.fail_randomly(429, 0.5, seed=1, method="sendMessage")
    url = f"{telegram.base_url}/bot{telegram.token}/sendMessage"
    with httpx.Client() as client:
        answers = [client.post(url, json={"chat_id": 5, "text": "hi"}) for _ in range(CALLS)]
    limited = [a.json() for a in answers if a.status_code == 429]
    assert 15 <= len(limited) <= 45
    assert all(body["parameters"]["retry_after"] == 1 for body in limited)
    assert len(telegram.messages_to(5)) == CALLS - len(limited)


def test_line_random_faults_on_a_path_with_retry_after(line: LineApiDouble) -> None:
    rule = line.fail_randomly(429, 0.3, seed="bench", retry_after=2, path_prefix=MULTICAST)
    first = line_responses(line)
    limited = [r for r in first if r.status_code == 429]
    assert {r.status_code for r in first} == {200, 429}
    assert 6 <= len(limited) <= 30  # expected 18 of 60
    assert rule.hits == len(limited)
    assert all(r.headers["retry-after"] == "2" for r in limited)
    assert sum(len(line.messages_to(line_user_id(f"r{n}"))) for n in range(CALLS)) == (
        CALLS - len(limited)
    )
    line.add_user(line_user_id("someone"))
    headers = {"Authorization": f"Bearer {line.access_token}"}
    profile = httpx.get(
        f"{line.base_url}/v2/bot/profile/{line_user_id('someone')}", headers=headers
    )
    assert profile.status_code == 200  # outside the path prefix

    line.reset()
    line.fail_randomly(429, 0.3, seed="bench", retry_after=2, path_prefix=MULTICAST)
    assert [r.status_code for r in line_responses(line)] == [r.status_code for r in first]


def test_fail_next_is_asked_first_and_still_runs_out(telegram: TelegramApiDouble) -> None:
    telegram.fail_next(403, times=2, method="sendMessage")
    always = telegram.fail_randomly(502, 1.0, seed=0, method="sendMessage")
    assert telegram_statuses(telegram, 4) == [403, 403, 502, 502]
    assert always.hits == 2
    telegram.reset()
    telegram.fail_randomly(500, 0.0, seed=0, method="sendMessage")
    assert telegram_statuses(telegram, 10) == [200] * 10


def test_probability_must_be_a_probability(
    telegram: TelegramApiDouble, line: LineApiDouble
) -> None:
    with pytest.raises(ValueError):
        telegram.fail_randomly(500, 1.5)
    with pytest.raises(ValueError):
        line.fail_randomly(500, -0.1)
