"""The outbox: every message sent later (pushes, reminders, broadcasts) is a row here, written
in the same transaction as the change that causes it, and sent by :class:`OutboxWorker`.

Claiming: on PostgreSQL, due rows are locked with ``FOR UPDATE SKIP LOCKED`` and leased, so
several replicas never send the same row at once. Telegram rows are paced by the shared
:class:`~app.send_rate.SendPace` (30 a second for the whole deployment, not per replica): a
worker claims only the rows it has slots for and sends each at its slot.

Crashes and lost answers: a LINE row whose lease expired, or whose send timed out, is sent
again with the same ``X-Line-Retry-Key`` (LINE answers 409: already sent). Telegram has no
such key. Its reminders and pushes are retried all the same (a rare repeat beats a lost
reminder), but broadcasts promise that nobody gets one twice: a broadcast's Telegram row left
claimed by a dead worker, or whose send got no answer (read timeout), may already have arrived,
so it is not resent but closed as ``failed`` (``interrupted`` / ``no answer``): counted, not
hidden.
Rows of a paused broadcast are not claimed until it resumes.
Faults: 429 waits for the platform's retry time, 5xx and timeouts back off exponentially, a
blocked recipient marks the account inactive.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import async_sessionmaker

from app.send_rate import SendPace
from bot.clock import Clock
from bot.messages import Reply
from db.tables import Broadcast, ChatAccount, OutboxMessage
from webhooks.channel import ChannelAdapter, SendResult

log = logging.getLogger("dgbot.outbox")
LEASE = timedelta(seconds=60)
MAX_ATTEMPTS = 8
BACKOFF_CAP = 600.0
INTERRUPTED = "interrupted: the sender stopped mid-send; not resent, it may have arrived"
NO_ANSWER = "no answer: the send timed out; not resent, it may have arrived"
RESUMABLE = {"line"}
CHECK_EVERY = timedelta(
    seconds=10
)  # how often to look for rows a dead worker left  # channels whose sends carry an idempotency key


def backoff(attempts: int) -> float:
    """Seconds before the next try after ``attempts`` failures: 1, 2, 4 ... capped at 10 min."""
    return min(BACKOFF_CAP, 2.0 ** (attempts - 1))


@dataclass(frozen=True)
class Claimed:
    """A row taken for sending, and when to send it."""

    id: int
    channel: str
    recipients: list[str]
    payload: list[dict]
    retry_key: str
    slot: datetime | None
    cost: int = 1  # platform messages it takes (paced channels)


class OutboxWorker:
    """Sends due outbox rows through the channel adapters.

    ``rates``: messages a second per channel for the whole deployment (e.g. ``{"telegram":
    25}``); channels without a rate are sent ``batch`` rows at a time.
    """

    def __init__(
        self,
        sessions: async_sessionmaker,
        channels: dict[str, ChannelAdapter],
        clock: Clock,
        *,
        batch: int = 50,
        metrics=None,
        rates: dict[str, float] | None = None,
    ) -> None:
        self.sessions = sessions
        self.channels = channels
        self.clock = clock
        self.batch = batch
        self.metrics = metrics
        self.paces = {
            name: SendPace(name, rate) for name, rate in (rates or {}).items() if name in channels
        }
        self._claiming = asyncio.Lock()  # one claim at a time per process (SQLite needs it)
        self.wake_in: float | None = None  # after a paced pass: when the next wave fits
        self._checked: datetime | None = None  # when interrupted rows were last looked for

    def _due(self, channel: str, now: datetime):
        paused = select(Broadcast.id).where(Broadcast.state == "paused")
        query = select(OutboxMessage).where(
            OutboxMessage.channel == channel,
            OutboxMessage.next_attempt_at <= now,
            or_(OutboxMessage.broadcast_id.is_(None), OutboxMessage.broadcast_id.not_in(paused)),
        )
        abandoned = and_(OutboxMessage.status == "sending", OutboxMessage.claimed_until < now)
        if channel not in RESUMABLE:  # broadcasts are at most once there (see the docstring)
            abandoned = and_(abandoned, OutboxMessage.broadcast_id.is_(None))
        query = query.where(or_(OutboxMessage.status == "pending", abandoned))
        return query.order_by(OutboxMessage.id)

    async def _close_interrupted(self, session, now: datetime) -> None:
        others = [name for name in self.channels if name not in RESUMABLE]
        if not others or (self._checked is not None and now - self._checked < CHECK_EVERY):
            return
        self._checked = now
        result = await session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.channel.in_(others),
                OutboxMessage.broadcast_id.is_not(None),
                OutboxMessage.status == "sending",
                OutboxMessage.claimed_until < now,
            )
            .values(status="failed", last_error=INTERRUPTED, claimed_until=None, sent_at=now)
        )
        if result.rowcount:
            log.warning("outbox: %s row(s) interrupted mid-send closed as failed", result.rowcount)

    async def _claim(self) -> list[Claimed]:
        async with self._claiming, self.sessions() as session, session.begin():
            now = self.clock.now()
            postgres = session.bind.dialect.name == "postgresql"
            await self._close_interrupted(session, now)
            claimed: list[Claimed] = []
            self.wake_in = None
            for name, adapter in self.channels.items():
                pace = self.paces.get(name)
                pace_row, room = (None, self.batch)
                if pace is not None:
                    pace_row, room = await pace.capacity(session, now)
                    if room == 0:
                        self.wake_in = pace.wake_in(pace_row, now)
                        continue
                query = self._due(name, now).limit(room)
                if postgres:
                    query = query.with_for_update(skip_locked=True)
                rows = list(await session.scalars(query))
                slots: list[datetime | None] = [None] * len(rows)
                costs: list[int] = [1] * len(rows)
                if pace is not None and rows:
                    costs, used = [], 0
                    for row in rows:
                        cost = adapter.messages_per_recipient(
                            [Reply.from_data(d) for d in row.payload]
                        ) * len(row.recipients)
                        if costs and used + cost > room:
                            break
                        costs.append(cost)
                        used += cost
                    rows = rows[: len(costs)]
                    slots = pace.take(pace_row, now, costs)
                for row, slot, cost in zip(rows, slots, costs, strict=True):
                    row.status = "sending"
                    row.claimed_until = (slot or now) + LEASE
                    claimed.append(
                        Claimed(
                            row.id,
                            row.channel,
                            list(row.recipients),
                            list(row.payload),
                            row.retry_key,
                            slot,
                            cost,
                        )
                    )
            if not claimed:
                await self._next_retry(session, now)
            return claimed

    async def _next_retry(self, session, now: datetime) -> None:
        """When idle: wake when the earliest waiting retry is due (not a whole poll later)."""
        due = await session.scalar(
            select(func.min(OutboxMessage.next_attempt_at)).where(
                OutboxMessage.status == "pending",
                OutboxMessage.channel.in_(list(self.channels)),
                OutboxMessage.next_attempt_at > now,  # due ones wait for a slot or a resume
            )
        )
        if due is not None:
            until = max(0.0, (due - now).total_seconds())
            self.wake_in = until if self.wake_in is None else min(self.wake_in, until)

    async def _send(self, row: Claimed) -> SendResult:
        if row.slot is not None:
            await self.clock.sleep_until(row.slot)
            await self.paces[row.channel].admit(self.clock, row.cost)
        replies = [Reply.from_data(data) for data in row.payload]
        try:
            return await self.channels[row.channel].send(row.recipients, replies, row.retry_key)
        except Exception as error:  # an adapter bug must not kill the worker: retry later
            log.exception("outbox row %s: unexpected send error", row.id)
            return SendResult("retry", None, f"unexpected: {type(error).__name__}")

    async def run_once(self) -> int:
        """Claim due rows, send them (paced rows at their slots) and record the results;
        returns how many rows were attempted."""
        rows = await self._claim()
        if not rows:
            return 0
        results = await asyncio.gather(*(self._send(row) for row in rows))
        await self._record(list(zip(rows, results, strict=True)))
        return len(rows)

    async def run(self, stop: asyncio.Event, *, idle: float = 1.0, lanes: int = 2) -> None:
        """Send until ``stop`` is set. Several lanes overlap one wave's sending with the next
        wave's claim, so a paced channel never waits on the database between waves."""

        async def lane() -> None:  # one pass, then more until stop is set
            while True:
                try:
                    busy = await self.run_once()
                except Exception:
                    log.exception("outbox pass failed")
                    busy = 0
                if stop.is_set():
                    return
                if not busy:
                    wait = idle if self.wake_in is None else min(idle, max(self.wake_in, 0.01))
                    try:
                        await asyncio.wait_for(stop.wait(), timeout=wait)
                    except TimeoutError:
                        pass

        await asyncio.gather(*(lane() for _ in range(lanes)))

    async def _record(self, outcomes: list[tuple[Claimed, SendResult]]) -> None:
        now = self.clock.now()
        async with self.sessions() as session, session.begin():
            found = await session.scalars(
                select(OutboxMessage).where(OutboxMessage.id.in_([c.id for c, _ in outcomes]))
            )
            rows = {row.id: row for row in found}
            for claimed, result in outcomes:
                row = rows.get(claimed.id)
                if row is None:  # deleted meanwhile (/forget)
                    continue
                if result.blocked:
                    await session.execute(
                        update(ChatAccount)
                        .where(
                            ChatAccount.channel == row.channel,
                            ChatAccount.platform_user_id.in_(result.blocked),
                        )
                        .values(active=False)
                    )
                self._settle(row, result, now)
        log.info("outbox: %s", dict(Counter(result.status for _, result in outcomes)) or "nothing")

    def _settle(self, row: OutboxMessage, result: SendResult, now: datetime) -> None:
        row.claimed_until = None
        row.last_error = result.error[:500] if result.error else None
        if result.status in {"sent", "blocked"}:
            row.status = result.status
            row.sent_at = now
        elif result.uncertain and row.broadcast_id is not None and row.channel not in RESUMABLE:
            row.attempts += 1
            row.status = "failed"
            row.last_error = NO_ANSWER
            row.sent_at = now
        elif result.status == "retry" and row.attempts + 1 < MAX_ATTEMPTS:
            row.attempts += 1
            row.status = "pending"
            delay = result.retry_after if result.retry_after is not None else backoff(row.attempts)
            row.next_attempt_at = now + timedelta(seconds=delay)
        else:
            row.attempts += 1
            row.status = "failed"
            row.sent_at = now
        if result.status != "sent":
            log.info("outbox row %s: %s (%s)", row.id, row.status, result.error or result.status)
        if self.metrics is not None:
            self.metrics.outbox_results.labels(row.channel, row.status).inc()

    async def pending(self) -> int:
        """Rows still to send (for the metrics' outbox depth)."""
        async with self.sessions() as session:
            return await session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.status.in_(("pending", "sending")))
            )
