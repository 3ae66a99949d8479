"""BCP campaigns and submissions managed in chat.

Admins: ``/campaign ชื่อรอบ | วันที่ [| จังหวัด, จังหวัด]`` opens a campaign (B.E. or C.E.,
Thai digits and month names welcome; a bad date is refused with the reason),
``/campaigns`` lists them, ``/campaign_close ID`` closes one. Coordinators (for their
province or ministry) and admins: ``/bcp_confirm CODE`` and ``/bcp_reopen CODE`` set an
agency's status in the open campaigns that cover it. Every change is recorded.
"""

from __future__ import annotations

import re

from bcp.campaigns import (
    CampaignError,
    close_campaign,
    covers,
    create_campaign,
    list_campaigns,
    make_scope,
)
from bcp.dates import DateError, parse_moment, thai_date
from bcp.submissions import record
from bot import access
from bot.accounts import viewer_for
from bot.context import Context
from bot.messages import Outcome, Reply
from db.tables import Agency

COMMAND = re.compile(
    r"^/(campaign|campaigns|campaign_close|bcp_confirm|bcp_reopen)(?:@\w+)?(?:\s+(.*))?$", re.DOTALL
)


def is_bcp_admin(ctx: Context) -> bool:
    """One of the campaign or submission commands."""
    return bool(COMMAND.match(ctx.text))


def _reply(text: str) -> Outcome:
    return Outcome("bcp_admin", [Reply(text)])


async def answer_bcp_admin(ctx: Context) -> Outcome:
    """Run the command if the asker may."""
    command, rest = COMMAND.match(ctx.text).groups()
    rest = (rest or "").strip()
    if ctx.services.sessions is None:
        return _reply("คำสั่งนี้ใช้ได้ในแชต LINE, Telegram หรือหน้าเว็บที่ผูกบัญชีแล้ว")
    now = ctx.services.clock.now()
    async with ctx.services.sessions() as session:
        viewer = await viewer_for(session, channel=ctx.inbound.channel, user_id=ctx.inbound.user_id)
        if command in {"bcp_confirm", "bcp_reopen"}:
            return await _submission(session, viewer, command, rest, now)
        if not viewer.is_admin:
            return _reply("คำสั่งนี้สำหรับผู้ดูแลระบบเท่านั้น")
        if command == "campaigns":
            campaigns = await list_campaigns(session)
            lines = [f"{c.id} [{c.status}] {c.name} · {thai_date(c.deadline)}" for c in campaigns]
            return _reply("\n".join(lines) or "ยังไม่มีรอบการส่งแผน")
        if command == "campaign_close":
            try:
                campaign = await close_campaign(session, campaign_id=rest, now=now)
            except CampaignError as error:
                return _reply(f"ปิดรอบไม่ได้: {error}")
            await session.commit()
            return _reply(f"ปิดรอบ {campaign.name} แล้ว")
        parts = [p.strip() for p in rest.split("|")]
        if len(parts) < 2 or not parts[0]:
            return _reply(
                "รูปแบบ: /campaign ชื่อรอบ | วันที่กำหนดส่ง [| จังหวัด, จังหวัด]\n"
                "เช่น /campaign ทบทวนแผน BCP 2570 | 30 มิถุนายน 2570"
            )
        try:
            deadline = parse_moment(parts[1])
            provinces = (
                [p.strip() for p in parts[2].split(",") if p.strip()] if len(parts) > 2 else []
            )
            scope = make_scope(provinces=provinces)
        except (DateError, CampaignError) as error:
            return _reply(f"เปิดรอบไม่ได้: {error}")
        if deadline <= now:
            return _reply(f"เปิดรอบไม่ได้: กำหนดส่ง {thai_date(deadline)} ผ่านไปแล้ว")
        campaign = await create_campaign(
            session, name=parts[0], deadline=deadline, scope=scope, now=now
        )
        await session.commit()
    where = f" ({', '.join(scope.provinces)})" if scope.provinces else " (ทุกหน่วยงาน)"
    return _reply(
        f"เปิดรอบ {campaign.name}{where} กำหนดส่ง {thai_date(deadline)} แล้ว\nรหัสรอบ: {campaign.id}"
    )


async def _submission(session, viewer: access.Viewer, command: str, code: str, now) -> Outcome:
    agency = await session.get(Agency, code.strip().upper()) if code.strip() else None
    scope = access.AgencyScope(agency.code, agency.province, agency.ministry) if agency else None
    allowed = agency is not None and (
        viewer.is_admin or (viewer.grants_of("coordinator") and access.can_view(viewer, scope))
    )
    if not allowed:
        return _reply("ไม่พบหน่วยงานนั้น หรือบัญชีนี้ไม่มีสิทธิ์ยืนยันการส่งแผนของหน่วยงานนั้น")
    campaigns = [c for c in await list_campaigns(session, open_only=True) if covers(c, agency)]
    if not campaigns:
        return _reply(f"ไม่มีรอบการส่งแผนที่เปิดอยู่สำหรับ {agency.name_th}")
    action = "confirmed" if command == "bcp_confirm" else "reopened"
    for campaign in campaigns:
        await record(
            session,
            campaign_id=campaign.id,
            agency_code=agency.code,
            action=action,
            by=f"person:{viewer.person_id}",
            now=now,
        )
    await session.commit()
    verb = "ยืนยันการส่งแผนของ" if action == "confirmed" else "เปิดให้ส่งแผนใหม่สำหรับ"
    return _reply(f"{verb} {agency.name_th} แล้ว ({', '.join(c.name for c in campaigns)})")
