"""Work done after acknowledging: handling stored events, the outbox, the reminder scheduler.

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


async def periodic(runtime: Runtime, stop: asyncio.Event) -> None:
    """The reminder scheduler (once a minute), the inbound sweeper and the outbox worker:
    one pass, then more until ``stop`` is set, ``DGBOT_OUTBOX_POLL_SECONDS`` apart when a
    pass found nothing to send."""
    last_schedule = None
    while True:
        try:
            now = runtime.clock.now()
            if last_schedule is None or (now - last_schedule).total_seconds() >= 60:
                await queue_reminders(runtime)
                last_schedule = now
            await runtime.inbound.sweep()
            busy = await runtime.outbox.run_once()
        except Exception:
            log.exception("background pass failed")
            busy = 0
        if stop.is_set():
            return
        if not busy:
            await _pause(stop, runtime.settings.outbox_poll_seconds)


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
