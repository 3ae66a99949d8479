"""Everything a dgbot process runs on, built once: database, bot, channels, inbound, outbox.

The web app's lifespan (:mod:`app.main`) and the worker process (:mod:`app.worker`) open the
same :class:`Runtime`, so both roles share one way of wiring the parts together.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from app.channels import build_channels
from app.conversation_store import SqlConversationStore
from app.database import create_engine, prepare_database, session_factory
from app.inbound import InboundProcessor
from app.metrics import Metrics
from app.outbox import OutboxWorker
from app.services import build_bot
from app.settings import Settings
from app.writes import open_writer
from bot.clock import Clock
from bot.core import Bot
from webhooks.channel import ChannelAdapter

log = logging.getLogger("dgbot.app")


@dataclass
class Runtime:
    """The parts of a running process."""

    settings: Settings
    clock: Clock
    engine: AsyncEngine
    sessions: async_sessionmaker
    metrics: Metrics
    bot: Bot
    channels: dict[str, ChannelAdapter]
    inbound: InboundProcessor
    outbox: OutboxWorker


@asynccontextmanager
async def open_runtime(
    settings: Settings, clock: Clock, *, handle_inline: bool = True
) -> AsyncIterator[Runtime]:
    """Upgrade the schema, build the bot and start the configured channels; on exit, finish
    the events being handled, close the channels and the database. Without ``handle_inline``
    stored events are left to a worker process (see :class:`InboundProcessor`)."""
    engine = create_engine(settings.database_url)
    await prepare_database(engine)
    sessions = session_factory(engine)
    writer = open_writer(engine)
    metrics = Metrics()
    store = SqlConversationStore(sessions, clock, settings.default_language, writer)
    bot = build_bot(settings, store, sessions=sessions, clock=clock)
    channels = build_channels(settings, sessions, clock)
    for channel in channels.values():
        if hasattr(channel, "start"):
            await channel.start()
    inbound = InboundProcessor(
        sessions,
        bot,
        channels,
        clock,
        metrics,
        concurrency=settings.handler_concurrency,
        inline=handle_inline,
        writer=writer,
    )
    outbox = OutboxWorker(
        sessions,
        channels,
        clock,
        metrics=metrics,
        rates={"telegram": settings.telegram_sends_per_second},
    )
    # The knowledge base and its indexes are ~700k long-lived objects: a full collection over
    # them stalls the event loop for 0.3-0.6 s. Collect once now and leave them out of later
    # collections (they live as long as the process).
    gc.collect()
    gc.freeze()
    log.info(
        "database %s; chat channels on: %s",
        engine.url.render_as_string(hide_password=True),
        ", ".join(sorted(channels)) or "none (web playground only)",
    )
    try:
        yield Runtime(settings, clock, engine, sessions, metrics, bot, channels, inbound, outbox)
    finally:
        await inbound.close()
        await writer.close()
        for channel in channels.values():
            await channel.close()
        await engine.dispose()
