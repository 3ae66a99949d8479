"""Invite codes and linking, on both databases."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from bot.accounts import InviteError, create_invite, hash_code, normalise_code, viewer_for
from db.tables import Invite, RoleGrant


async def invite(chat, **grant) -> str:
    async with chat.sessions() as session:
        created = await create_invite(session, now=chat.clock.now(), **grant)
        await session.commit()
    return created.code


async def test_codes_are_stored_hashed_and_work_once(chat) -> None:
    code = await invite(chat, role="officer", agency_code="LPG-01")
    async with chat.sessions() as session:
        stored = await session.scalar(select(Invite))
    assert stored.code_hash == hash_code(code) and normalise_code(code) not in stored.code_hash
    first = await chat.say("u1", f"link {code.lower()}")
    assert "สำนักงานจังหวัดลำปาง" in first.text
    second = await chat.say("u2", f"/link {code}")
    assert second.text == (await chat.say("u3", "ผูกบัญชี NOPE-NOPE-NOPE")).text  # same answer


async def test_codes_expire(chat) -> None:
    code = await invite(chat, role="admin", days=7)
    chat.clock.advance(days=7, seconds=1)
    reply = await chat.say("late", f"ผูกบัญชี {code}")
    assert "ใช้ไม่ได้" in reply.text
    async with chat.sessions() as session:
        assert not (await viewer_for(session, channel="line", user_id="late")).linked


async def test_wrong_codes_are_rate_limited_per_account(chat) -> None:
    good = await invite(chat, role="coordinator", province="Lampang")
    for n in range(5):
        assert "ใช้ไม่ได้" in (await chat.say("guesser", f"link WRONG-CODE-{n:04d}")).text
    blocked = await chat.say("guesser", f"link {good}")
    assert "หลายครั้งเกินไป" in blocked.text  # even the right code waits
    assert "เรียบร้อย" in (await chat.say("someone-else", f"link {good}")).text  # per account
    chat.clock.advance(hours=1, minutes=1)
    other = await invite(chat, role="admin")
    assert "เรียบร้อย" in (await chat.say("guesser", f"link {other}")).text


async def test_one_code_two_people_at_once_links_one(chat) -> None:
    code = await invite(chat, role="officer", agency_code="CMI-01")
    replies = await asyncio.gather(*[chat.say(f"racer{n}", f"link {code}") for n in range(4)])
    assert sum("เรียบร้อย" in r.text for r in replies) == 1
    async with chat.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(RoleGrant)) == 1


async def test_link_without_code_explains(chat) -> None:
    assert "รหัสเชิญ" in (await chat.say("u", "/link")).text


@pytest.mark.parametrize(
    ("grant", "message"),
    [
        ({"role": "officer"}, "--agency"),
        ({"role": "officer", "agency_code": "NOPE-01"}, "no agency"),
        ({"role": "coordinator"}, "--province"),
        ({"role": "coordinator", "province": "Atlantis"}, "unknown province"),
        ({"role": "admin", "province": "ลำปาง"}, "takes no"),
        ({"role": "king"}, "role must be"),
        ({"role": "admin", "days": 0}, "1 to 90 days"),
    ],
)
async def test_bad_invites_are_refused(chat, grant, message) -> None:
    async with chat.sessions() as session:
        with pytest.raises(InviteError, match=message):
            await create_invite(session, now=chat.clock.now(), **grant)
