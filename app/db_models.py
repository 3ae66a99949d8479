"""SQLAlchemy table definitions. Schema changes go through Alembic (``migrations/``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base of every dgbot table."""


class Conversation(Base):
    """One person's conversation on one channel: language and pending state.

    ``state`` holds what a follow-up needs, e.g. the remaining parts of a long
    recommendation for "more", or the choices offered by "did you mean".
    """

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("channel", "user_id", name="uq_conversation_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(128))
    language: Mapped[str] = mapped_column(String(2))
    state: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
