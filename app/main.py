"""The FastAPI application factory: the runtime (database, bot, channels), routes, and in the
``all`` role the work after acknowledging (:mod:`app.worker`)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy import text

from app.database import alembic_config
from app.logging_setup import configure_logging
from app.runtime import open_runtime
from app.settings import Settings, get_settings
from app.worker import periodic
from bot.clock import Clock, SystemClock
from webhooks.routes import router as webhook_router
from webhooks.web.routes import router as web_router

log = logging.getLogger("dgbot.app")


ROLES = ("all", "web")


def create_app(
    settings: Settings | None = None,
    clock: Clock | None = None,
    *,
    run_worker: bool = True,
    role: str = "all",
) -> FastAPI:
    """Build the app. Start-up upgrades the schema, loads the knowledge base, starts the
    configured channels and (unless ``run_worker`` is false) the outbox worker.

    ``role="all"`` handles webhook events in this process right after acknowledging them and
    runs the periodic work (:mod:`app.worker`); ``role="web"`` only verifies, stores and
    acknowledges, leaving both to a ``dgbot worker`` process."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}: expected one of {', '.join(ROLES)}")
    settings = settings or get_settings()
    clock = clock or SystemClock()
    configure_logging(settings.log_level, settings.log_format)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with open_runtime(settings, clock, handle_inline=role == "all") as runtime:
            app.state.runtime = runtime
            app.state.engine, app.state.sessions = runtime.engine, runtime.sessions
            app.state.clock, app.state.metrics = runtime.clock, runtime.metrics
            app.state.bot, app.state.channels = runtime.bot, runtime.channels
            app.state.inbound, app.state.outbox = runtime.inbound, runtime.outbox
            stop = asyncio.Event()
            worker = (
                asyncio.create_task(periodic(runtime, stop))
                if run_worker and role == "all"
                else None
            )
            log.info("dgbot ready (role %s)", role)
            try:
                yield
            finally:
                stop.set()
                if worker is not None:
                    await worker

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
