"""A broadcast's life: draft → scheduled → sending ⇄ paused → done, or cancelled.

Every change of state is a compare-and-set (``UPDATE … WHERE state IN (…)``), so two admins,
two replicas or a retried command cannot start, pause or cancel a broadcast twice. A
scheduled broadcast can be cancelled until it starts; once sending it can be paused (rows
already being sent finish; the rest wait) and resumed, or, while paused, cancelled (the rows
not sent are closed as ``cancelled``).
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from broadcasts.audience import Audience, Selection, select_audience
from db.tables import Broadcast, OutboxMessage


class BroadcastError(ValueError):
    """A broadcast that cannot be found or changed as asked, with the reason."""


async def create_broadcast(
    session: AsyncSession,
    *,
    content: dict,
    audience: Audience,
    at: datetime,
    now: datetime,
    channels: set[str],
    author: str,
    author_person_id: int | None = None,
    draft: bool = False,
) -> tuple[Broadcast, Selection]:
    """A new broadcast (not committed) and its preview selection."""
    selection = await select_audience(session, audience, channels)
    broadcast = Broadcast(
        id=uuid.uuid4().hex[:12],
        author=author[:64],
        author_person_id=author_person_id,
        content=content,
        audience=audience.to_data(),
        state="draft" if draft else "scheduled",
        scheduled_at=at,
        recipients=selection.recipients,
        skipped=dict(selection.skipped),
        created_at=now,
    )
    session.add(broadcast)
    await session.flush()
    return broadcast, selection


async def get_broadcast(session: AsyncSession, broadcast_id: str) -> Broadcast:
    """The broadcast, or a clear error."""
    found = await session.get(Broadcast, broadcast_id.strip(), populate_existing=True)
    if found is None:
        raise BroadcastError(f"no broadcast {broadcast_id.strip()}")
    return found


async def move(
    session: AsyncSession, broadcast_id: str, from_states: tuple[str, ...], to: str, **values
) -> bool:
    """Compare-and-set the state; True when this call made the change (not committed)."""
    result = await session.execute(
        update(Broadcast)
        .where(Broadcast.id == broadcast_id, Broadcast.state.in_(from_states))
        .values(state=to, **values)
    )
    return result.rowcount == 1


async def _change(
    session: AsyncSession, broadcast_id: str, from_states: tuple[str, ...], to: str, why: str
) -> Broadcast:
    broadcast = await get_broadcast(session, broadcast_id)
    if not await move(session, broadcast.id, from_states, to):
        current = (await get_broadcast(session, broadcast.id)).state
        raise BroadcastError(f"broadcast {broadcast.id} is {current}: {why}")
    return await get_broadcast(session, broadcast.id)


async def confirm(session: AsyncSession, broadcast_id: str, now: datetime) -> Broadcast:
    """A previewed draft becomes scheduled (at once if its time has passed meanwhile)."""
    broadcast = await _change(
        session, broadcast_id, ("draft",), "scheduled", "only a draft can be confirmed"
    )
    broadcast.scheduled_at = max(broadcast.scheduled_at, now)
    return broadcast


async def cancel(session: AsyncSession, broadcast_id: str, now: datetime) -> Broadcast:
    """Cancel a draft, a scheduled or a paused broadcast (not one that is sending)."""
    broadcast = await _change(
        session,
        broadcast_id,
        ("draft", "scheduled", "paused"),
        "cancelled",
        "it has started; pause it first",
    )
    broadcast.finished_at = now
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.broadcast_id == broadcast.id, OutboxMessage.status == "pending")
        .values(status="cancelled", last_error="broadcast cancelled")
    )
    return broadcast


async def pause(session: AsyncSession, broadcast_id: str) -> Broadcast:
    """Stop sending the rest of a broadcast that has started."""
    return await _change(
        session, broadcast_id, ("sending",), "paused", "only a broadcast that is sending pauses"
    )


async def resume(session: AsyncSession, broadcast_id: str) -> Broadcast:
    """Carry on sending a paused broadcast."""
    return await _change(session, broadcast_id, ("paused",), "sending", "it is not paused")


async def list_broadcasts(session: AsyncSession, limit: int = 20) -> list[Broadcast]:
    """The newest broadcasts (drafts left out)."""
    return list(
        await session.scalars(
            select(Broadcast)
            .where(Broadcast.state != "draft")
            .order_by(Broadcast.created_at.desc())
            .limit(limit)
        )
    )


def reason_of(error: str | None) -> str:
    """A short failure reason for reports (the error's first clause)."""
    return (error or "unknown").split(";")[0].split(":")[0].strip()[:60] or "unknown"


async def delivery_counts(session: AsyncSession, broadcast_id: str) -> dict:
    """Recipients reached so far: sent, failed (with reasons), blocked, waiting, cancelled."""
    counts: Counter = Counter()
    reasons: Counter = Counter()
    rows = await session.execute(
        select(OutboxMessage.status, OutboxMessage.recipients, OutboxMessage.last_error).where(
            OutboxMessage.broadcast_id == broadcast_id
        )
    )
    for status, recipients, error in rows:
        n = len(recipients)
        key = "waiting" if status in ("pending", "sending") else status
        counts[key] += n
        if status == "failed":
            reasons[reason_of(error)] += n
    return {
        "sent": counts["sent"],
        "failed": counts["failed"],
        "blocked": counts["blocked"],
        "waiting": counts["waiting"],
        "cancelled": counts["cancelled"],
        "failure_reasons": dict(reasons),
    }


async def status_of(session: AsyncSession, broadcast_id: str) -> dict:
    """The status report (the ``dgbot broadcast status --json`` contract, plus details)."""
    broadcast = await get_broadcast(session, broadcast_id)
    counts = await delivery_counts(session, broadcast.id)
    return {
        "id": broadcast.id,
        "state": broadcast.state,
        "recipients": broadcast.recipients,
        "sent": counts["sent"],
        "failed": counts["failed"],
        "blocked": counts["blocked"],
        "skipped": sum(broadcast.skipped.values()),
        "skipped_reasons": dict(broadcast.skipped),
        "failure_reasons": counts["failure_reasons"],
        "waiting": counts["waiting"],
        "cancelled": counts["cancelled"],
        "scheduled_at": broadcast.scheduled_at.isoformat(),
        "title": broadcast.content.get("title"),
    }
