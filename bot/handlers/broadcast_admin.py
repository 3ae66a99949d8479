"""Broadcasts managed in chat, by admins only (checked here, in the core).

``/broadcast กลุ่มเป้าหมาย | ข้อความ [| เวลา] [| ลิงก์] [| ที่อยู่รูปภาพ]`` (the picture, PNG or
JPEG, is fetched once and kept by dgbot) and
``/broadcast_survey กลุ่มเป้าหมาย | ชื่อแบบสำรวจ | วันเปิด | วันปิด | เว็บไซต์ [| ผู้ติดต่อ]
[| เวลา]`` save a draft and answer with the preview: the message as it will look, the
recipients per channel and who is left out, and the buttons "ยืนยันส่ง" / "ยกเลิก".
``/broadcasts`` lists, ``/broadcast_status ID`` reports, ``/broadcast_cancel ID``,
``/broadcast_pause ID`` and ``/broadcast_resume ID`` change a broadcast.
"""

from __future__ import annotations

import re
from datetime import time

from bcp.dates import DateError, parse_moment, thai_date
from bot.accounts import viewer_for
from bot.context import Context
from bot.media import media_path, store_media
from bot.messages import Button, Outcome, Reply
from broadcasts import lifecycle
from broadcasts.audience import AudienceError, parse_audience
from broadcasts.compose import ComposeError, Survey, make_content, parse_when, replies_for
from broadcasts.delivery import SKIP_NAMES
from broadcasts.images import KEEP_DAYS, ImageError, fetch_image

COMMAND = re.compile(
    r"^/(broadcast|broadcast_survey|broadcasts|broadcast_status|broadcast_cancel|"
    r"broadcast_pause|broadcast_resume)(?:@\w+)?(?:\s+(.*))?$",
    re.DOTALL,
)
ACTION = re.compile(r"^bc(go|drop):([0-9a-f]{12})$")
USAGE = (
    "รูปแบบ: /broadcast กลุ่มเป้าหมาย | ข้อความ [| เวลา] [| ลิงก์] [| ที่อยู่รูปภาพ]\n"
    "เช่น /broadcast role=coordinator region=north | เปิดแบบสำรวจแล้ว | พรุ่งนี้ 09:00\n"
    "กลุ่มเป้าหมาย: all หรือ role= level= province= region= ministry= type= bcp=รอบ:not_sent\n"
    "แบบประกาศแบบสำรวจ: /broadcast_survey กลุ่มเป้าหมาย | ชื่อแบบสำรวจ | วันเปิด | วันปิด | "
    "เว็บไซต์ [| ผู้ติดต่อ] [| เวลา]"
)
STATE_TH = {
    "draft": "ร่าง",
    "scheduled": "รอส่ง",
    "sending": "กำลังส่ง",
    "paused": "หยุดชั่วคราว",
    "done": "ส่งครบแล้ว",
    "cancelled": "ยกเลิกแล้ว",
}


def is_broadcast_admin(ctx: Context) -> bool:
    """A broadcast command or one of the preview's buttons."""
    return bool(COMMAND.match(ctx.text) or ACTION.match(ctx.inbound.action or ""))


def _reply(text: str, *buttons: Button) -> Outcome:
    return Outcome("broadcast_admin", [Reply(text, buttons=buttons)])


def _compose(command: str, parts: list[str], now):
    """(content, audience, when) from the command's parts, or raises with the reason."""
    audience = parse_audience(parts[0])
    if command == "broadcast":
        if len(parts) < 2 or not parts[1]:
            raise ComposeError("ใส่ข้อความที่จะส่ง")
        when = parse_when(parts[2] if len(parts) > 2 else None, now)
        link = parts[3] if len(parts) > 3 and parts[3] else None
        return make_content(text=parts[1], link=link), audience, when
    if len(parts) < 5:
        raise ComposeError("ต้องมี กลุ่มเป้าหมาย | ชื่อแบบสำรวจ | วันเปิด | วันปิด | เว็บไซต์")
    survey = Survey(
        parts[1],
        parse_moment(parts[2], default_time=time(0, 0)),
        parse_moment(parts[3]),
        parts[4],
        parts[5] if len(parts) > 5 and parts[5] else None,
    )
    when = parse_when(parts[6] if len(parts) > 6 else None, now)
    return make_content(survey=survey), audience, when


def _preview(broadcast, selection) -> Outcome:
    channels = ", ".join(f"{c.upper()} {n:,}" for c, n in selection.per_channel().items())
    skipped = ", ".join(f"{SKIP_NAMES.get(k, k)} {v:,}" for k, v in selection.skipped.items())
    summary = [
        f"ตัวอย่างประกาศ {broadcast.id} (ยังไม่ส่ง)",
        f"ผู้รับ: {selection.recipients:,} คน" + (f" ({channels})" if channels else ""),
        f"ไม่ได้ส่ง: {sum(selection.skipped.values()):,}" + (f" ({skipped})" if skipped else ""),
        f"เวลาส่ง: {thai_date(broadcast.scheduled_at)}",
    ]
    buttons = (Button("ยืนยันส่ง", f"bcgo:{broadcast.id}"), Button("ยกเลิก", f"bcdrop:{broadcast.id}"))
    return Outcome(
        "broadcast_admin",
        [*replies_for(broadcast.content), Reply("\n".join(summary), buttons=buttons)],
    )


def _status_text(found: dict) -> str:
    lines = [
        f"{found['id']} [{STATE_TH.get(found['state'], found['state'])}] {found['title']}",
        f"ผู้รับ {found['recipients']:,} · ส่งแล้ว {found['sent']:,} · ไม่สำเร็จ {found['failed']:,}"
        f" · บล็อก {found['blocked']:,} · ไม่ได้ส่ง {found['skipped']:,}",
    ]
    if found["waiting"]:
        lines.append(f"รอส่ง {found['waiting']:,}")
    lines += [f"  • {reason}: {n:,}" for reason, n in found["failure_reasons"].items()]
    return "\n".join(lines)


async def answer_broadcast_admin(ctx: Context) -> Outcome:
    """Run the command or button if the asker is an admin."""
    if ctx.services.sessions is None:
        return _reply("คำสั่งนี้ใช้ได้ในแชต LINE, Telegram หรือหน้าเว็บที่ผูกบัญชีแล้ว")
    now = ctx.services.clock.now()
    async with ctx.services.sessions() as session:
        viewer = await viewer_for(session, channel=ctx.inbound.channel, user_id=ctx.inbound.user_id)
        if not viewer.is_admin:
            return _reply("คำสั่งนี้สำหรับผู้ดูแลระบบเท่านั้น")
        try:
            if found := ACTION.match(ctx.inbound.action or ""):
                verb, broadcast_id = found.groups()
                if verb == "go":
                    broadcast = await lifecycle.confirm(session, broadcast_id, now)
                    await session.commit()
                    return _reply(
                        f"ยืนยันแล้ว: ประกาศ {broadcast.id} จะส่งเมื่อ "
                        f"{thai_date(broadcast.scheduled_at)} ถึง {broadcast.recipients:,} คน\n"
                        f"ดูสถานะ: /broadcast_status {broadcast.id}"
                    )
                await lifecycle.cancel(session, broadcast_id, now)
                await session.commit()
                return _reply(f"ยกเลิกประกาศ {broadcast_id} แล้ว")
            command, rest = COMMAND.match(ctx.text).groups()
            rest = (rest or "").strip()
            if command == "broadcasts":
                rows = [
                    await lifecycle.status_of(session, b.id)
                    for b in await lifecycle.list_broadcasts(session, limit=10)
                ]
                return _reply("\n\n".join(_status_text(r) for r in rows) or "ยังไม่มีประกาศ")
            if command == "broadcast_status":
                return _reply(_status_text(await lifecycle.status_of(session, rest)))
            if command in {"broadcast_cancel", "broadcast_pause", "broadcast_resume"}:
                if command == "broadcast_cancel":
                    await lifecycle.cancel(session, rest, now)
                elif command == "broadcast_pause":
                    await lifecycle.pause(session, rest)
                else:
                    await lifecycle.resume(session, rest)
                await session.commit()
                return _reply(_status_text(await lifecycle.status_of(session, rest)))
            parts = [p.strip() for p in rest.split("|")]
            if not parts[0]:
                return _reply(USAGE)
            content, audience, when = _compose(command, parts, now)
            if command == "broadcast" and len(parts) > 4 and parts[4]:
                body, kind = await fetch_image(parts[4])
                token = await store_media(
                    session, body=body, content_type=kind, now=now, days=KEEP_DAYS
                )
                content["image_url"] = media_path(token)
            broadcast, selection = await lifecycle.create_broadcast(
                session,
                content=content,
                audience=audience,
                at=when,
                now=now,
                channels=set(ctx.services.channels),
                author=f"person:{viewer.person_id}",
                author_person_id=viewer.person_id,
                draft=True,
            )
            await session.commit()
            return _preview(broadcast, selection)
        except (
            AudienceError,
            ComposeError,
            DateError,
            ImageError,
            lifecycle.BroadcastError,
        ) as error:
            composing = bool(re.match(r"^/broadcast(_survey)?(?:@\w+)?(\s|$)", ctx.text))
            return _reply(f"ทำไม่ได้: {error}" + (f"\n\n{USAGE}" if composing else ""))
