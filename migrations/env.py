"""Alembic environment: runs on a connection handed in by app.database, or on the URL."""

from __future__ import annotations

import asyncio

from alembic import context

from app.database import create_engine
from db.tables import Base

target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


async def _run_on_url() -> None:
    from app.settings import get_settings

    engine = create_engine(get_settings().database_url)
    async with engine.begin() as connection:
        await connection.run_sync(_run)
    await engine.dispose()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    asyncio.run(_run_on_url())
