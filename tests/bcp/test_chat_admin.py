"""Campaigns and submissions managed in chat, and the reminders-due contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from bot.accounts import create_invite
from db.tables import BcpCampaign, BcpSubmissionEvent

DGBOT = str(Path(sys.executable).with_name("dgbot"))


async def link(chat, user: str, **grant) -> None:
    async with chat.sessions() as session:
        created = await create_invite(session, now=chat.clock.now(), **grant)
        await session.commit()
    assert "เรียบร้อย" in (await chat.say(user, f"link {created.code}")).text


async def test_admin_opens_lists_and_closes_a_campaign(chat) -> None:
    await link(chat, "admin", role="admin")
    await link(chat, "officer", role="officer", agency_code="LPG-05")
    refused = await chat.say("officer", "/campaign รอบทดสอบ | 30 มิถุนายน 2570")
    assert "ผู้ดูแลระบบเท่านั้น" in refused.text
    bad = await chat.say("admin", "/campaign รอบทดสอบ | ๓๑ มิถุนายน ๒๕๗๐")
    assert "เปิดรอบไม่ได้" in bad.text and "out of range" in bad.text
    past = await chat.say("admin", "/campaign รอบเก่า | 30 มิถุนายน 2563")
    assert "ผ่านไปแล้ว" in past.text
    made = await chat.say(
        "admin", "/campaign ทบทวนแผน BCP 2570 | ๓๐ มิถุนายน ๒๕๗๐ | ลำปาง, Chiang Mai"
    )
    assert "30 มิถุนายน 2570" in made.text and "ลำปาง, เชียงใหม่" in made.text
    async with chat.sessions() as session:
        [campaign] = list(await session.scalars(select(BcpCampaign)))
    assert campaign.scope["provinces"] == ["ลำปาง", "เชียงใหม่"]
    assert campaign.id in (await chat.say("admin", "/campaigns")).text
    assert "ปิดรอบ" in (await chat.say("admin", f"/campaign_close {campaign.id}")).text


async def test_coordinator_confirms_and_reopens_with_an_audit_trail(chat) -> None:
    await link(chat, "admin", role="admin")
    await chat.say("admin", "/campaign รอบ 2570 | 30 มิถุนายน 2570 | ลำปาง")
    await link(chat, "coord", role="coordinator", province="ลำปาง")
    await link(chat, "other", role="coordinator", province="เชียงใหม่")
    assert "ไม่มีสิทธิ์" in (await chat.say("other", "/bcp_confirm LPG-05")).text
    assert "ยืนยันการส่งแผนของ" in (await chat.say("coord", "/bcp_confirm lpg-05")).text
    assert "เปิดให้ส่งแผนใหม่" in (await chat.say("coord", "/bcp_reopen LPG-05")).text
    async with chat.sessions() as session:
        events = list(
            await session.scalars(select(BcpSubmissionEvent).order_by(BcpSubmissionEvent.id))
        )
    assert [(e.agency_code, e.action) for e in events] == [
        ("LPG-05", "confirmed"),
        ("LPG-05", "reopened"),
    ]
    assert all(e.by.startswith("person:") and e.at for e in events)


async def test_reminders_due_contract(chat, database_url: str) -> None:
    await link(chat, "admin", role="admin")
    await chat.say("admin", "/campaign รอบ 2570 | 16 มิถุนายน 2570 | ลำปาง")
    await link(chat, "officer", role="officer", agency_code="LPG-05")
    await link(chat, "coord", role="coordinator", province="ลำปาง")
    env = {**os.environ, "DGBOT_DATABASE_URL": database_url}
    done = subprocess.run(
        [DGBOT, "reminders", "due", "--now", "2027-06-09T09:00:00+07:00", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    due = json.loads(done.stdout)
    assert [set(d) for d in due] == [{"campaign", "kind", "agency_code", "recipient", "text"}] * 2
    by_kind = {d["kind"]: d for d in due}
    reminder, digest = by_kind["reminder"], by_kind["digest"]
    assert reminder["agency_code"] == "LPG-05" and reminder["recipient"] == "line:officer"
    assert "เหลืออีก 7 วัน" in reminder["text"] and "ส่งถึง: สำนักงานจังหวัด" in reminder["text"]
    assert digest["agency_code"] is None and digest["recipient"] == "line:coord"
    assert "ส่งแล้ว 0/" in digest["text"] and "LPG-05" in digest["text"]
    later = subprocess.run(
        [DGBOT, "reminders", "due", "--now", "2027-06-10T09:00:00+07:00", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(later.stdout) == []  # Thursday 10 June: nothing due that day
    bad = subprocess.run(
        [DGBOT, "reminders", "due", "--now", "tomorrow"], env=env, capture_output=True, text=True
    )
    assert bad.returncode != 0 and "ISO 8601" in bad.stderr
