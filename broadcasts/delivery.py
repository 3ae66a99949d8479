"""Starting due broadcasts and closing finished ones, run by the app's scheduler loop.

Starting is one transaction: the state moves scheduled → sending (compare-and-set, so one
replica wins), the audience is selected at that moment and every message is written to the
outbox (LINE multicasts of 500, one Telegram row per chat, each row keyed so the fan-out
cannot be queued twice). The outbox worker then sends at the platforms' pace. A broadcast
whose rows are all settled becomes ``done``, and its author gets a summary in chat.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Reply
from broadcasts.audience import Audience, AudienceError, select_audience
from broadcasts.compose import replies_for
from broadcasts.lifecycle import delivery_counts, move
from db.outbox import enqueue, insert_rows, outbox_rows
from db.tables import Broadcast, ChatAccount, OutboxMessage

log = logging.getLogger("dgbot.broadcasts")
SKIP_NAMES = {"muted": "ปิดการแจ้งเตือน", "inactive": "บล็อก/เลิกติดตาม", "unreachable": "ไม่มีช่องทาง"}


async def start_due(session: AsyncSession, now: datetime, channels: set[str]) -> list[str]:
    """Start every scheduled broadcast whose time has come; returns their ids. Commits."""
    due = list(
        await session.scalars(
            select(Broadcast.id).where(
                Broadcast.state == "scheduled", Broadcast.scheduled_at <= now
            )
        )
    )
    started = []
    for broadcast_id in due:
        if not await move(session, broadcast_id, ("scheduled",), "sending", started_at=now):
            await session.rollback()  # another replica started it
            continue
        broadcast = await session.get(Broadcast, broadcast_id, populate_existing=True)
        try:
            selection = await select_audience(
                session, Audience.from_data(broadcast.audience), channels
            )
        except AudienceError as error:  # e.g. the directory changed since it was composed
            await _call_off(session, broadcast, str(error), now, channels)
            continue
        replies = replies_for(broadcast.content)
        rows = []
        for channel, ids in selection.accounts.items():
            rows += outbox_rows(
                channel=channel,
                recipients=ids,
                replies=replies,
                source=f"broadcast:{broadcast.id}",
                now=now,
                dedupe_prefix=f"bc:{broadcast.id}",
                broadcast_id=broadcast.id,
            )
        await insert_rows(session, rows)
        broadcast.recipients = selection.recipients
        broadcast.skipped = dict(selection.skipped)
        if not rows:
            broadcast.state, broadcast.finished_at = "done", now
        await session.commit()
        log.info(
            "broadcast %s started: %s recipient(s) %s, %s left out",
            broadcast.id,
            selection.recipients,
            selection.per_channel(),
            sum(selection.skipped.values()),
        )
        started.append(broadcast.id)
    return started


async def _call_off(
    session: AsyncSession, broadcast: Broadcast, reason: str, now: datetime, channels: set[str]
) -> None:
    """A broadcast whose audience can no longer be selected: cancelled, author told."""
    broadcast.state, broadcast.finished_at = "cancelled", now
    log.warning("broadcast %s cancelled at its start: %s", broadcast.id, reason)
    text = f"ยกเลิกประกาศ {broadcast.id} ตอนเริ่มส่ง: กลุ่มเป้าหมายใช้ไม่ได้แล้ว ({reason})"
    await _tell_author(session, broadcast, Reply(text), "cancelled", now, channels)
    await session.commit()


async def _tell_author(
    session: AsyncSession,
    broadcast: Broadcast,
    reply: Reply,
    kind: str,
    now: datetime,
    channels: set[str],
) -> None:
    if broadcast.author_person_id is None:
        return
    accounts = await session.scalars(
        select(ChatAccount).where(
            ChatAccount.person_id == broadcast.author_person_id,
            ChatAccount.active.is_(True),
            ChatAccount.channel.in_(channels),
        )
    )
    for account in accounts:
        await enqueue(
            session,
            channel=account.channel,
            recipients=[account.platform_user_id],
            replies=[reply],
            source=f"broadcast-{kind}:{broadcast.id}",
            now=now,
            dedupe_key=f"bc:{broadcast.id}:{kind}:{account.channel}:{account.platform_user_id}",
        )


def summary_reply(broadcast: Broadcast, counts: dict) -> Reply:
    """What the author is told when a broadcast ends."""
    lines = [
        f"ส่งถึง {counts['sent']:,} จาก {broadcast.recipients:,} คน",
        f"ไม่สำเร็จ {counts['failed']:,}",
    ]
    for reason, n in sorted(counts["failure_reasons"].items(), key=lambda kv: -kv[1]):
        lines.append(f"  • {reason}: {n:,}")
    lines.append(f"บล็อกบอตแล้ว {counts['blocked']:,}")
    skipped = sum(broadcast.skipped.values())
    detail = ", ".join(f"{SKIP_NAMES.get(k, k)} {v:,}" for k, v in broadcast.skipped.items() if v)
    lines.append(f"ไม่ได้ส่ง {skipped:,}" + (f" ({detail})" if detail else ""))
    return Reply(
        "\n".join(lines), title=f"สรุปการส่งประกาศ {broadcast.id}: {broadcast.content['title']}"
    )


async def finish_done(session: AsyncSession, now: datetime, channels: set[str]) -> list[str]:
    """Close sending broadcasts with nothing left to send and queue their authors' summary.
    Returns the ids closed. Commits."""
    sending = list(await session.scalars(select(Broadcast.id).where(Broadcast.state == "sending")))
    if not sending:
        return []
    busy = set(
        await session.scalars(
            select(OutboxMessage.broadcast_id)
            .where(
                OutboxMessage.broadcast_id.in_(sending),
                OutboxMessage.status.in_(("pending", "sending")),
            )
            .group_by(OutboxMessage.broadcast_id)
        )
    )
    closed = []
    for broadcast_id in sending:
        if broadcast_id in busy:
            continue
        if not await move(session, broadcast_id, ("sending",), "done", finished_at=now):
            await session.rollback()
            continue
        broadcast = await session.get(Broadcast, broadcast_id, populate_existing=True)
        counts = await delivery_counts(session, broadcast_id)
        await _tell_author(
            session, broadcast, summary_reply(broadcast, counts), "summary", now, channels
        )
        await session.commit()
        log.info("broadcast %s done: %s", broadcast_id, {k: v for k, v in counts.items() if v})
        closed.append(broadcast_id)
    return closed
