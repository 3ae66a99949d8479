"""LINE webhook events -> the core's Inbound (text, postback, follow/unfollow, the rest)."""

from __future__ import annotations

from linebot.v3.webhooks import (
    Event,
    FollowEvent,
    MessageEvent,
    PostbackEvent,
    TextMessageContent,
    UnfollowEvent,
)

from bot.messages import Inbound


def user_of(event: Event) -> str | None:
    """The LINE user id behind an event (``None`` for groups without one)."""
    source = getattr(event, "source", None)
    return getattr(source, "user_id", None)


def to_inbound(event: Event, language: str | None = None) -> Inbound | None:
    """The core's message for ``event``, or ``None`` for events dgbot ignores."""
    user = user_of(event)
    if user is None:
        return None
    if isinstance(event, MessageEvent):
        if isinstance(event.message, TextMessageContent):
            return Inbound("line", user, text=event.message.text, language=language)
        return Inbound("line", user, language=language, event="unsupported")
    if isinstance(event, PostbackEvent):
        return Inbound("line", user, action=event.postback.data, language=language)
    if isinstance(event, FollowEvent):
        return Inbound("line", user, language=language, event="follow")
    if isinstance(event, UnfollowEvent):
        return Inbound("line", user, event="unfollow")
    return None
