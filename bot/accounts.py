"""People, their chat accounts and roles, and one-time invite codes that link them.

Codes are random, shown once, stored only as a SHA-256 hash, expire (7 days by default)
and work once. Wrong codes are rate-limited per chat account (5 an hour) and every failure
gets the same answer, so a reply never reveals whether a code exists.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import String, cast, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import ROLES, Grant, Viewer
from db.tables import Agency, ChatAccount, Invite, LinkAttempt, Person, RoleGrant
from scoring.directory import find_province

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
CODE_LENGTH = 12
MAX_FAILURES_PER_HOUR = 5
FORGOTTEN = "(forgotten)"  # stands in for a forgotten person's id in sent messages' history


class InviteError(ValueError):
    """An invite that cannot be created as asked."""


@dataclass(frozen=True)
class CreatedInvite:
    """A new invite: the code is shown once and never stored in clear."""

    code: str
    role: str
    expires_at: datetime
    grant: Grant


@dataclass(frozen=True)
class LinkResult:
    """The outcome of ``link CODE``: ``status`` is "linked", "invalid" or "rate_limited"."""

    status: str
    grant: Grant | None = None


def normalise_code(code: str) -> str:
    """Codes are typed by people: ignore case, spaces and dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def hash_code(code: str) -> str:
    """The stored form of a code."""
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def new_code() -> str:
    """A random code such as ``K7QF-2M9X-PA4T`` (about 59 bits)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


async def create_invite(
    session: AsyncSession,
    *,
    role: str,
    now: datetime,
    agency_code: str | None = None,
    province: str | None = None,
    ministry: str | None = None,
    days: int = 7,
) -> CreatedInvite:
    """Create a one-time invite for ``role`` over an agency, a province or a ministry."""
    if role not in ROLES:
        raise InviteError(f"role must be one of {', '.join(ROLES)}")
    if days < 1 or days > 90:
        raise InviteError("an invite lasts 1 to 90 days")
    if role == "officer":
        if not agency_code or province or ministry:
            raise InviteError("an officer invite needs --agency CODE (and nothing else)")
        if await session.get(Agency, agency_code) is None:
            raise InviteError(f"no agency with code {agency_code}")
    elif role == "coordinator":
        if agency_code or bool(province) == bool(ministry):
            raise InviteError("a coordinator invite needs --province NAME or --ministry NAME")
        if province:
            found = find_province(province)
            if found is None:
                raise InviteError(f"unknown province {province}")
            province = found.name_th
    elif agency_code or province or ministry:
        raise InviteError("an admin invite takes no agency, province or ministry")
    code = new_code()
    expires_at = now + timedelta(days=days)
    session.add(
        Invite(
            code_hash=hash_code(code),
            role=role,
            agency_code=agency_code,
            province=province,
            ministry=ministry,
            created_at=now,
            expires_at=expires_at,
        )
    )
    await session.flush()
    return CreatedInvite(code, role, expires_at, Grant(role, agency_code, province, ministry))


async def viewer_for(session: AsyncSession, *, channel: str, user_id: str) -> Viewer:
    """The person behind a chat account and every grant they hold."""
    person_id = await session.scalar(
        select(ChatAccount.person_id).where(
            ChatAccount.channel == channel, ChatAccount.platform_user_id == user_id
        )
    )
    if person_id is None:
        return Viewer(None)
    grants = await session.scalars(select(RoleGrant).where(RoleGrant.person_id == person_id))
    return Viewer(
        person_id, tuple(Grant(g.role, g.agency_code, g.province, g.ministry) for g in grants)
    )


async def _person_for(
    session: AsyncSession, channel: str, user_id: str, now: datetime, language: str
) -> int:
    account = await session.scalar(
        select(ChatAccount).where(
            ChatAccount.channel == channel, ChatAccount.platform_user_id == user_id
        )
    )
    if account is not None:
        return account.person_id
    person = Person(language=language, created_at=now)
    session.add(person)
    await session.flush()
    session.add(
        ChatAccount(
            person_id=person.id,
            channel=channel,
            platform_user_id=user_id,
            active=True,
            created_at=now,
        )
    )
    await session.flush()
    return person.id


def _equals(column, value):
    return column.is_(None) if value is None else column == value


async def redeem(
    session: AsyncSession,
    *,
    channel: str,
    user_id: str,
    code: str,
    now: datetime,
    language: str = "th",
) -> LinkResult:
    """Bind the chat account to the invite's role, once. Commits its own work."""
    failures = await session.scalar(
        select(func.count())
        .select_from(LinkAttempt)
        .where(
            LinkAttempt.channel == channel,
            LinkAttempt.platform_user_id == user_id,
            LinkAttempt.at > now - timedelta(hours=1),
        )
    )
    if failures >= MAX_FAILURES_PER_HOUR:
        return LinkResult("rate_limited")
    invite = await session.scalar(
        select(Invite).where(
            Invite.code_hash == hash_code(code), Invite.used_at.is_(None), Invite.expires_at > now
        )
    )
    claimed = None
    if invite is not None:  # claim it atomically: two people racing for one code, one wins
        claimed = await session.execute(
            update(Invite)
            .where(Invite.id == invite.id, Invite.used_at.is_(None))
            .values(used_at=now)
        )
    if invite is None or claimed.rowcount != 1:
        await session.rollback()
        session.add(LinkAttempt(channel=channel, platform_user_id=user_id, at=now))
        await session.commit()
        return LinkResult("invalid")
    person_id = await _person_for(session, channel, user_id, now, language)
    invite.used_by = person_id
    grant = Grant(invite.role, invite.agency_code, invite.province, invite.ministry)
    exists = await session.scalar(
        select(RoleGrant.id).where(
            RoleGrant.person_id == person_id,
            RoleGrant.role == grant.role,
            _equals(RoleGrant.agency_code, grant.agency_code),
            _equals(RoleGrant.province, grant.province),
            _equals(RoleGrant.ministry, grant.ministry),
        )
    )
    if exists is None:
        session.add(
            RoleGrant(
                person_id=person_id,
                role=grant.role,
                agency_code=grant.agency_code,
                province=grant.province,
                ministry=grant.ministry,
                created_at=now,
            )
        )
    await session.commit()
    return LinkResult("linked", grant)


async def _account(session: AsyncSession, channel: str, user_id: str) -> ChatAccount | None:
    return await session.scalar(
        select(ChatAccount).where(
            ChatAccount.channel == channel, ChatAccount.platform_user_id == user_id
        )
    )


async def set_active(session: AsyncSession, *, channel: str, user_id: str, active: bool) -> None:
    """Follow/unfollow, blocked/unblocked: only reachable accounts get reminders."""
    account = await _account(session, channel, user_id)
    if account is not None:
        account.active = active
        await session.commit()


async def set_muted(
    session: AsyncSession,
    *,
    channel: str,
    user_id: str,
    muted: bool,
    now: datetime,
    language: str = "th",
) -> None:
    """/mute and /unmute (an account is created for people not linked yet)."""
    await _person_for(session, channel, user_id, now, language)
    account = await _account(session, channel, user_id)
    account.muted = muted
    await session.commit()


async def forget(session: AsyncSession, *, channel: str, user_id: str) -> None:
    """/forget: delete the person, every chat account and grant, their conversations, link
    attempts and the messages still queued for them; in the delivery history their id is
    replaced by a placeholder (the counts stay right). Commits."""
    from db.tables import Broadcast, Conversation, OutboxMessage

    account = await _account(session, channel, user_id)
    accounts = [(channel, user_id)]
    if account is not None:
        rows = await session.scalars(
            select(ChatAccount).where(ChatAccount.person_id == account.person_id)
        )
        accounts = [(a.channel, a.platform_user_id) for a in rows]
        await session.execute(
            update(Invite).where(Invite.used_by == account.person_id).values(used_by=None)
        )
        await session.execute(
            update(Broadcast)
            .where(Broadcast.author_person_id == account.person_id)
            .values(author_person_id=None, author="forgotten")
        )
        await session.execute(delete(RoleGrant).where(RoleGrant.person_id == account.person_id))
        await session.execute(delete(ChatAccount).where(ChatAccount.person_id == account.person_id))
        await session.execute(delete(Person).where(Person.id == account.person_id))
    for one_channel, one_user in accounts:
        await session.execute(
            delete(Conversation).where(
                Conversation.channel == one_channel, Conversation.user_id == one_user
            )
        )
        await session.execute(
            delete(LinkAttempt).where(
                LinkAttempt.channel == one_channel, LinkAttempt.platform_user_id == one_user
            )
        )
        held = await session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.channel == one_channel,
                cast(OutboxMessage.recipients, String).like(f'%"{one_user}"%'),
            )
        )
        for message in held:
            if one_user not in message.recipients:
                continue
            if message.status not in ("pending", "sending"):  # history: keep the count only
                message.recipients = [FORGOTTEN if r == one_user else r for r in message.recipients]
                continue
            remaining = [r for r in message.recipients if r != one_user]
            if remaining:
                message.recipients = remaining
            else:
                await session.delete(message)
    await session.commit()
