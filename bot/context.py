"""What a handler gets: the message, the person's language and state, the services."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.messages import Inbound
from bot.understanding import Understander, Understanding
from knowledge.loader import KnowledgeBase


@dataclass(frozen=True)
class Services:
    """Read-only services the handlers use."""

    kb: KnowledgeBase
    understander: Understander
    chunk_chars: int = 900


@dataclass
class Context:
    """One message being handled. ``state`` is saved back after the handler ran."""

    inbound: Inbound
    language: str
    services: Services
    state: dict = field(default_factory=dict)
    understanding: Understanding | None = None

    @property
    def text(self) -> str:
        """The typed text, stripped ("" for button presses)."""
        return (self.inbound.text or "").strip()
