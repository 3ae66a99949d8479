"""Bot API parameter decoding and the checks Telegram makes that dgbot can run into; each
check returns Telegram's ``description`` ("Bad Request: …") or ``None``."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.doubles._server import utf16_len

# Parameters a client sends as plain strings; anything else arrives JSON-encoded in forms.
STRING_PARAMS = {
    "text",
    "caption",
    "callback_query_id",
    "url",
    "secret_token",
    "parse_mode",
    "language_code",
    "photo",
    "ip_address",
    "inline_message_id",
    "business_connection_id",
    "message_effect_id",
    "certificate",
}
BUTTON_ACTIONS = {
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
}
COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def decode_param(name: str, value: str) -> Any:
    """A form/query value as the Bot API reads it: JSON for structured parameters."""
    if name in STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def text_error(text: Any) -> str | None:
    """sendMessage's ``text``: 1 to 4096 characters."""
    if not isinstance(text, str) or not text.strip():
        return "Bad Request: message text is empty"
    if utf16_len(text) > 4096:
        return "Bad Request: message is too long"
    return None


def caption_error(caption: Any) -> str | None:
    """A media caption: at most 1024 characters."""
    if isinstance(caption, str) and utf16_len(caption) > 1024:
        return "Bad Request: message caption is too long"
    return None


def markup_error(markup: Any) -> str | None:
    """``reply_markup``: inline keyboards get Telegram's button checks."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        return "Bad Request: can't parse reply keyboard markup JSON object"
    if "inline_keyboard" not in markup:
        return None
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        return "Bad Request: can't parse inline keyboard markup: expected an Array of Arrays"
    buttons = [button for row in rows for button in row]
    if len(buttons) > 100:
        return "Bad Request: reply markup is too long"
    for button in buttons:
        if not isinstance(button, dict) or not isinstance(button.get("text"), str):
            return (
                'Bad Request: can\'t parse inline keyboard button: Field "text" must be '
                "of type String"
            )
        if not BUTTON_ACTIONS & button.keys():
            return (
                "Bad Request: can't parse inline keyboard button: Text buttons are "
                "unallowed in the inline keyboard"
            )
        data = button.get("callback_data")
        if "callback_data" in button and (
            not isinstance(data, str) or not 1 <= len(data.encode()) <= 64
        ):
            return "Bad Request: BUTTON_DATA_INVALID"
        url = button.get("url")
        if "url" in button and (
            not isinstance(url, str) or not url.startswith(("http://", "https://", "tg://"))
        ):
            return "Bad Request: BUTTON_URL_INVALID"
    return None


def commands_error(commands: Any) -> str | None:
    """setMyCommands' list: at most 100 ``{command, description}``."""
    if not isinstance(commands, list):
        return "Bad Request: can't parse commands JSON object"
    if len(commands) > 100:
        return "Bad Request: too many commands"
    for command in commands:
        if not isinstance(command, dict) or not COMMAND.match(str(command.get("command", ""))):
            return "Bad Request: BOT_COMMAND_INVALID"
        description = command.get("description")
        if not isinstance(description, str) or not 1 <= utf16_len(description) <= 256:
            return "Bad Request: command description must be non-empty"
    return None


def webhook_error(url: Any, secret_token: Any) -> str | None:
    """setWebhook: an HTTPS URL (empty removes the webhook) and a safe secret token."""
    if not isinstance(url, str):
        return "Bad Request: bad webhook: URL must be a string"
    if url and not url.startswith("https://"):
        return "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
    if secret_token is not None and not SECRET.match(str(secret_token)):
        return "Bad Request: secret token contains unallowed characters"
    return None
