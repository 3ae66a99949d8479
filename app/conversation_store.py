"""Database-backed conversation store (table ``conversations``)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import async_sessionmaker

from app.writes import EngineWriter, Writer
from bot.clock import Clock
from bot.conversation import ConversationRecord
from db.tables import Conversation


class SqlConversationStore:
    """Database-backed store (table ``conversations``). Saving is one short write transaction
    through ``writer`` (:mod:`app.writes`; by default on the sessions' async engine)."""

    def __init__(
        self,
        sessions: async_sessionmaker,
        clock: Clock,
        default_language: str = "th",
        writer: Writer | None = None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._default_language = default_language
        self._writer = writer or EngineWriter(sessions.kw["bind"])

    async def load(self, *, channel: str, user_id: str) -> ConversationRecord:
        """The stored record or an empty one."""
        async with self._sessions() as session:
            row = await session.scalar(
                select(Conversation).where(
                    Conversation.channel == channel, Conversation.user_id == user_id
                )
            )
        if row is None:
            return ConversationRecord()
        return ConversationRecord(row.state.get("language"), dict(row.state))

    async def save(self, *, channel: str, user_id: str, record: ConversationRecord) -> None:
        """Insert or update the record in one statement (an upsert on the unique key)."""
        now = self._clock.now()
        state = dict(record.state)
        if record.language:
            state["language"] = record.language
        values = {
            "channel": channel,
            "user_id": user_id,
            "state": state,
            "created_at": now,
            "updated_at": now,
            "language": record.language or self._default_language,
        }
        await self._writer.run(_upsert, values, bool(record.language))


def _upsert(connection: Connection, values: dict, chosen_language: bool) -> None:
    insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = insert(Conversation).values(**values)
    changes = {"state": statement.excluded.state, "updated_at": statement.excluded.updated_at}
    if chosen_language:
        changes["language"] = statement.excluded.language
    connection.execute(
        statement.on_conflict_do_update(index_elements=["channel", "user_id"], set_=changes)
    )
