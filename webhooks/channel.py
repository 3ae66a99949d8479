"""What every chat channel adapter offers the app: verify-and-split a webhook into events,
turn one stored event into the core's :class:`~bot.messages.Inbound`, and deliver replies
(immediately, or later from the outbox) with one shared vocabulary of results."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from bot.messages import Inbound, Reply


class WebhookRejected(Exception):
    """The request is not from the platform (bad signature or secret): answer 400/403."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


@dataclass(frozen=True)
class EventEnvelope:
    """One platform event, ready to store: a unique key and the raw JSON."""

    key: str
    payload: dict


@dataclass(frozen=True)
class Incoming:
    """A stored event translated: the core's message and how to answer it right away."""

    inbound: Inbound
    reply_handle: str | None  # LINE reply token / Telegram chat id


@dataclass(frozen=True)
class SendResult:
    """Outcome of a delivery attempt.

    ``status``: ``sent``; ``retry`` (try again after ``retry_after`` seconds, or with
    backoff when ``None``); ``failed`` (permanent, e.g. a bad request); ``blocked`` (the
    recipients in ``blocked`` have blocked the bot). ``uncertain`` marks a retry whose request
    may have been acted on (no answer came), for senders without an idempotency key.
    """

    status: str
    retry_after: float | None = None
    error: str | None = None
    blocked: list[str] = field(default_factory=list)
    uncertain: bool = False  # the request went out but no answer came: it may have arrived


class ChannelAdapter(Protocol):
    """A chat platform as the app sees it."""

    name: str

    def events(self, body: bytes, headers: dict[str, str]) -> list[EventEnvelope]:
        """Verify the request, then split it into storable events (raises WebhookRejected)."""

    async def incoming(self, payload: dict) -> Incoming | None:
        """The core's message for a stored event; ``None`` for events we ignore."""

    async def reply(self, handle: str, replies: list[Reply]) -> SendResult:
        """Answer right away (LINE reply token, Telegram chat)."""

    async def send(self, recipients: list[str], replies: list[Reply], retry_key: str) -> SendResult:
        """Deliver from the outbox (push / multicast / sendMessage)."""

    def messages_per_recipient(self, replies: list[Reply]) -> int:
        """How many platform messages one recipient of ``replies`` costs (for rate limits)."""
