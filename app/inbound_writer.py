"""Durable inserts of webhook events with group commit: the one write before acknowledging.

Requests that arrive while a transaction is being written wait for the next one, and that
one carries all their events in a single ``INSERT ... ON CONFLICT DO NOTHING RETURNING``
(:func:`db.inbound.insert_events`), so at 30 requests in flight there are a few commits, not
30. Each request learns which of its events are new once that transaction has committed; a
duplicate (stored before, or sent twice in the same group) is new for nobody or for exactly
one request. Transactions run through :mod:`app.writes`.
"""

from __future__ import annotations

import asyncio

from app.writes import Writer
from bot.clock import Clock
from db.inbound import KEY_CHARS, NewEvent, insert_events

Request = tuple[list[NewEvent], asyncio.Future]


class EventWriter:
    """Inserts webhook events durably, grouping concurrent requests into one transaction."""

    def __init__(self, writer: Writer, clock: Clock) -> None:
        self._writer = writer
        self._clock = clock
        self._waiting: list[Request] = []
        self._flusher: asyncio.Task | None = None

    async def insert(self, events: list[NewEvent]) -> list[int]:
        """Store ``events`` as pending and commit; returns the ids of those that are new.

        Raises what the database raised (the webhook then fails and the platform resends)."""
        if not events:
            return []
        future: asyncio.Future[list[int]] = asyncio.get_running_loop().create_future()
        self._waiting.append((events, future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush())
        return await future

    async def _flush(self) -> None:
        while self._waiting:
            group, self._waiting = self._waiting, []
            try:
                await self._write(group)
            except Exception as error:
                if len(group) == 1:
                    _settle(group[0][1], error=error)
                    continue
                for request in group:  # one request's bad event must not fail the others
                    try:
                        await self._write([request])
                    except Exception as alone:
                        _settle(request[1], error=alone)

    async def _write(self, group: list[Request]) -> None:
        events = [event for request, _ in group for event in request]
        rows = await self._writer.run(insert_events, events, self._clock.now())
        new = {(channel, key): row_id for row_id, channel, key in rows}
        for request, future in group:
            ids = [new.pop((event.channel, event.key[:KEY_CHARS]), None) for event in request]
            _settle(future, result=[row_id for row_id in ids if row_id is not None])

    async def close(self) -> None:
        """Finish the group being written (shutdown)."""
        if self._flusher is not None:
            await asyncio.gather(self._flusher, return_exceptions=True)


def _settle(future: asyncio.Future, result=None, error: BaseException | None = None) -> None:
    if future.done():  # the request went away meanwhile: its events stay stored, pending
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
