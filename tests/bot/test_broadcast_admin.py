"""Broadcasts composed in chat: admins only, a preview before anything is sent, confirm or
cancel with the buttons, status, pause and resume."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.accounts import create_invite
from db.tables import Broadcast, OutboxMessage


async def link(chat, user: str, **grant) -> None:
    async with chat.sessions() as session:
        created = await create_invite(session, now=chat.clock.now(), **grant)
        await session.commit()
    assert "เรียบร้อย" in (await chat.say(user, f"link {created.code}")).text


async def test_only_admins_may_broadcast(chat) -> None:
    await link(chat, "officer", role="officer", agency_code="LPG-05")
    for text in ("/broadcast all | สวัสดี", "/broadcasts", "/broadcast_status abc"):
        assert "ผู้ดูแลระบบเท่านั้น" in (await chat.say("officer", text)).text
    forged = await chat.say("officer", action="bcgo:0123456789ab")
    assert "ผู้ดูแลระบบเท่านั้น" in forged.text
    assert "ผู้ดูแลระบบเท่านั้น" in (await chat.say("stranger", "/broadcast all | x")).text


async def test_preview_then_confirm_then_status(chat) -> None:
    await link(chat, "admin", role="admin")
    await link(chat, "coord", role="coordinator", province="ลำปาง")
    await link(chat, "far", role="coordinator", province="ภูเก็ต")
    preview = await chat.say(
        "admin",
        "/broadcast role=coordinator region=เหนือ | แบบสำรวจปี 2570 เปิดแล้ว | พรุ่งนี้ 09:00"
        " | https://survey.example.go.th",
    )
    card, summary = preview.replies
    assert card.text == "แบบสำรวจปี 2570 เปิดแล้ว" and card.buttons[0].action.startswith("https")
    assert "ผู้รับ: 1 คน (LINE 1)" in summary.text
    assert "24 พฤศจิกายน 2569 เวลา 09:00 น." in summary.text
    confirm, drop = summary.buttons
    async with chat.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
        [draft] = list(await session.scalars(select(Broadcast)))
    assert draft.state == "draft"
    done = await chat.say("admin", action=confirm.action)
    assert "ยืนยันแล้ว" in done.text and "ถึง 1 คน" in done.text
    status = await chat.say("admin", f"/broadcast_status {draft.id}")
    assert "[รอส่ง]" in status.text
    # the preview's "cancel" still cancels until sending starts
    assert "ยกเลิกประกาศ" in (await chat.say("admin", action=drop.action)).text
    again = await chat.say("admin", f"/broadcast_cancel {draft.id}")
    assert "ทำไม่ได้" in again.text and "is cancelled" in again.text
    assert "[ยกเลิกแล้ว]" in (await chat.say("admin", f"/broadcast_status {draft.id}")).text
    assert draft.id in (await chat.say("admin", "/broadcasts")).text


async def test_survey_template_and_mistakes_explained(chat) -> None:
    await link(chat, "admin", role="admin")
    survey = await chat.say(
        "admin",
        "/broadcast_survey all | แบบสำรวจความพร้อมรัฐบาลดิจิทัล ประจำปี ๒๕๗๐ | 1 ก.ค. 70 | "
        "15 ส.ค. 70 | https://survey.example.go.th | สำนักงานจังหวัด โทร 0 5426 5070",
    )
    card = survey.replies[0]
    assert card.title == "ประกาศ: แบบสำรวจความพร้อมรัฐบาลดิจิทัล ประจำปี ๒๕๗๐"
    assert "ถึงวันที่ 15 สิงหาคม 2570 เวลา 23:59 น." in card.text
    assert "สอบถามเพิ่มเติม: สำนักงานจังหวัด" in card.text
    assert card.buttons[0].label == "ตอบแบบสำรวจ"
    for text, reason in (
        ("/broadcast", "รูปแบบ"),
        ("/broadcast all", "ใส่ข้อความ"),
        ("/broadcast colour=red | x", "not an audience key"),
        ("/broadcast all | x | 1 มกราคม 2560", "has already passed"),
        ("/broadcast all | x | now | ftp://example", "not a web link"),
        ("/broadcast_pause nope", "no broadcast nope"),
    ):
        assert reason in (await chat.say("admin", text)).text, text
