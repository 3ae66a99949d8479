"""Writing outbox rows: every producer (reply fallbacks, reminders, broadcasts) calls
:func:`enqueue` inside its own transaction; :mod:`app.outbox` sends them."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Reply
from db.tables import OutboxMessage

log = logging.getLogger("dgbot.outbox")
PER_ROW_RECIPIENTS = {"line": 500, "telegram": 1, "web": 1}


async def enqueue(
    session: AsyncSession,
    *,
    channel: str,
    recipients: list[str],
    replies: list[Reply],
    source: str,
    now: datetime,
    dedupe_key: str | None = None,
) -> list[OutboxMessage]:
    """Add rows (not committed: the caller's transaction decides). Recipients are split into
    rows the platform can take in one request (LINE multicast 500; Telegram one chat).
    With ``dedupe_key``, adding the same intent twice adds nothing (checked in a savepoint)."""
    size = PER_ROW_RECIPIENTS.get(channel, 1)
    rows = []
    for start in range(0, len(recipients), size):
        key = dedupe_key if dedupe_key is None or start == 0 else f"{dedupe_key}#{start // size}"
        row = OutboxMessage(
            channel=channel,
            recipients=recipients[start : start + size],
            payload=[r.to_data() for r in replies],
            source=source[:64],
            dedupe_key=key,
            retry_key=str(uuid.uuid4()),
            status="pending",
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
        if key is None:
            session.add(row)
            rows.append(row)
            continue
        try:
            async with session.begin_nested():
                session.add(row)
            rows.append(row)
        except IntegrityError:
            log.info("outbox: %s already queued", key)
    return rows


def outbox_rows(
    *,
    channel: str,
    recipients: list[str],
    replies: list[Reply],
    source: str,
    now: datetime,
    dedupe_prefix: str,
    broadcast_id: str | None = None,
) -> list[dict]:
    """Rows for a large fan-out, to insert in one statement with :func:`insert_rows`: split
    like :func:`enqueue`, each keyed ``<prefix>:<channel>:<first recipient>`` so that the
    same fan-out can never be queued twice (the insert fails as a whole instead)."""
    size = PER_ROW_RECIPIENTS.get(channel, 1)
    payload = [r.to_data() for r in replies]
    return [
        {
            "channel": channel,
            "recipients": recipients[start : start + size],
            "payload": payload,
            "source": source[:64],
            "dedupe_key": f"{dedupe_prefix}:{channel}:{recipients[start]}"[:200],
            "retry_key": str(uuid.uuid4()),
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
            "broadcast_id": broadcast_id,
        }
        for start in range(0, len(recipients), size)
    ]


async def insert_rows(session: AsyncSession, rows: list[dict]) -> None:
    """Insert prepared rows in one executemany (not committed)."""
    if rows:
        await session.execute(insert(OutboxMessage), rows)
