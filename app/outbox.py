"""The outbox: every message sent later (pushes, reminders, broadcasts) is a row here, written
in the same transaction as the change that causes it, and sent by :class:`OutboxWorker`.

Claiming: on PostgreSQL, due rows are locked with ``FOR UPDATE SKIP LOCKED`` and leased, so
several replicas never send the same row at once; a replica that dies mid-send leaves a lease
that expires and another one retries with the same LINE retry key (LINE answers 409: sent).
On SQLite the worker runs in one process. Faults: 429 waits for the platform's retry time,
5xx and timeouts back off exponentially, a blocked recipient marks the account inactive.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.clock import Clock
from bot.messages import Reply
from db.tables import ChatAccount, OutboxMessage
from webhooks.channel import ChannelAdapter, SendResult

log = logging.getLogger("dgbot.outbox")
LEASE = timedelta(seconds=60)
MAX_ATTEMPTS = 8
BACKOFF_CAP = 600.0


def backoff(attempts: int) -> float:
    """Seconds before the next try after ``attempts`` failures: 2, 4, 8 ... capped at 10 min."""
    return min(BACKOFF_CAP, 2.0**attempts)


class OutboxWorker:
    """Sends due outbox rows through the channel adapters."""

    def __init__(
        self,
        sessions: async_sessionmaker,
        channels: dict[str, ChannelAdapter],
        clock: Clock,
        *,
        batch: int = 50,
        metrics=None,
    ) -> None:
        self.sessions = sessions
        self.channels = channels
        self.clock = clock
        self.batch = batch
        self.metrics = metrics

    async def _claim(self) -> list[OutboxMessage]:
        now = self.clock.now()
        async with self.sessions() as session, session.begin():
            query = (
                select(OutboxMessage)
                .where(
                    OutboxMessage.status.in_(("pending", "sending")),
                    OutboxMessage.channel.in_(list(self.channels)),
                    OutboxMessage.next_attempt_at <= now,
                    or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
                )
                .order_by(OutboxMessage.id)
                .limit(self.batch)
            )
            if session.bind.dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            rows = list(await session.scalars(query))
            for row in rows:
                row.status = "sending"
                row.claimed_until = now + LEASE
            return rows

    async def run_once(self) -> int:
        """Claim due rows and send them; returns how many were attempted."""
        rows = await self._claim()
        for row in rows:
            adapter = self.channels[row.channel]
            replies = [Reply.from_data(data) for data in row.payload]
            try:
                result = await adapter.send(list(row.recipients), replies, row.retry_key)
            except Exception as error:  # an adapter bug must not kill the worker: retry later
                log.exception("outbox row %s: unexpected send error", row.id)
                result = SendResult("retry", None, f"unexpected: {type(error).__name__}")
            await self._record(row.id, result)
        return len(rows)

    async def _record(self, row_id: int, result: SendResult) -> None:
        now = self.clock.now()
        async with self.sessions() as session, session.begin():
            row = await session.get(OutboxMessage, row_id)
            if row is None:  # deleted meanwhile (/forget)
                return
            row.claimed_until = None
            row.last_error = result.error
            if result.blocked:
                await session.execute(
                    update(ChatAccount)
                    .where(
                        ChatAccount.channel == row.channel,
                        ChatAccount.platform_user_id.in_(result.blocked),
                    )
                    .values(active=False)
                )
            if result.status in {"sent", "blocked"}:
                row.status = result.status
                row.sent_at = now
            elif result.status == "retry" and row.attempts + 1 < MAX_ATTEMPTS:
                row.attempts += 1
                row.status = "pending"
                delay = (
                    result.retry_after if result.retry_after is not None else backoff(row.attempts)
                )
                row.next_attempt_at = now + timedelta(seconds=delay)
            else:
                row.attempts += 1
                row.status = "failed"
            log.info(
                "outbox row %s: %s%s",
                row.id,
                row.status,
                f" ({result.error})" if result.error else "",
            )
            if self.metrics is not None:
                self.metrics.outbox_results.labels(row.channel, row.status).inc()

    async def pending(self) -> int:
        """Rows still to send (for the metrics' outbox depth)."""
        from sqlalchemy import func

        async with self.sessions() as session:
            return await session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.status.in_(("pending", "sending")))
            )
