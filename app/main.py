"""The FastAPI application factory: settings, database, bot, channels, outbox worker, routes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy import text

from app.channels import build_channels
from app.conversation_store import SqlConversationStore
from app.database import alembic_config, create_engine, prepare_database, session_factory
from app.inbound import InboundProcessor
from app.logging_setup import configure_logging
from app.metrics import Metrics
from app.outbox import OutboxWorker
from app.services import build_bot
from app.settings import Settings, get_settings
from bot.clock import Clock, SystemClock
from webhooks.routes import router as webhook_router
from webhooks.web.routes import router as web_router

log = logging.getLogger("dgbot.app")


async def queue_reminders(app: FastAPI) -> int:
    """Queue the BCP reminders and digests due now (unique keys: repeats queue nothing)."""
    from bcp.reminders import queue_due

    async with app.state.sessions() as session:
        return await queue_due(session, app.state.bot.services.kb.bcp, app.state.clock.now())


async def advance_broadcasts(app: FastAPI) -> None:
    """Start the broadcasts whose time has come; close those with nothing left to send."""
    from broadcasts.delivery import finish_done, start_due

    channels = set(app.state.channels)
    async with app.state.sessions() as session:
        await start_due(session, app.state.clock.now(), channels)
    async with app.state.sessions() as session:
        await finish_done(session, app.state.clock.now(), channels)


async def _scheduler(app: FastAPI, stop: asyncio.Event, interval: float) -> None:
    """The reminder scheduler (once a minute), broadcasts and the inbound sweeper."""
    last_schedule = None
    while not stop.is_set():
        try:
            now = app.state.clock.now()
            if last_schedule is None or (now - last_schedule).total_seconds() >= 60:
                await queue_reminders(app)
                last_schedule = now
            await advance_broadcasts(app)
            await app.state.inbound.sweep()
        except Exception:
            log.exception("scheduler pass failed")
        with suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval)


def create_app(
    settings: Settings | None = None, clock: Clock | None = None, *, run_worker: bool = True
) -> FastAPI:
    """Build the app. Start-up upgrades the schema, loads the knowledge base, starts the
    configured channels and (unless ``run_worker`` is false) the scheduler and outbox worker."""
    settings = settings or get_settings()
    clock = clock or SystemClock()
    configure_logging(settings.log_level, settings.log_format)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_engine(settings.database_url)
        await prepare_database(engine)
        sessions = session_factory(engine)
        store = SqlConversationStore(sessions, clock, settings.default_language)
        app.state.engine, app.state.sessions, app.state.clock = engine, sessions, clock
        app.state.metrics = Metrics()
        app.state.bot = build_bot(settings, store, sessions=sessions, clock=clock)
        app.state.channels = build_channels(settings, sessions, clock)
        for channel in app.state.channels.values():
            if hasattr(channel, "start"):
                await channel.start()
        app.state.inbound = InboundProcessor(
            sessions,
            app.state.bot,
            app.state.channels,
            clock,
            app.state.metrics,
            concurrency=settings.handler_concurrency,
        )
        app.state.outbox = OutboxWorker(
            sessions,
            app.state.channels,
            clock,
            metrics=app.state.metrics,
            rates={"telegram": settings.telegram_sends_per_second},
        )
        stop = asyncio.Event()
        workers = (
            [
                asyncio.create_task(_scheduler(app, stop, settings.outbox_poll_seconds)),
                asyncio.create_task(app.state.outbox.run(stop, idle=settings.outbox_poll_seconds)),
            ]
            if run_worker
            else []
        )
        on = ", ".join(sorted(app.state.channels)) or "none (web playground only)"
        log.info(
            "dgbot ready: database %s; chat channels on: %s",
            engine.url.render_as_string(hide_password=True),
            on,
        )
        try:
            yield
        finally:
            stop.set()
            await asyncio.gather(*workers)
            await app.state.inbound.drain()
            for channel in app.state.channels.values():
                await channel.close()
            await engine.dispose()

    app = FastAPI(title="dgbot", lifespan=lifespan)

    @app.get("/healthz")
    async def healthz() -> JSONResponse:
        """Alive: the process answers."""
        return JSONResponse({"status": "ok"})

    @app.get("/readyz")
    async def readyz() -> JSONResponse:
        """Ready: the database answers and its schema is at the newest migration."""
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        try:
            async with app.state.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
                current = await connection.run_sync(
                    lambda c: MigrationContext.configure(c).get_current_revision()
                )
        except Exception:
            log.exception("readiness: database unreachable")
            return JSONResponse(
                {"status": "unavailable", "database": "unreachable"}, status_code=503
            )
        if current != head:
            return JSONResponse(
                {"status": "unavailable", "migration": current, "expected": head}, status_code=503
            )
        return JSONResponse({"status": "ok", "migration": current})

    @app.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        """Prometheus metrics."""
        app.state.metrics.outbox_depth.set(await app.state.outbox.pending())  # counted per scrape
        return Response(app.state.metrics.render(), media_type="text/plain; version=0.0.4")

    @app.exception_handler(RequestValidationError)
    async def refused(request: Request, error: RequestValidationError) -> JSONResponse:
        """Bad input: a clear 422 and a log line naming the fields (never their values)."""
        fields = sorted({".".join(str(p) for p in e["loc"]) for e in error.errors()})
        log.warning(
            "refused %s %s: invalid %s", request.method, request.url.path, ", ".join(fields)
        )
        detail = [{"loc": e["loc"], "msg": e["msg"]} for e in error.errors()]
        return JSONResponse({"detail": detail, "message": "invalid request"}, status_code=422)

    app.include_router(webhook_router)
    app.include_router(web_router)
    return app
