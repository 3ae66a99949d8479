"""Incoming Telegram ``Update`` JSON for tests (what Telegram POSTs to the webhook), shaped so
``telegram.Update.de_json(update, bot)`` parses it; plus the user/chat objects both sides use."""

from __future__ import annotations

import secrets
import time
from typing import Any

BOT_ID = 7_000_000_001
BOT_USERNAME = "dgbot_test_bot"
SECRET_TOKEN_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # carries setWebhook's secret_token


def bot_user(bot_id: int = BOT_ID, username: str = BOT_USERNAME) -> dict[str, Any]:
    """The bot's own ``User`` object (as getMe answers and as ``from`` of its messages)."""
    return {
        "id": bot_id,
        "is_bot": True,
        "first_name": "dgbot",
        "username": username,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
    }


def user_object(user_id: int, language_code: str | None = "th") -> dict[str, Any]:
    """A human ``User``."""
    user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}
    if language_code:
        user["language_code"] = language_code
    return user


def chat_object(chat_id: int) -> dict[str, Any]:
    """A ``Chat``: positive IDs are private chats, -100… supergroups, other negatives groups."""
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": f"User{chat_id}"}
    kind = "supergroup" if chat_id <= -1_000_000_000_000 else "group"
    return {"id": chat_id, "type": kind, "title": f"Group {abs(chat_id)}"}


def _sender(chat_id: int, user_id: int | None) -> int:
    return user_id if user_id is not None else (chat_id if chat_id > 0 else 1000)


def _message(
    chat_id: int,
    message_id: int | None,
    language_code: str | None,
    user_id: int | None,
    content: dict[str, Any],
) -> dict[str, Any]:
    return {
        "message_id": message_id if message_id is not None else secrets.randbelow(10**6),
        "from": user_object(_sender(chat_id, user_id), language_code),
        "chat": chat_object(chat_id),
        "date": int(time.time()),
        **content,
    }


def text_update(
    update_id: int,
    chat_id: int,
    text: str,
    language_code: str | None = "th",
    message_id: int | None = None,
    user_id: int | None = None,
) -> dict[str, Any]:
    """A user sent ``text``; a leading ``/command`` gets its ``bot_command`` entity."""
    content: dict[str, Any] = {"text": text}
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0]
        content["entities"] = [
            {"type": "bot_command", "offset": 0, "length": len(command.encode("utf-16-le")) // 2}
        ]
    return {
        "update_id": update_id,
        "message": _message(chat_id, message_id, language_code, user_id, content),
    }


def callback_update(
    update_id: int,
    chat_id: int,
    data: str,
    message_id: int,
    language_code: str | None = "th",
    query_id: str | None = None,
    message_text: str = "…",
    user_id: int | None = None,
) -> dict[str, Any]:
    """A user tapped an inline button carrying ``data`` under the bot's message ``message_id``."""
    message = {
        "message_id": message_id,
        "from": bot_user(),
        "chat": chat_object(chat_id),
        "date": int(time.time()),
        "text": message_text,
    }
    return {
        "update_id": update_id,
        "callback_query": {
            "id": query_id or str(secrets.randbelow(10**18)),
            "from": user_object(_sender(chat_id, user_id), language_code),
            "message": message,
            "chat_instance": str(-abs(chat_id) * 7919),
            "data": data,
        },
    }


def my_chat_member_update(
    update_id: int, chat_id: int, status: str, language_code: str | None = "th"
) -> dict[str, Any]:
    """The bot's membership changed: ``"kicked"`` = the user blocked the bot, ``"member"`` =
    unblocked (or started it)."""
    old = "member" if status == "kicked" else "kicked"

    def member(state: str) -> dict[str, Any]:
        return {
            "user": bot_user(),
            "status": state,
            **({"until_date": 0} if state == "kicked" else {}),
        }

    return {
        "update_id": update_id,
        "my_chat_member": {
            "chat": chat_object(chat_id),
            "from": user_object(_sender(chat_id, None), language_code),
            "date": int(time.time()),
            "old_chat_member": member(old),
            "new_chat_member": member(status),
        },
    }


def sticker_update(
    update_id: int,
    chat_id: int,
    emoji: str = "👍",
    language_code: str | None = "th",
    message_id: int | None = None,
) -> dict[str, Any]:
    """A user sent a sticker."""
    sticker = {
        "file_id": "CAACAgIAAxkBAAE" + secrets.token_urlsafe(16),
        "file_unique_id": "AgAD" + secrets.token_urlsafe(6),
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": emoji,
        "set_name": "HotCherry",
        "file_size": 24000,
    }
    return {
        "update_id": update_id,
        "message": _message(chat_id, message_id, language_code, None, {"sticker": sticker}),
    }


def photo_update(
    update_id: int,
    chat_id: int,
    caption: str | None = None,
    language_code: str | None = "th",
    message_id: int | None = None,
) -> dict[str, Any]:
    """A user sent a photo (Telegram lists it in several sizes, smallest first)."""
    unique = secrets.token_urlsafe(6)
    sizes = [
        {
            "file_id": f"AgACAgUAAxkBAAI{unique}{w}",
            "file_unique_id": f"AQAD{unique}{w}",
            "width": w,
            "height": h,
            "file_size": w * h // 10,
        }
        for w, h in ((90, 68), (320, 240), (1280, 960))
    ]
    content: dict[str, Any] = {"photo": sizes}
    if caption is not None:
        content["caption"] = caption
    return {
        "update_id": update_id,
        "message": _message(chat_id, message_id, language_code, None, content),
    }


def location_update(
    update_id: int,
    chat_id: int,
    latitude: float = 18.2888,
    longitude: float = 99.4909,
    language_code: str | None = "th",
    message_id: int | None = None,
) -> dict[str, Any]:
    """A user shared a location (default: Lampang)."""
    content = {"location": {"latitude": latitude, "longitude": longitude}}
    return {
        "update_id": update_id,
        "message": _message(chat_id, message_id, language_code, None, content),
    }
