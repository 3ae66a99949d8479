"""Every dgbot table (one metadata for Alembic). Schema changes go through ``migrations/``.

Times are stored as UTC and always come back timezone-aware (SQLite keeps no zone).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator):
    """A timezone-aware datetime on every database."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        """Store in UTC (naive on SQLite, aware elsewhere)."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        """Always aware, in UTC."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


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
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Agency(Base):
    """An agency surveyed: a department, or a provincial agency (or a province's overall)."""

    __tablename__ = "agencies"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_th: Mapped[str] = mapped_column(String(300))
    level: Mapped[str] = mapped_column(String(16))  # "department" | "province"
    province: Mapped[str | None] = mapped_column(String(100), index=True)
    ministry: Mapped[str | None] = mapped_column(String(200), index=True)
    agency_type: Mapped[str | None] = mapped_column(String(200))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("agencies.code"))
    bcp_category: Mapped[str | None] = mapped_column(String(32))  # an admin's correction


class Person(Base):
    """Someone who chats with the bot, across one or more chat accounts."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    language: Mapped[str] = mapped_column(String(2), default="th")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ChatAccount(Base):
    """A person's account on one channel (LINE user id, Telegram chat id, web id)."""

    __tablename__ = "chat_accounts"
    __table_args__ = (UniqueConstraint("channel", "platform_user_id", name="uq_chat_account"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    platform_user_id: Mapped[str] = mapped_column(String(128))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    muted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class RoleGrant(Base):
    """A role of a person over an agency, a province or a ministry (or everything, for admins)."""

    __tablename__ = "role_grants"
    __table_args__ = (
        UniqueConstraint(
            "person_id", "role", "agency_code", "province", "ministry", name="uq_grant"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))  # "officer" | "coordinator" | "admin"
    agency_code: Mapped[str | None] = mapped_column(ForeignKey("agencies.code"))
    province: Mapped[str | None] = mapped_column(String(100))
    ministry: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Invite(Base):
    """A one-time invite code (stored hashed) that grants a role when used in chat."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    agency_code: Mapped[str | None] = mapped_column(ForeignKey("agencies.code"))
    province: Mapped[str | None] = mapped_column(String(100))
    ministry: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    used_by: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))


class LinkAttempt(Base):
    """A failed link attempt, kept to rate-limit guessing (per chat account)."""

    __tablename__ = "link_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    platform_user_id: Mapped[str] = mapped_column(String(128), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class Score(Base):
    """One imported figure: an agency's overall, dimension or indicator score of a survey year."""

    __tablename__ = "scores"
    __table_args__ = (
        UniqueConstraint("year", "agency_code", "item_kind", "item_code", name="uq_score_item"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)  # Buddhist Era
    agency_code: Mapped[str] = mapped_column(ForeignKey("agencies.code"), index=True)
    item_kind: Mapped[str] = mapped_column(String(16))  # "overall" | "dimension" | "indicator"
    item_code: Mapped[str] = mapped_column(String(8))  # "" | "2" | "2.3"
    score: Mapped[float | None] = mapped_column(Float)  # None: not surveyed


class Media(Base):
    """A generated file (e.g. a chart) served by an unguessable token until it expires."""

    __tablename__ = "media"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    content_type: Mapped[str] = mapped_column(String(64))
    body: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class InboundEvent(Base):
    """A webhook event received once: the unique key makes redeliveries no-ops.

    Stored before the webhook answers, processed after; a crash between the two leaves it
    ``pending`` for the worker to pick up.
    """

    __tablename__ = "inbound_events"
    __table_args__ = (UniqueConstraint("channel", "event_key", name="uq_inbound_event"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    event_key: Mapped[str] = mapped_column(String(128))
    payload: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(
        String(16), index=True
    )  # pending | processing | done | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())


class OutboxMessage(Base):
    """A message to send later (push, reminder, broadcast part), sent by the outbox worker.

    ``retry_key`` is LINE's ``X-Line-Retry-Key`` for this row; ``dedupe_key`` (optional) makes
    the producer's intent unique, e.g. one reminder per (campaign, recipient, occurrence).
    """

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    recipients: Mapped[list] = mapped_column(JSON)  # platform user ids (LINE multicast: up to 500)
    payload: Mapped[list] = mapped_column(JSON)  # the core's replies, as plain data
    source: Mapped[str] = mapped_column(String(64))
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    retry_key: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(
        String(16), index=True
    )  # pending | sending | sent | failed | blocked | cancelled
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    broadcast_id: Mapped[str | None] = mapped_column(String(16), index=True)


class BcpCampaign(Base):
    """A round of BCP submissions: a deadline, the agencies in scope, the reminder plan."""

    __tablename__ = "bcp_campaigns"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    scope: Mapped[dict] = mapped_column(
        JSON
    )  # {"levels","provinces","ministries","categories"}: [] = all
    reminder_plan: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(8), index=True)  # open | closed
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class BcpSubmission(Base):
    """Whether an agency has sent its plan in a campaign (``sent`` or ``confirmed``)."""

    __tablename__ = "bcp_submissions"
    __table_args__ = (UniqueConstraint("campaign_id", "agency_code", name="uq_bcp_submission"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[str] = mapped_column(ForeignKey("bcp_campaigns.id"), index=True)
    agency_code: Mapped[str] = mapped_column(ForeignKey("agencies.code"))
    status: Mapped[str] = mapped_column(String(12))  # sent | confirmed | reopened
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class BcpSubmissionEvent(Base):
    """The audit trail of submissions: who did what, when."""

    __tablename__ = "bcp_submission_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[str] = mapped_column(String(16), index=True)
    agency_code: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(12))  # sent | confirmed | reopened
    by: Mapped[str] = mapped_column(String(64))  # "person:12", "cli", "import:file.csv"
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class Broadcast(Base):
    """An admin's announcement to an audience: composed, scheduled, then sent through the
    outbox (its rows carry ``broadcast_id``), with the counts its author is told at the end.

    ``state``: draft (previewed in chat, not confirmed) | scheduled | sending | paused | done |
    cancelled. ``recipients`` is the preview's count until sending starts, then the number of
    chat accounts messages were queued for; ``skipped`` counts who was left out and why.
    """

    __tablename__ = "broadcasts"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    author: Mapped[str] = mapped_column(String(64))  # "person:12" | "cli"
    author_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )
    content: Mapped[dict] = mapped_column(JSON)  # {"text", "link", "image_url", "template"}
    audience: Mapped[dict] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(12), index=True)
    scheduled_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recipients: Mapped[int] = mapped_column(Integer)
    skipped: Mapped[dict] = mapped_column(JSON)  # {"muted": n, "inactive": n, "unreachable": n}
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SendRate(Base):
    """A channel's deployment-wide send pace (e.g. Telegram's 30 messages a second), shared by
    every replica: the next free sending slot, taken under a row lock."""

    __tablename__ = "send_rates"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    next_slot_at: Mapped[datetime] = mapped_column(UTCDateTime())
