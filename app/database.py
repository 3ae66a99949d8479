"""Async database engine, sessions and schema upgrades.

``DGBOT_DATABASE_URL`` is a plain SQLAlchemy URL; :func:`async_url` picks the async
driver (aiosqlite for SQLite, asyncpg for PostgreSQL) so nobody has to spell it.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
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


def create_engine(url: str) -> AsyncEngine:
    """An async engine for ``url``; SQLite gets foreign keys and a busy timeout."""
    target = async_url(url)
    engine = create_async_engine(target, pool_pre_ping=True)
    if target.get_backend_name() == "sqlite":

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # pragma: no cover - glue
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
            cursor.execute("PRAGMA synchronous=NORMAL")  # durable at checkpoints; safe with WAL
            cursor.close()

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
