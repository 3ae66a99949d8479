"""The core's replies as Telegram messages: text in parts of at most 4,096 characters, an
inline keyboard (two buttons a row, callback data at most 64 bytes), photos for charts."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.chunks import split_text
from bot.messages import Reply

log = logging.getLogger("dgbot.telegram")
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_BYTES = 64


@dataclass(frozen=True)
class TelegramMessage:
    """One sendMessage or sendPhoto call."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None
    photo_path: str | None = None  # the core's media path, e.g. /media/<token>.png


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """Buttons as an inline keyboard (buttons whose payload is too long are left out)."""
    buttons = []
    for button in reply.buttons:
        if button.action.startswith(("https://", "http://")):
            buttons.append(InlineKeyboardButton(button.label[:64], url=button.action))
            continue
        if len(button.action.encode()) > CALLBACK_BYTES:
            log.warning("button payload over 64 bytes left out")
            continue
        buttons.append(InlineKeyboardButton(button.label[:64], callback_data=button.action))
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return InlineKeyboardMarkup(rows) if rows else None


def render(replies: list[Reply]) -> list[TelegramMessage]:
    """Telegram calls for ``replies``, in order; a reply's keyboard goes on its last part."""
    out: list[TelegramMessage] = []
    for reply in replies:
        text = f"{reply.title}\n{reply.text}" if reply.title else reply.text
        markup = keyboard(reply)
        if reply.image_url:
            caption = text if len(text) <= CAPTION_LIMIT else text[: CAPTION_LIMIT - 1] + "…"
            out.append(TelegramMessage(caption, markup, reply.image_url))
            continue
        parts = split_text(text, TEXT_LIMIT)
        out += [TelegramMessage(part) for part in parts[:-1]]
        out.append(TelegramMessage(parts[-1], markup))
    return out
