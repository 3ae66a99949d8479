"""Async database engine, sessions and schema upgrades.

``DGBOT_DATABASE_URL`` is a plain SQLAlchemy URL; :func:`async_url` picks the async
driver (aiosqlite for SQLite, asyncpg for PostgreSQL) so nobody has to spell it.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

import migrations

_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}


def async_url(url: str) -> URL:
    """Turn ``sqlite:///x.db`` / ``postgresql://...`` into the async-driver URL."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    backend = parsed.get_backend_name()
    if backend not in _DRIVERS:
        raise ValueError(f"unsupported database: {backend}")
    parsed = parsed.set(drivername=_DRIVERS[backend])
    if backend == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    return parsed


def _sqlite_pragmas(dbapi_connection, busy_timeout_ms: int) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable at checkpoints; safe with WAL
    cursor.close()


def create_engine(url: str) -> AsyncEngine:
    """An async engine for ``url``; SQLite gets foreign keys and a busy timeout.

    PostgreSQL connections are pinged when taken from the pool (a server restart must not
    fail the next request); a SQLite file cannot go away under an open connection, so its
    connections skip the ping (one round trip to aiosqlite's thread saved per transaction).
    """
    target = async_url(url)
    sqlite = target.get_backend_name() == "sqlite"
    engine = create_async_engine(target, pool_pre_ping=not sqlite)
    if sqlite:

        @event.listens_for(engine.sync_engine, "connect")
        def _connect(dbapi_connection, _record) -> None:  # pragma: no cover - glue
            _sqlite_pragmas(dbapi_connection, 5000)

    return engine


def create_sqlite_writer(url: URL) -> Engine:
    """A synchronous engine on the SQLite file at ``url`` (any SQLite URL) for short
    transactions run on the event loop (:mod:`app.writes`), each begun by the caller with
    ``BEGIN IMMEDIATE``: same pragmas as :func:`create_engine`, except that a locked database
    fails at once (``busy_timeout=0``) so the caller can wait without blocking the loop, and
    that it never checkpoints the write-ahead log itself (the caller does, on another thread)."""
    engine = create_sync_engine(url.set(drivername="sqlite+pysqlite"))

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:  # pragma: no cover - glue
        _sqlite_pragmas(dbapi_connection, 0)
        dbapi_connection.execute("PRAGMA wal_autocheckpoint=0")
        dbapi_connection.isolation_level = None  # the caller says BEGIN IMMEDIATE itself

    return engine


def session_factory(engine: AsyncEngine) -> async_sessionmaker:
    """Sessions that keep loaded objects usable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)


def alembic_config() -> Config:
    """Alembic configuration pointing at the packaged ``migrations`` folder."""
    config = Config()
    config.set_main_option("script_location", str(Path(migrations.__file__).parent))
    return config


def _upgrade(connection: Connection) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


async def upgrade_schema(engine: AsyncEngine) -> None:
    """Bring the schema up to date (``alembic upgrade head``) on ``engine``."""
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade)


async def prepare_database(engine: AsyncEngine) -> None:
    """Upgrade the schema and make sure the shipped provincial directory is present."""
    from knowledge.loader import default_knowledge
    from scoring.directory import sync_provincial_directory

    await upgrade_schema(engine)
    async with session_factory(engine)() as session, session.begin():
        await sync_provincial_directory(session, default_knowledge())
