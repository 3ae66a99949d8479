"""Writing inbound webhook events: one statement per batch, duplicates skipped by the database.

:func:`insert_events` is the durable half of "store, acknowledge, handle": it runs
``INSERT ... ON CONFLICT (channel, event_key) DO NOTHING RETURNING id`` (SQLite and
PostgreSQL both have it), so a redelivered or concurrently duplicated event inserts nothing
and the caller learns which events are new without an exception per duplicate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from db.tables import InboundEvent

KEY_CHARS = 128  # the column's width; longer platform keys are cut


@dataclass(frozen=True)
class NewEvent:
    """An event to store: its channel, its unique key within the channel, its raw JSON."""

    channel: str
    key: str
    payload: dict


def _statements():
    table = InboundEvent.__table__
    built = {}
    for name, insert in (("sqlite", sqlite_insert), ("postgresql", postgresql_insert)):
        built[name] = (
            insert(table)
            .on_conflict_do_nothing(index_elements=[table.c.channel, table.c.event_key])
            .returning(table.c.id, table.c.channel, table.c.event_key)
        )
    return built


_INSERT = _statements()  # built once: SQLAlchemy caches their compiled form per dialect


def insert_statement(dialect: str):
    """The cached ``INSERT ... ON CONFLICT DO NOTHING RETURNING`` for ``dialect``."""
    return _INSERT[dialect]


def insert_rows(events: Sequence[NewEvent], now: datetime) -> list[dict]:
    """The statement's parameters for ``events`` received at ``now``."""
    return [
        {
            "channel": event.channel,
            "event_key": event.key[:KEY_CHARS],
            "payload": event.payload,
            "status": "pending",
            "attempts": 0,
            "received_at": now,
        }
        for event in events
    ]


def insert_events(
    connection: Connection, events: Sequence[NewEvent], now: datetime
) -> list[tuple[int, str, str]]:
    """Insert ``events`` as ``pending`` in the connection's transaction (not committed).

    Returns ``(id, channel, key)`` of the rows actually inserted, in id order; an event whose
    (channel, key) is already stored, or repeated within ``events``, is left out. A plain
    function of a synchronous connection: run it with :mod:`app.writes` (or ``run_sync``).
    """
    if not events:
        return []
    rows = insert_rows(events, now)
    statement = insert_statement(connection.dialect.name)
    result = connection.execute(statement, rows[0] if len(rows) == 1 else rows)
    return sorted((row.id, row.channel, row.event_key) for row in result)
