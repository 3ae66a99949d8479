"""Incoming LINE webhook bodies for tests: event builders, the envelope and its signature."""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import secrets
import time
from typing import Any

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_message_ids = itertools.count(600_000_000_000_000_000)


def line_user_id(name: str) -> str:
    """A well-formed, stable LINE user ID (``U`` + 32 hex digits) derived from ``name``."""
    return "U" + hashlib.md5(name.encode()).hexdigest()  # an ID, not security


BOT_USER_ID = line_user_id("dgbot official account")


def sign(body: bytes | str, channel_secret: str) -> str:
    """``X-Line-Signature`` for ``body``: base64 of HMAC-SHA256 keyed by the channel secret."""
    raw = body.encode() if isinstance(body, str) else body
    digest = hmac.new(channel_secret.encode(), raw, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def line_event_body(events: list[dict[str, Any]], destination: str = BOT_USER_ID) -> bytes:
    """The webhook request body LINE POSTs (UTF-8 JSON bytes, ready for :func:`sign`)."""
    payload = {"destination": destination, "events": events}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def webhook_event_id() -> str:
    """A fresh ULID-shaped webhook event ID, as LINE sends."""
    return "".join(secrets.choice(_CROCKFORD) for _ in range(26))


def _event(
    kind: str, user_id: str, event_id: str | None, redelivery: bool, timestamp: int | None
) -> dict[str, Any]:
    return {
        "type": kind,
        "mode": "active",
        "timestamp": timestamp if timestamp is not None else int(time.time() * 1000),
        "source": {"type": "user", "userId": user_id},
        "webhookEventId": event_id or webhook_event_id(),
        "deliveryContext": {"isRedelivery": redelivery},
    }


def _message_event(
    user_id: str,
    reply_token: str,
    content: dict[str, Any],
    event_id: str | None,
    redelivery: bool,
    timestamp: int | None,
) -> dict[str, Any]:
    event = _event("message", user_id, event_id, redelivery, timestamp)
    event["replyToken"] = reply_token
    event["message"] = {"id": str(next(_message_ids)), **content}
    return event


def text_event(
    user_id: str,
    text: str,
    reply_token: str,
    webhook_event_id: str | None = None,
    redelivery: bool = False,
    timestamp: int | None = None,
) -> dict[str, Any]:
    """A user sent ``text``."""
    content = {"type": "text", "quoteToken": secrets.token_urlsafe(24), "text": text}
    return _message_event(user_id, reply_token, content, webhook_event_id, redelivery, timestamp)


def sticker_event(
    user_id: str,
    reply_token: str,
    package_id: str = "446",
    sticker_id: str = "1988",
    webhook_event_id: str | None = None,
    redelivery: bool = False,
    timestamp: int | None = None,
) -> dict[str, Any]:
    """A user sent a sticker."""
    content = {
        "type": "sticker",
        "quoteToken": secrets.token_urlsafe(24),
        "packageId": package_id,
        "stickerId": sticker_id,
        "stickerResourceType": "STATIC",
        "keywords": ["Happy", "Smile"],
    }
    return _message_event(user_id, reply_token, content, webhook_event_id, redelivery, timestamp)


def image_event(
    user_id: str,
    reply_token: str,
    webhook_event_id: str | None = None,
    redelivery: bool = False,
    timestamp: int | None = None,
) -> dict[str, Any]:
    """A user sent a photo (its bytes would be fetched from the data host)."""
    content = {
        "type": "image",
        "quoteToken": secrets.token_urlsafe(24),
        "contentProvider": {"type": "line"},
    }
    return _message_event(user_id, reply_token, content, webhook_event_id, redelivery, timestamp)


def location_event(
    user_id: str,
    reply_token: str,
    latitude: float = 18.2888,
    longitude: float = 99.4909,
    title: str | None = "ศาลากลางจังหวัดลำปาง",
    address: str | None = "ลำปาง",
    webhook_event_id: str | None = None,
    redelivery: bool = False,
    timestamp: int | None = None,
) -> dict[str, Any]:
    """A user shared a location (defaults: Lampang provincial hall)."""
    content: dict[str, Any] = {"type": "location", "latitude": latitude, "longitude": longitude}
    if title is not None:
        content["title"] = title
    if address is not None:
        content["address"] = address
    return _message_event(user_id, reply_token, content, webhook_event_id, redelivery, timestamp)


def postback_event(
    user_id: str,
    data: str,
    reply_token: str,
    webhook_event_id: str | None = None,
    redelivery: bool = False,
    params: dict[str, str] | None = None,
    timestamp: int | None = None,
) -> dict[str, Any]:
    """A user tapped a postback action (button, quick reply or rich-menu area)."""
    event = _event("postback", user_id, webhook_event_id, redelivery, timestamp)
    event["replyToken"] = reply_token
    event["postback"] = {"data": data, **({"params": params} if params else {})}
    return event


def follow_event(
    user_id: str,
    reply_token: str,
    webhook_event_id: str | None = None,
    redelivery: bool = False,
    is_unblocked: bool = False,
    timestamp: int | None = None,
) -> dict[str, Any]:
    """A user added the account as a friend (``is_unblocked``: they had blocked it before)."""
    event = _event("follow", user_id, webhook_event_id, redelivery, timestamp)
    event["replyToken"] = reply_token
    event["follow"] = {"isUnblocked": is_unblocked}
    return event


def unfollow_event(
    user_id: str,
    webhook_event_id: str | None = None,
    redelivery: bool = False,
    timestamp: int | None = None,
) -> dict[str, Any]:
    """A user blocked the account (no reply token: nothing can be sent back)."""
    return _event("unfollow", user_id, webhook_event_id, redelivery, timestamp)
