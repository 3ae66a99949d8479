"""The FastAPI application factory: settings, database, bot and routes wired together."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import text

from app.conversation_store import SqlConversationStore
from app.database import create_engine, prepare_database, session_factory
from app.logging_setup import configure_logging
from app.services import build_bot
from app.settings import Settings, get_settings
from bot.clock import Clock, SystemClock
from webhooks.web.routes import router as web_router

log = logging.getLogger("dgbot.app")


def create_app(settings: Settings | None = None, clock: Clock | None = None) -> FastAPI:
    """Build the app. The schema is upgraded and the knowledge base loaded at start-up."""
    settings = settings or get_settings()
    clock = clock or SystemClock()
    configure_logging(settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_engine(settings.database_url)
        await prepare_database(engine)
        sessions = session_factory(engine)
        store = SqlConversationStore(sessions, clock, settings.default_language)
        app.state.bot = build_bot(settings, store, sessions=sessions, clock=clock)
        app.state.sessions = sessions
        app.state.clock = clock
        app.state.engine = engine
        log.info("dgbot ready (database %s)", engine.url.render_as_string(hide_password=True))
        try:
            yield
        finally:
            await engine.dispose()

    app = FastAPI(title="dgbot", lifespan=lifespan)

    @app.get("/healthz")
    async def healthz() -> JSONResponse:
        """Ready when the database answers; 503 otherwise."""
        try:
            async with app.state.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception:
            log.exception("health check: database unreachable")
            return JSONResponse({"status": "unavailable"}, status_code=503)
        return JSONResponse({"status": "ok"})

    @app.exception_handler(RequestValidationError)
    async def refused(request: Request, error: RequestValidationError) -> JSONResponse:
        """Bad input: a clear 422 and a log line naming the fields (never their values)."""
        fields = sorted({".".join(str(p) for p in e["loc"]) for e in error.errors()})
        log.warning(
            "refused %s %s: invalid %s", request.method, request.url.path, ", ".join(fields)
        )
        detail = [{"loc": e["loc"], "msg": e["msg"]} for e in error.errors()]
        return JSONResponse({"detail": detail, "message": "invalid request"}, status_code=422)

    app.include_router(web_router)
    return app
