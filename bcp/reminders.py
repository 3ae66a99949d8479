"""Who gets which BCP reminder or digest at a given moment, and queueing them exactly once.

Reminders go to the linked, active, unmuted officers of agencies in a campaign's scope that
have not sent; digests to coordinators of provinces (or ministries) with agencies in scope.
Each message has the key ``bcp:<campaign>:<kind>:<day>:<channel>:<user>``, used as the outbox's
unique ``dedupe_key``: a restart, a second pass or a second replica queues nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bcp.campaigns import covers, list_campaigns
from bcp.categories import category_of, plan_file_emails
from bcp.dates import BANGKOK, thai_date
from bcp.schedule import Occurrence, due_today
from bcp.submissions import sent_agencies
from bot.messages import Button, Reply
from db.outbox import enqueue
from db.tables import Agency, BcpCampaign, ChatAccount, RoleGrant
from knowledge.bcp_models import BcpGuide


@dataclass(frozen=True)
class DueMessage:
    """One reminder or digest for one chat account."""

    campaign: str
    kind: str  # reminder | overdue | digest
    agency_code: str | None
    channel: str
    user_id: str
    reply: Reply
    key: str

    @property
    def recipient(self) -> str:
        """``channel:user id``."""
        return f"{self.channel}:{self.user_id}"


def _days_text(deadline: datetime, now: datetime) -> str:
    days = (deadline.astimezone(BANGKOK).date() - now.astimezone(BANGKOK).date()).days
    if days > 0:
        return f"เหลืออีก {days} วัน"
    return "ครบกำหนดวันนี้" if days == 0 else f"เลยกำหนดมาแล้ว {-days} วัน"


def reminder_reply(campaign: BcpCampaign, agency: Agency, guide: BcpGuide, now: datetime) -> Reply:
    """The reminder an officer sees, with the "sent" button."""
    route = next((r for r in guide.routing if r.category == category_of(agency)), None)
    emails = ", ".join(plan_file_emails(guide, route))
    lines = [
        f"{agency.name_th} ยังไม่ได้ส่งแผน BCP",
        f"กำหนดส่ง {thai_date(campaign.deadline)} ({_days_text(campaign.deadline, now)})",
        f"สิ่งที่ต้องส่ง: แผนดำเนินธุรกิจอย่างต่อเนื่อง {len(guide.components)} องค์ประกอบ "
        f"({' / '.join(guide.file_forms)})",
    ]
    if route is not None:
        lines.append(
            f"ส่งถึง: {route.send_to_th}"
            + (f" สำเนาถึง {route.copy_to_th}" if route.copy_to_th else "")
        )
    if emails:
        lines.append(f"อีเมลส่งไฟล์แผน: {emails}")
    lines.append('ส่งแล้วกดปุ่ม "ส่งแผนแล้ว" เพื่อหยุดการแจ้งเตือน')
    buttons = (
        Button("ส่งแผนแล้ว", f"bcpsent:{campaign.id}"),
        Button("ต้องมีอะไรบ้าง", "bcp:components"),
    )
    return Reply("\n".join(lines), title=f"แจ้งเตือน BCP: {campaign.name}", buttons=buttons)


def digest_reply(
    campaign: BcpCampaign, scope_name: str, members: list[Agency], sent: set[str], now: datetime
) -> Reply:
    """A coordinator's digest: sent / total and who is still missing."""
    missing = [a for a in members if a.code not in sent]
    lines = [
        f"{scope_name}: ส่งแล้ว {len(members) - len(missing)}/{len(members)} หน่วยงาน",
        f"กำหนดส่ง {thai_date(campaign.deadline)} ({_days_text(campaign.deadline, now)})",
    ]
    if missing:
        lines += ["", "ยังไม่ส่ง:"] + [f"• {a.code} {a.name_th}" for a in missing]
    return Reply("\n".join(lines), title=f"สรุป BCP: {campaign.name}")


async def _accounts(session: AsyncSession, person_ids: set[int]) -> dict[int, list[ChatAccount]]:
    if not person_ids:
        return {}
    rows = await session.scalars(
        select(ChatAccount).where(
            ChatAccount.person_id.in_(person_ids),
            ChatAccount.active.is_(True),
            ChatAccount.muted.is_(False),
        )
    )
    found: dict[int, list[ChatAccount]] = {}
    for account in rows:
        found.setdefault(account.person_id, []).append(account)
    return found


def _key(campaign: BcpCampaign, occurrence: Occurrence, account: ChatAccount) -> str:
    day = occurrence.day.isoformat()
    return f"bcp:{campaign.id}:{occurrence.kind}:{day}:{account.channel}:{account.platform_user_id}"


async def due_messages(session: AsyncSession, guide: BcpGuide, now: datetime) -> list[DueMessage]:
    """Everything due at ``now`` (nothing is sent or queued)."""
    out: list[DueMessage] = []
    due = []
    for campaign in await list_campaigns(session, open_only=True):
        occurrences = due_today(
            opened=campaign.created_at,
            deadline=campaign.deadline,
            now=now,
            plan=campaign.reminder_plan,
        )
        if occurrences:
            due.append((campaign, occurrences))
    if not due:  # the usual case, once a minute: no directory or people to load
        return out
    agencies = list(await session.scalars(select(Agency)))
    grants = list(
        await session.scalars(
            select(RoleGrant).where(RoleGrant.role.in_(("officer", "coordinator")))
        )
    )
    accounts = await _accounts(session, {g.person_id for g in grants})
    for campaign, occurrences in due:
        members = [a for a in agencies if covers(campaign, a)]
        by_code = {a.code: a for a in members}
        sent = await sent_agencies(session, campaign.id)
        for occurrence in occurrences:
            if occurrence.kind in ("reminder", "overdue"):
                for grant in grants:
                    agency = by_code.get(grant.agency_code or "")
                    if grant.role != "officer" or agency is None or agency.code in sent:
                        continue
                    for account in accounts.get(grant.person_id, []):
                        out.append(
                            DueMessage(
                                campaign.id,
                                occurrence.kind,
                                agency.code,
                                account.channel,
                                account.platform_user_id,
                                reminder_reply(campaign, agency, guide, now),
                                _key(campaign, occurrence, account),
                            )
                        )
            else:
                for grant in grants:
                    if grant.role != "coordinator":
                        continue
                    mine = [
                        a
                        for a in members
                        if (grant.province and a.province == grant.province)
                        or (grant.ministry and a.ministry == grant.ministry)
                    ]
                    if not mine:
                        continue
                    scope_name = f"จังหวัด{grant.province}" if grant.province else grant.ministry
                    for account in accounts.get(grant.person_id, []):
                        out.append(
                            DueMessage(
                                campaign.id,
                                "digest",
                                None,
                                account.channel,
                                account.platform_user_id,
                                digest_reply(campaign, scope_name, mine, sent, now),
                                _key(campaign, occurrence, account),
                            )
                        )
    return out


async def queue_due(session: AsyncSession, guide: BcpGuide, now: datetime) -> int:
    """Queue everything due into the outbox (unique keys make repeats no-ops). Commits."""
    queued = 0
    for message in await due_messages(session, guide, now):
        rows = await enqueue(
            session,
            channel=message.channel,
            recipients=[message.user_id],
            replies=[message.reply],
            source=f"bcp:{message.kind}",
            now=now,
            dedupe_key=message.key,
        )
        queued += len(rows)
    await session.commit()
    return queued
