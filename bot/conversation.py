"""Conversation state per (channel, user): the chosen language and pending follow-ups."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass
class ConversationRecord:
    """What is kept about one conversation."""

    language: str | None = None
    state: dict = field(default_factory=dict)


class ConversationStore(Protocol):
    """Loads and saves conversation records."""

    async def load(self, *, channel: str, user_id: str) -> ConversationRecord:
        """The record, or an empty one for a new person."""

    async def save(self, *, channel: str, user_id: str, record: ConversationRecord) -> None:
        """Store the record."""


class MemoryConversationStore:
    """In-process store, for one-shot use (``dgbot ask``) and the terminal chat."""

    def __init__(self) -> None:
        self._records: dict[tuple[str, str], ConversationRecord] = {}

    async def load(self, *, channel: str, user_id: str) -> ConversationRecord:
        """The stored record or an empty one."""
        record = self._records.get((channel, user_id))
        return (
            ConversationRecord(record.language, dict(record.state))
            if record
            else ConversationRecord()
        )

    async def save(self, *, channel: str, user_id: str, record: ConversationRecord) -> None:
        """Keep a copy of the record."""
        self._records[(channel, user_id)] = ConversationRecord(record.language, dict(record.state))
