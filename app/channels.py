"""Builds the chat channels whose credentials are configured."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import async_sessionmaker

from app.settings import Settings
from bot.clock import Clock
from bot.media import load_media
from webhooks.channel import ChannelAdapter


def build_channels(
    settings: Settings, sessions: async_sessionmaker, clock: Clock
) -> dict[str, ChannelAdapter]:
    """``{"line": ..., "telegram": ...}`` for the channels that are on."""
    channels: dict[str, ChannelAdapter] = {}
    if settings.line_enabled:
        from webhooks.line.adapter import LineAdapter

        channels["line"] = LineAdapter(
            channel_secret=settings.line_channel_secret.get_secret_value(),
            access_token=settings.line_channel_access_token.get_secret_value(),
            api_base_url=settings.line_api_base_url,
            public_base_url=settings.public_base_url,
            timeout=settings.platform_timeout_seconds,
        )
    if settings.telegram_enabled:
        from webhooks.telegram.adapter import TelegramAdapter

        async def media(path: str) -> bytes | None:
            token = path.removeprefix("/media/").removesuffix(".png")
            async with sessions() as session:
                found = await load_media(session, token=token, now=clock.now())
            return found.body if found else None

        channels["telegram"] = TelegramAdapter(
            token=settings.telegram_bot_token.get_secret_value(),
            webhook_secret=settings.telegram_webhook_secret.get_secret_value(),
            api_base_url=settings.telegram_api_base_url,
            media_loader=media,
            timeout=settings.platform_timeout_seconds,
        )
    return channels
