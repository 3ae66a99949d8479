"""Short write transactions on the hot paths, written once as plain functions of a connection.

A transaction body is a synchronous function ``fn(connection, *args)`` (SQLAlchemy Core).
:class:`EngineWriter` runs it on the async engine (``run_sync`` inside ``BEGIN ... COMMIT``);
that is what PostgreSQL uses. :class:`SqliteWriter` runs it on the event loop's own thread
with a plain ``sqlite3`` connection inside ``BEGIN IMMEDIATE ... COMMIT``, all in one go: no
hand-over to aiosqlite's thread per statement (each one waits for a busy event loop, and for
the GIL, to come back), so SQLite's single write lock is held for the fraction of a
millisecond the statements take. Another connection (the web or the worker process) holding
the lock is tried again on each turn of the event loop for the first millisecond, then every
millisecond or two, up to ``BUSY_SECONDS``, instead of SQLite's own 1, 2, 5, 10 ms sleeps
that would block the loop; the write-ahead log is checkpointed on another thread.

Reads keep using the async sessions: with WAL they never wait for the writer.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable
from typing import Protocol, TypeVar

from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from app.database import create_sqlite_writer

T = TypeVar("T")
BUSY_SECONDS = 5.0  # as the busy_timeout of the async engine's SQLite connections


class Writer(Protocol):
    """Runs one write transaction and returns what its body returned."""

    async def run(self, fn: Callable[..., T], *args) -> T:
        """Run ``fn(connection, *args)`` in a transaction and commit it (roll back on error)."""

    async def close(self) -> None:
        """Release connections and threads."""


class EngineWriter:
    """Transactions on the async engine."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def run(self, fn: Callable[..., T], *args) -> T:
        """Run ``fn(connection, *args)`` in a transaction and commit it (roll back on error)."""
        async with self.engine.begin() as connection:
            return await connection.run_sync(fn, *args)

    async def close(self) -> None:
        """Nothing of its own to release (the engine belongs to the caller)."""


class SqliteWriter:
    """Transactions on a synchronous SQLite connection, run on the event loop's own thread."""

    def __init__(self, engine: AsyncEngine, checkpoint_every: int = 1000) -> None:
        self._engine = create_sqlite_writer(engine.url)
        self._connection: Connection | None = None
        self._turn = asyncio.Lock()  # one writer at a time in this process, as in SQLite
        self._path = engine.url.database
        self._checkpoint_every = checkpoint_every
        self._commits = 0
        self._checkpoint: asyncio.Task | None = None

    async def run(self, fn: Callable[..., T], *args) -> T:
        """Run ``fn(connection, *args)`` in a transaction and commit it (roll back on error)."""
        async with self._turn:
            if self._connection is None:
                self._connection = self._engine.connect()
            connection = self._connection
            database = connection.connection.driver_connection  # the sqlite3 connection
            await _lock(database)
            try:
                result = fn(connection, *args)
                connection.commit()
                if database.in_transaction:  # the body executed nothing
                    database.commit()
            except BaseException:
                connection.rollback()
                if database.in_transaction:
                    database.rollback()
                raise
        self._commits += 1
        if self._commits % self._checkpoint_every == 0 and not self._checkpointing:
            self._checkpoint = asyncio.create_task(asyncio.to_thread(self._checkpoint_wal))
        return result

    @property
    def _checkpointing(self) -> bool:
        return self._checkpoint is not None and not self._checkpoint.done()

    def _checkpoint_wal(self) -> None:
        """Copy the write-ahead log into the database file (and fsync) off the loop."""
        with sqlite3.connect(self._path) as connection:
            connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
        connection.close()

    async def close(self) -> None:
        """Finish a checkpoint under way and close the connection."""
        if self._checkpoint is not None:
            await asyncio.gather(self._checkpoint, return_exceptions=True)
        async with self._turn:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
        self._engine.dispose()


async def _lock(database: sqlite3.Connection) -> None:
    """``BEGIN IMMEDIATE``: take the database's write lock, waiting while another connection
    has it: first by letting the event loop run once between tries (another process's
    transaction usually ends within a millisecond), then every millisecond or two, for at
    most ``BUSY_SECONDS``."""
    started = time.monotonic()
    while True:
        try:
            database.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as error:
            waited = time.monotonic() - started
            if error.sqlite_errorcode != sqlite3.SQLITE_BUSY or waited > BUSY_SECONDS:
                raise
        await asyncio.sleep(0 if waited < 0.001 else min(0.002, waited / 2))


def open_writer(engine: AsyncEngine) -> Writer:
    """The writer for ``engine``'s database (close it before disposing of the engine)."""
    return SqliteWriter(engine) if engine.dialect.name == "sqlite" else EngineWriter(engine)
