"""Builds the bot's services once: knowledge base, searcher, understander."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from sqlalchemy.ext.asyncio import async_sessionmaker

from app.settings import Settings
from bot.clock import Clock
from bot.context import Services
from bot.conversation import ConversationStore, MemoryConversationStore
from bot.core import Bot
from bot.understanding import Understander
from knowledge.loader import default_knowledge
from knowledge.search import Searcher


@lru_cache(maxsize=4)
def build_services(chunk_chars: int = 900) -> Services:
    """Load and index the knowledge base (about a second; cached per process)."""
    kb = default_knowledge()
    return Services(kb=kb, understander=Understander(Searcher(kb)), chunk_chars=chunk_chars)


def build_bot(
    settings: Settings,
    store: ConversationStore | None = None,
    sessions: async_sessionmaker | None = None,
    clock: Clock | None = None,
) -> Bot:
    """A bot over the packaged knowledge base, keeping state in ``store`` (memory by default).

    Without ``sessions`` the bot is offline: knowledge only, nothing personal.
    """
    services = build_services(settings.reply_chunk_chars)
    services = replace(
        services, sessions=sessions, clock=clock or services.clock, channels=settings.chat_channels
    )
    return Bot(services, store or MemoryConversationStore())
