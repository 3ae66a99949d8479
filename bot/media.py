"""Generated files (charts) kept briefly in the database and served by unguessable URL."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.tables import Media

MEDIA_TTL = timedelta(days=7)


async def store_media(
    session: AsyncSession, *, body: bytes, content_type: str, now: datetime, days: int | None = None
) -> str:
    """Keep ``body`` for :data:`MEDIA_TTL` (or ``days``); returns the token of its URL
    ``/media/<token>``."""
    await session.execute(delete(Media).where(Media.expires_at <= now))
    token = secrets.token_urlsafe(24)
    session.add(
        Media(
            token=token,
            content_type=content_type,
            body=body,
            created_at=now,
            expires_at=now + (MEDIA_TTL if days is None else timedelta(days=days)),
        )
    )
    return token


async def load_media(session: AsyncSession, *, token: str, now: datetime) -> Media | None:
    """The file behind ``token`` while it has not expired."""
    return await session.scalar(select(Media).where(Media.token == token, Media.expires_at > now))


def media_path(token: str) -> str:
    """The path adapters turn into an absolute URL."""
    return f"/media/{token}.png"
