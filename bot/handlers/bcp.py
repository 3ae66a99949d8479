"""Business Continuity Plan questions, answered from OPDC's guideline (seed 003).

"ต้องมีอะไรบ้าง" gives the eight components, "ส่งที่ไหน" the routing — personal when the
asker is linked to an agency (its BCP category), the whole table otherwise — "ติดต่อ" the
contacts, "ทบทวนอย่างไร" the review steps, "deadline" what the documents say about it.
"""

from __future__ import annotations

import re

from bcp.campaigns import covers, list_campaigns
from bcp.categories import category_of, plan_file_emails
from bcp.dates import BANGKOK, thai_date
from bot.accounts import viewer_for
from bot.context import Context
from bot.messages import Button, Outcome, Reply
from db.tables import Agency
from knowledge.bcp_models import BcpGuide, RoutingEntry
from knowledge.text import normalise

TOPICS = {  # topic: cue words (normalised text)
    "components": r"ต้องมีอะไร|มีอะไรบ้าง|องค์ประกอบ|ประกอบด้วย|หัวข้อ|include|contain|component|what must",
    "where": r"ส่งที่ไหน|ส่งไป|ส่งใคร|ส่งให้|ส่งถึง|ที่ไหน|where|send|submit|who",
    "deadline": r"เมื่อไร|เมื่อไหร่|กำหนดส่ง|ภายในวัน|deadline|due|when",
    "contacts": r"ติดต่อ|สอบถาม|อีเมล|email|e-mail|ไลน์|line|เบอร์|โทร|contact|phone",
    "review": r"ทบทวน|ปรับปรุง|ขั้นตอน|review|steps|update",
    "security": r"ความมั่นคง|ลับ|security|secret|sensitive",
}
BUTTONS = {
    "th": [
        ("ต้องมีอะไรบ้าง", "bcp:components"),
        ("ส่งที่ไหน", "bcp:where"),
        ("ขั้นตอนทบทวน", "bcp:review"),
        ("ติดต่อสอบถาม", "bcp:contacts"),
        ("กำหนดส่ง", "bcp:deadline"),
    ],
    "en": [
        ("What it must contain", "bcp:components"),
        ("Where to send it", "bcp:where"),
        ("Review steps", "bcp:review"),
        ("Contacts", "bcp:contacts"),
        ("Deadline", "bcp:deadline"),
    ],
}
ACTION = re.compile(r"^bcp:(components|where|deadline|contacts|review|security)$")
IN_THAI = {"th": "", "en": "(The official guidance is in Thai.)\n"}


def topic_of(ctx: Context) -> str | None:
    """The BCP topic a message or button asks about (``None``: the overview)."""
    found = ACTION.match(ctx.inbound.action or "")
    if found:
        return found.group(1)
    text = normalise(ctx.text)
    for topic, cues in TOPICS.items():
        if re.search(cues, text):
            return topic
    return None


def _buttons(lang: str) -> tuple[Button, ...]:
    return tuple(Button(label, action) for label, action in BUTTONS.get(lang, BUTTONS["th"]))


def _components(guide: BcpGuide) -> str:
    lines = ["แผนดำเนินธุรกิจอย่างต่อเนื่อง (BCP) ต้องมีองค์ประกอบ 8 ข้อ:"]
    lines += [f"{c.code} {c.name_th}" for c in guide.components]
    lines += ["", "รายละเอียด:"] + [f"{c.code} {c.description_th}" for c in guide.components]
    forms = " / ".join(guide.file_forms)
    lines += ["", f"ส่งเป็นไฟล์: {forms}", "", guide.security_rule_th]
    return "\n".join(lines)


def _route(entry: RoutingEntry) -> str:
    lines = [f"{entry.name_th}: ส่งถึง {entry.send_to_th}"]
    if entry.copy_to_th:
        lines.append(f"  สำเนาถึง {entry.copy_to_th}")
    if entry.consolidated_by_th:
        lines.append(f"  ผู้รวบรวม: {entry.consolidated_by_th}")
    if entry.notes_th:
        lines.append(f"  {entry.notes_th}")
    return "\n".join(lines)


def _plan_files(guide: BcpGuide, route: RoutingEntry | None = None) -> str:
    emails = plan_file_emails(guide, route)
    return "อีเมลสำหรับส่งไฟล์แผน: " + ", ".join(emails) if emails else ""


async def _agency(ctx: Context) -> Agency | None:
    if ctx.services.sessions is None:
        return None
    async with ctx.services.sessions() as session:
        viewer = await viewer_for(session, channel=ctx.inbound.channel, user_id=ctx.inbound.user_id)
        officer = viewer.grants_of("officer")
        return await session.get(Agency, officer[0].agency_code) if officer else None


async def _where(ctx: Context, guide: BcpGuide) -> str:
    agency = await _agency(ctx)
    category = category_of(agency) if agency else None
    entry = next((r for r in guide.routing if r.category == category), None)
    if entry is not None:
        head = f"สำหรับ {agency.name_th} (กลุ่ม: {entry.name_th})"
        return "\n".join([head, _route(entry), "", _plan_files(guide, entry)]).strip()
    lines = ["การส่งแผนแยกตามประเภทหน่วยงาน (ผูกบัญชีกับหน่วยงานเพื่อดูเฉพาะของท่าน):", ""]
    lines += [_route(r) + "\n" for r in guide.routing]
    return "\n".join([*lines, _plan_files(guide)])


def _contacts(guide: BcpGuide) -> str:
    lines = ["ติดต่อ:"]
    for contact in guide.contacts:
        purpose = "ส่งไฟล์แผน" if contact.purpose == "plan_files" else "สอบถาม"
        unit = f" ({contact.name_th})" if contact.name_th else ""
        lines.append(f"• {purpose} {contact.kind}: {contact.value_ascii or contact.value}{unit}")
    return "\n".join(lines)


def _documents_deadline(guide: BcpGuide) -> str:
    return "\n".join(
        [
            f"รอบล่าสุดในเอกสาร: {guide.campaign.name_th}",
            guide.deadline_th or "",
            "",
            "กำหนดส่งข้างต้นเป็นของรอบ พ.ศ. 2563 ตามเอกสารที่ระบบมี สำหรับรอบใหม่ โปรดดูหนังสือแจ้ง"
            ' จากสำนักงาน ก.พ.ร. หรือกระทรวงมหาดไทย หรือสอบถามตามช่องทางติดต่อ (ปุ่ม "ติดต่อสอบถาม")',
        ]
    ).strip()


async def _deadline(ctx: Context, guide: BcpGuide) -> str:
    """Open campaigns (only those covering the asker's agency when linked), else the documents."""
    if ctx.services.sessions is None:
        return _documents_deadline(guide)
    agency = await _agency(ctx)
    async with ctx.services.sessions() as session:
        campaigns = await list_campaigns(session, open_only=True)
    if agency is not None:
        campaigns = [c for c in campaigns if covers(c, agency)]
    if not campaigns:
        return _documents_deadline(guide)
    now = ctx.services.clock.now()
    lines = [f"รอบการส่งแผน BCP ที่เปิดอยู่{' สำหรับ ' + agency.name_th if agency else ''}:"]
    for campaign in sorted(campaigns, key=lambda c: c.deadline):
        days = (campaign.deadline.astimezone(BANGKOK).date() - now.astimezone(BANGKOK).date()).days
        left = f"อีก {days} วัน" if days > 0 else ("วันนี้" if days == 0 else f"เลยกำหนดมา {-days} วัน")
        lines.append(f"• {campaign.name}: ภายใน {thai_date(campaign.deadline)} ({left})")
    return "\n".join(lines)


async def answer_bcp(ctx: Context) -> Outcome:
    """The BCP answer for the topic asked about, with buttons for the others."""
    guide = ctx.services.kb.bcp
    lang = ctx.language
    topic = topic_of(ctx)
    if topic == "components":
        text = _components(guide)
    elif topic == "where":
        text = await _where(ctx, guide)
    elif topic == "contacts":
        text = _contacts(guide)
    elif topic == "deadline":
        text = await _deadline(ctx, guide)
    elif topic == "review":
        text = "\n\n".join(f"{s.code} {s.description_th}" for s in guide.review_steps)
    elif topic == "security":
        text = guide.security_rule_th
    else:
        names = "\n".join(f"{c.code} {c.name_th}" for c in guide.components)
        text = f"{guide.purpose_th}\n\nองค์ประกอบของแผน:\n{names}"
    title = "BCP · แผนดำเนินธุรกิจอย่างต่อเนื่อง" if lang == "th" else "BCP · Business Continuity Plan"
    return Outcome(
        "bcp", [Reply(IN_THAI.get(lang, "") + text, title=title, buttons=_buttons(lang))]
    )


SENT_ACTION = re.compile(r"^bcpsent:([0-9a-f]{12})$")


async def answer_sent(ctx: Context) -> Outcome:
    """An officer's "ส่งแผนแล้ว" on a reminder: mark their agency's plan sent (logged)."""
    from bcp.campaigns import covers as campaign_covers
    from bcp.submissions import record
    from db.tables import BcpCampaign

    campaign_id = SENT_ACTION.match(ctx.inbound.action or "").group(1)
    if ctx.services.sessions is None:
        return Outcome("bcp", [Reply("การบันทึกการส่งแผนต้องทำในแชต LINE, Telegram หรือหน้าเว็บ")])
    async with ctx.services.sessions() as session:
        viewer = await viewer_for(session, channel=ctx.inbound.channel, user_id=ctx.inbound.user_id)
        campaign = await session.get(BcpCampaign, campaign_id)
        officer = viewer.grants_of("officer")
        agency = await session.get(Agency, officer[0].agency_code) if officer else None
        if campaign is None or agency is None or not campaign_covers(campaign, agency):
            return Outcome("bcp", [Reply("บัญชีนี้ไม่ได้เป็นเจ้าหน้าที่ของหน่วยงานในรอบการส่งแผนนี้")])
        if campaign.status != "open":
            return Outcome("bcp", [Reply(f"รอบ {campaign.name} ปิดแล้ว")])
        await record(
            session,
            campaign_id=campaign.id,
            agency_code=agency.code,
            action="sent",
            by=f"person:{viewer.person_id}",
            now=ctx.services.clock.now(),
        )
        await session.commit()
    text = (
        f'บันทึกแล้ว: {agency.name_th} ส่งแผน BCP รอบ "{campaign.name}" แล้ว '
        "จะไม่มีการแจ้งเตือนอีก ผู้ประสานงานจะตรวจยืนยัน"
    )
    return Outcome("bcp", [Reply(text)])
