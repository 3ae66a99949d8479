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

from sqlalchemy import Row, Select, Update, delete, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import async_sessionmaker

from app.inbound_writer import EventWriter
from app.writes import Writer
from bot.clock import Clock
from bot.core import Bot
from db.inbound import NewEvent
from db.outbox import enqueue
from db.tables import InboundEvent
from webhooks.channel import ChannelAdapter, EventEnvelope

log = logging.getLogger("dgbot.inbound")
LEASE = timedelta(seconds=120)
SWEEP_AFTER = timedelta(seconds=10)
KEEP_KEYS = timedelta(days=7)  # LINE redelivers for a while; keys older than this are pruned


def _waiting(now: datetime, received_before: datetime | None, limit: int) -> Select:
    """Ids of the oldest events to handle: pending (received before ``received_before``, if
    given) or whose handler's lease has run out."""
    pending = InboundEvent.status == "pending"
    if received_before is not None:
        pending = pending & (InboundEvent.received_at < received_before)
    return (
        select(InboundEvent.id)
        .where(
            or_(pending, (InboundEvent.status == "processing") & (InboundEvent.claimed_until < now))
        )
        .order_by(InboundEvent.id)
        .limit(limit)
    )


def _claim(connection: Connection, event_ids: list[int], now: datetime) -> list[Row]:
    """Claim the events that are pending, or whose handler's lease ran out: (id, channel,
    payload, attempts) of each; those another handler has, or that are done, are left out."""
    return connection.execute(
        update(InboundEvent)
        .where(
            InboundEvent.id.in_(event_ids),
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
            InboundEvent.id, InboundEvent.channel, InboundEvent.payload, InboundEvent.attempts
        )
    ).all()


def _event(row: Row) -> InboundEvent:
    return InboundEvent(id=row.id, channel=row.channel, payload=row.payload, attempts=row.attempts)


def _done(event_id: int) -> Update:
    """Mark an event handled; only its key is kept."""
    return (
        update(InboundEvent)
        .where(InboundEvent.id == event_id)
        .values(status="done", payload={}, claimed_until=None)
    )


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
        inline: bool = True,
        *,
        writer: Writer,
    ) -> None:
        self.sessions = sessions
        self.writer = writer  # claims and completions: short transactions (app.writes)
        self.events = EventWriter(writer, clock)
        self.inline = inline  # handle in this process right after acknowledging
        self.bot = bot
        self.channels = channels
        self.clock = clock
        self.metrics = metrics
        self.concurrency = concurrency
        self._queue: asyncio.Queue[int] = asyncio.Queue()
        self._tasks: set[asyncio.Task] = set()

    async def store(self, channel: str, envelopes: list[EventEnvelope]) -> list[int]:
        """Insert new events and commit (grouped with concurrent requests, see
        :class:`EventWriter`); duplicates (same key, stored before or repeated) are skipped.
        Returns the new row ids."""
        events = [NewEvent(channel, envelope.key, envelope.payload) for envelope in envelopes]
        inserted = await self.events.insert(events)
        duplicates = len(events) - len(inserted)
        if duplicates:
            log.info("%s: %d event(s) already received: skipped", channel, duplicates)
            if self.metrics is not None:
                self.metrics.webhook_events.labels(channel, "duplicate").inc(duplicates)
        return inserted

    def schedule(self, event_ids: list[int]) -> None:
        """Queue events for the background handlers (the webhook has already been answered).

        A few handlers work through the queue, so a burst of webhooks is acknowledged at
        once and handled as fast as the bot can, without starving the acknowledgements.
        Without ``inline`` (the web role) this does nothing: a worker process polls for the
        stored events (:meth:`handle_pending`)."""
        if self.inline:
            self._enqueue(event_ids)

    async def handle_pending(self, limit: int = 64) -> int:
        """Handle the oldest events waiting to be handled, at once (the worker role's loop),
        ``concurrency`` at a time, each group claimed in one transaction; returns how many
        were found."""
        now = self.clock.now()
        async with self.sessions() as session:
            waiting = list(await session.scalars(_waiting(now, None, limit)))
        for start in range(0, len(waiting), self.concurrency):
            group = waiting[start : start + self.concurrency]
            claimed = await self.writer.run(_claim, group, self.clock.now())
            await asyncio.gather(*[self.process(row.id, _event(row)) for row in claimed])
        return len(waiting)

    def _enqueue(self, event_ids: list[int]) -> None:
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

    async def close(self) -> None:
        """Finish the events in hand and release the writer (shutdown)."""
        await self.drain()
        await self.events.close()

    async def process(self, event_id: int, claimed: InboundEvent | None = None) -> None:
        """Handle one stored event once: claim it (unless ``claimed`` already), translate,
        ask the core, answer, mark done."""
        started = time.perf_counter()
        event = claimed
        if event is None:
            rows = await self.writer.run(_claim, [event_id], self.clock.now())
            if not rows:
                return  # another handler has it, or it is done
            event = _event(rows[0])
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
            if incoming is not None and later:
                async with self.sessions() as session, session.begin():  # both or neither
                    await enqueue(
                        session,
                        channel=event.channel,
                        recipients=[incoming.inbound.user_id],
                        replies=later,
                        source="reply",
                        now=self.clock.now(),
                    )
                    await session.execute(_done(event_id))
            else:
                await self.writer.run(lambda connection: connection.execute(_done(event_id)))
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
        async with self.sessions() as session:
            stale = list(await session.scalars(_waiting(now, now - SWEEP_AFTER, 100)))
        await self.writer.run(_prune, now - KEEP_KEYS)
        for event_id in stale:
            await self.process(event_id)
        return len(stale)


def _prune(connection: Connection, received_before: datetime) -> None:
    connection.execute(
        delete(InboundEvent).where(
            InboundEvent.status == "done", InboundEvent.received_at < received_before
        )
    )
