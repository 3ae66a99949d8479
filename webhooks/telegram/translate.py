"""Telegram updates -> the core's Inbound (text, commands, button presses, blocked/unblocked)."""

from __future__ import annotations

import re

from telegram import Update

from bot.messages import Inbound

_COMMAND_SUFFIX = re.compile(r"^(/\w+)@\w+")
_COMMANDS = {"/score": "คะแนนของเรา", "/bcp": "BCP คืออะไร"}
_COMMANDS_EN = {"/score": "what is our score", "/bcp": "what is BCP"}


def _language(update: Update) -> str | None:
    user = update.effective_user
    code = (user.language_code or "").split("-")[0] if user else ""
    return code if code in {"th", "en"} else None


def command_text(text: str, language: str | None) -> str:
    """ "/score@dgbot_bot" -> the question it stands for; other commands lose the @bot suffix."""
    text = _COMMAND_SUFFIX.sub(r"\1", text.strip())
    table = _COMMANDS_EN if language == "en" else _COMMANDS
    return table.get(text.split()[0], text) if text.startswith("/") and text.split() else text


def to_inbound(update: Update) -> Inbound | None:
    """The core's message for ``update``, or ``None`` for updates dgbot ignores."""
    language = _language(update)
    if update.my_chat_member is not None:
        status = update.my_chat_member.new_chat_member.status
        chat = str(update.my_chat_member.chat.id)
        if status in {"kicked", "left"}:
            return Inbound("telegram", chat, event="blocked")
        if status == "member":
            return Inbound("telegram", chat, language=language, event="unblocked")
        return None
    if update.callback_query is not None and update.effective_chat is not None:
        return Inbound(
            "telegram",
            str(update.effective_chat.id),
            action=update.callback_query.data,
            language=language,
        )
    message = update.effective_message
    if message is None or update.effective_chat is None or update.effective_chat.type != "private":
        return None
    chat = str(update.effective_chat.id)
    if message.text:
        return Inbound(
            "telegram", chat, text=command_text(message.text, language), language=language
        )
    return Inbound("telegram", chat, language=language, event="unsupported")
