"""Inbound webhook events, exactly once: store, acknowledge, then handle.

A webhook request is verified by its channel adapter, each event is inserted under a unique
(channel, event key) — LINE's ``webhookEventId``, Telegram's ``update_id`` — and the request
is answered at once. A redelivered or concurrently duplicated event hits the unique key and is
skipped. Handling runs right after, in the background; a process that dies in between leaves
the event ``pending`` and the sweeper picks it up. Handled events keep only their key.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.clock import Clock
from bot.core import Bot
from db.outbox import enqueue
from db.tables import InboundEvent
from webhooks.channel import ChannelAdapter, EventEnvelope

log = logging.getLogger("dgbot.inbound")
LEASE = timedelta(seconds=120)
SWEEP_AFTER = timedelta(seconds=10)
KEEP_KEYS = timedelta(days=7)  # LINE redelivers for a while; keys older than this are pruned


class InboundProcessor:
    """Stores webhook events and hands them to the bot."""

    def __init__(
        self,
        sessions: async_sessionmaker,
        bot: Bot,
        channels: dict[str, ChannelAdapter],
        clock: Clock,
        metrics=None,
        concurrency: int = 4,
    ) -> None:
        self.sessions = sessions
        self.bot = bot
        self.channels = channels
        self.clock = clock
        self.metrics = metrics
        self.concurrency = concurrency
        self._queue: asyncio.Queue[int] = asyncio.Queue()
        self._tasks: set[asyncio.Task] = set()

    async def store(self, channel: str, envelopes: list[EventEnvelope]) -> list[int]:
        """Insert new events; duplicates (same key) are skipped. Returns the new row ids."""
        now = self.clock.now()
        new = []
        for envelope in envelopes:
            try:
                async with self.sessions() as session, session.begin():
                    row = InboundEvent(
                        channel=channel,
                        event_key=envelope.key[:128],
                        payload=envelope.payload,
                        status="pending",
                        attempts=0,
                        received_at=now,
                    )
                    session.add(row)
                new.append(row.id)
            except IntegrityError:
                log.info("%s event already received: skipped", channel)
                if self.metrics is not None:
                    self.metrics.webhook_events.labels(channel, "duplicate").inc()
        return new

    def schedule(self, event_ids: list[int]) -> None:
        """Queue events for the background handlers (the webhook has already been answered).

        A few handlers work through the queue, so a burst of webhooks is acknowledged at
        once and handled as fast as the bot can, without starving the acknowledgements."""
        for event_id in event_ids:
            self._queue.put_nowait(event_id)
        while len(self._tasks) < self.concurrency:
            task = asyncio.create_task(self._consume())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _consume(self) -> None:
        while not self._queue.empty():
            event_id = self._queue.get_nowait()
            try:
                await self.process(event_id)
            finally:
                self._queue.task_done()

    async def drain(self) -> None:
        """Wait until every queued event is handled (shutdown, tests)."""
        await self._queue.join()

    async def _claim(self, event_id: int, now: datetime) -> InboundEvent | None:
        """Take the event for handling (one statement: update ... returning)."""
        async with self.sessions() as session, session.begin():
            claimed = await session.execute(
                update(InboundEvent)
                .where(
                    InboundEvent.id == event_id,
                    or_(
                        InboundEvent.status == "pending",
                        (InboundEvent.status == "processing") & (InboundEvent.claimed_until < now),
                    ),
                )
                .values(
                    status="processing",
                    claimed_until=now + LEASE,
                    attempts=InboundEvent.attempts + 1,
                )
                .returning(
                    InboundEvent.id,
                    InboundEvent.channel,
                    InboundEvent.payload,
                    InboundEvent.attempts,
                )
            )
            row = claimed.first()
        if row is None:
            return None
        return InboundEvent(
            id=row.id, channel=row.channel, payload=row.payload, attempts=row.attempts
        )

    async def process(self, event_id: int) -> None:
        """Handle one stored event once: translate, ask the core, answer, mark done."""
        started = time.perf_counter()
        event = await self._claim(event_id, self.clock.now())
        if event is None:
            return
        adapter = self.channels.get(event.channel)
        result = "ignored"
        try:
            incoming = await adapter.incoming(event.payload) if adapter else None
            later = []
            if incoming is not None:
                outcome = await self.bot.handle(incoming.inbound)
                now_part, later = adapter.fits_reply(outcome.replies)
                if now_part and incoming.reply_handle:
                    sent = await adapter.reply(incoming.reply_handle, now_part)
                    if sent.status != "sent":  # e.g. an expired reply token: push instead
                        later = now_part + later
                elif now_part:
                    later = now_part + later
                result = "handled"
            async with self.sessions() as session, session.begin():
                if incoming is not None and later:
                    await enqueue(
                        session,
                        channel=event.channel,
                        recipients=[incoming.inbound.user_id],
                        replies=later,
                        source="reply",
                        now=self.clock.now(),
                    )
                await session.execute(
                    update(InboundEvent)
                    .where(InboundEvent.id == event_id)
                    .values(status="done", payload={}, claimed_until=None)
                )
        except Exception:
            result = "error"
            log.exception("%s event %s failed", event.channel, event_id)
            async with self.sessions() as session, session.begin():
                status = "failed" if event.attempts >= 3 else "pending"
                await session.execute(
                    update(InboundEvent)
                    .where(InboundEvent.id == event_id)
                    .values(status=status, claimed_until=None)
                )
        if self.metrics is not None:
            self.metrics.webhook_events.labels(event.channel, result).inc()
            self.metrics.handling_seconds.labels(event.channel).observe(
                time.perf_counter() - started
            )

    async def sweep(self) -> int:
        """Handle events left pending by a crash or a failure; prune old handled keys."""
        now = self.clock.now()
        async with self.sessions() as session, session.begin():
            stale = list(
                await session.scalars(
                    select(InboundEvent.id)
                    .where(
                        or_(
                            (InboundEvent.status == "pending")
                            & (InboundEvent.received_at < now - SWEEP_AFTER),
                            (InboundEvent.status == "processing")
                            & (InboundEvent.claimed_until < now),
                        )
                    )
                    .order_by(InboundEvent.id)
                    .limit(100)
                )
            )
            await session.execute(
                delete(InboundEvent).where(
                    InboundEvent.status == "done", InboundEvent.received_at < now - KEEP_KEYS
                )
            )
        for event_id in stale:
            await self.process(event_id)
        return len(stale)
