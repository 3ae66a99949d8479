"""Work done after acknowledging: handling stored events, the outbox, the scheduler
(reminders, broadcasts, the inbound sweep).

``dgbot serve`` (role ``all``) runs :func:`periodic` inside the web process and handles each
event right after answering its webhook. ``dgbot serve --role web`` plus ``dgbot worker``
split the two: the web process only verifies, stores and acknowledges; the worker process
(:func:`run_worker`) picks stored events up within ``DGBOT_INBOUND_POLL_SECONDS`` and runs
the periodic work, so handling never competes with acknowledging for one event loop.
Several workers may run at once: claiming an event or an outbox row is atomic.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress

from app.runtime import Runtime, open_runtime
from app.settings import Settings
from bot.clock import Clock

log = logging.getLogger("dgbot.worker")


async def queue_reminders(runtime: Runtime) -> int:
    """Queue the BCP reminders and digests due now (unique keys: repeats queue nothing)."""
    from bcp.reminders import queue_due

    async with runtime.sessions() as session:
        return await queue_due(session, runtime.bot.services.kb.bcp, runtime.clock.now())


async def _pause(stop: asyncio.Event, seconds: float) -> None:
    with suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


async def advance_broadcasts(runtime: Runtime) -> None:
    """Start the broadcasts whose time has come; close those with nothing left to send."""
    from broadcasts.delivery import finish_done, start_due

    channels = set(runtime.channels)
    async with runtime.sessions() as session:
        await start_due(session, runtime.clock.now(), channels)
    async with runtime.sessions() as session:
        await finish_done(session, runtime.clock.now(), channels)


async def schedule(runtime: Runtime, stop: asyncio.Event) -> None:
    """The reminder scheduler (once a minute), broadcasts (starting due ones, closing finished
    ones) and the inbound sweeper: one pass, then one every ``DGBOT_OUTBOX_POLL_SECONDS``
    until ``stop`` is set."""
    last_schedule = None
    while True:
        try:
            now = runtime.clock.now()
            if last_schedule is None or (now - last_schedule).total_seconds() >= 60:
                await queue_reminders(runtime)
                last_schedule = now
            await advance_broadcasts(runtime)
            await runtime.inbound.sweep()
        except Exception:
            log.exception("scheduler pass failed")
        if stop.is_set():
            return
        await _pause(stop, runtime.settings.outbox_poll_seconds)


async def periodic(runtime: Runtime, stop: asyncio.Event) -> None:
    """The scheduler and the outbox worker (its lanes), until ``stop`` is set."""
    await asyncio.gather(
        schedule(runtime, stop),
        runtime.outbox.run(stop, idle=runtime.settings.outbox_poll_seconds),
    )


async def handle_stored(runtime: Runtime, stop: asyncio.Event) -> None:
    """Handle the events web processes have stored: one pass, then more until ``stop`` is
    set, ``DGBOT_INBOUND_POLL_SECONDS`` apart when none was waiting."""
    while True:
        try:
            found = await runtime.inbound.handle_pending()
        except Exception:
            log.exception("inbound pass failed")
            found = 0
        if stop.is_set():
            return
        if not found:
            await _pause(stop, runtime.settings.inbound_poll_seconds)


async def run_worker(settings: Settings, clock: Clock, stop: asyncio.Event) -> None:
    """The worker role: no HTTP; handles stored events and runs the periodic work until
    ``stop`` is set (at least one pass of each), then finishes the events in hand."""
    async with open_runtime(settings, clock) as runtime:
        log.info("dgbot worker ready")
        await asyncio.gather(periodic(runtime, stop), handle_stored(runtime, stop))
