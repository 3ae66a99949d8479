"""What a handler gets: the message, the person's language and state, the services."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.clock import Clock, SystemClock
from bot.messages import Inbound
from bot.understanding import Understander, Understanding
from knowledge.loader import KnowledgeBase

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import async_sessionmaker


@dataclass(frozen=True)
class Services:
    """Services the handlers use. ``sessions`` is ``None`` offline (``dgbot ask``): then
    nothing personal (links, agency scores) is available."""

    kb: KnowledgeBase
    understander: Understander
    chunk_chars: int = 900
    sessions: async_sessionmaker | None = None
    clock: Clock = field(default_factory=SystemClock)
    channels: frozenset[str] = frozenset()  # chat channels that are on (for broadcasts)


@dataclass
class Context:
    """One message being handled. ``state`` is saved back after the handler ran."""

    inbound: Inbound
    language: str
    services: Services
    state: dict = field(default_factory=dict)
    understanding: Understanding | None = None
    forgotten: bool = False  # set by /forget: nothing may be saved about this person any more

    @property
    def text(self) -> str:
        """The typed text, stripped ("" for button presses)."""
        return (self.inbound.text or "").strip()
