"""The scoring tests' database: a fresh, prepared database per test (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from app.database import create_engine, prepare_database, session_factory
from tests.scoring.helpers import Db


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Db]:
    engine = create_engine(database_url)
    try:
        await prepare_database(engine)
        yield Db(engine, session_factory(engine))
    finally:
        await engine.dispose()
