"""Database-backed conversation store (table ``conversations``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.clock import Clock
from bot.conversation import ConversationRecord
from db.tables import Conversation


class SqlConversationStore:
    """Database-backed store (table ``conversations``)."""

    def __init__(
        self, sessions: async_sessionmaker, clock: Clock, default_language: str = "th"
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._default_language = default_language

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
        """Insert or update the record; a concurrent first insert falls back to an update."""
        now = self._clock.now()
        state = dict(record.state)
        if record.language:
            state["language"] = record.language
        for attempt in range(2):
            try:
                await self._upsert(
                    channel=channel, user_id=user_id, record=record, state=state, now=now
                )
                return
            except IntegrityError:
                if attempt:
                    raise

    async def _upsert(
        self, *, channel: str, user_id: str, record: ConversationRecord, state: dict, now: datetime
    ) -> None:
        async with self._sessions() as session, session.begin():
            row = await session.scalar(
                select(Conversation)
                .where(Conversation.channel == channel, Conversation.user_id == user_id)
                .with_for_update()
            )
            if row is None:
                session.add(
                    Conversation(
                        channel=channel,
                        user_id=user_id,
                        state=state,
                        created_at=now,
                        updated_at=now,
                        language=record.language or self._default_language,
                    )
                )
            else:
                row.state = state
                row.language = record.language or row.language
                row.updated_at = now
