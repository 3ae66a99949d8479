"""A Telegram Bot API double: a real HTTP server answering ``/bot<token>/<method>`` the way
api.telegram.org does, for python-telegram-bot pointed at it with
``telegram.Bot(token, base_url=f"{double.base_url}/bot")``.

Parameters are read from the query string, a JSON body, a urlencoded form or multipart (PTB
sends forms, JSON-encoding structured values, and multipart when uploading). Answers are
``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code", "description"[, "parameters"]}``.
Flood control: at most ``rate_limit`` sendMessage/sendPhoto per ``rate_window`` seconds across
all chats (sliding window on the double's clock); every send that passes validation counts.
"""

from __future__ import annotations

import copy
import math
import re
import secrets
from collections import defaultdict, deque
from collections.abc import Callable
from typing import Any

from starlette.responses import Response

from tests.doubles._server import Call, ClockLike, HttpDouble, Rule, image_kind, png_size
from tests.doubles.telegram_settings import SettingsMethods, error, ok
from tests.doubles.telegram_updates import (  # re-exported: the webhook side lives with the API
    BOT_ID,
    BOT_USERNAME,
    SECRET_TOKEN_HEADER,
    bot_user,
    callback_update,
    chat_object,
    location_update,
    my_chat_member_update,
    photo_update,
    sticker_update,
    text_update,
)
from tests.doubles.telegram_validation import (
    caption_error,
    decode_param,
    markup_error,
    text_error,
)

__all__ = [
    "SECRET_TOKEN_HEADER",
    "TelegramApiDouble",
    "callback_update",
    "location_update",
    "my_chat_member_update",
    "photo_update",
    "sticker_update",
    "text_update",
]

PATH = re.compile(r"^/bot(?P<token>[^/]+)/(?P<method>[A-Za-z]+)$")
DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


class TelegramApiDouble(SettingsMethods, HttpDouble):
    """The Bot API on ``http://127.0.0.1:PORT``; see the module docstring.

    Order of checks per call: the token in the path (401), then an injected fault, then the
    method. ``reset()`` forgets calls, faults, delays, sent messages, files, the webhook,
    commands, callback answers and the flood window; blocks and configuration stay.
    """

    def __init__(
        self,
        token: str = f"{BOT_ID}:TEST-dgbot-token",
        clock: ClockLike | None = None,
        bot_username: str = BOT_USERNAME,
        rate_limit: int = 30,
        rate_window: float = 1.0,
    ) -> None:
        super().__init__(clock)
        self.token = token
        self.bot_user = bot_user(
            int(token.split(":")[0]) if token.split(":")[0].isdigit() else BOT_ID, bot_username
        )
        self.rate_limit, self.rate_window = rate_limit, rate_window
        self._blocked: set[int] = set()
        self._methods: dict[str, Callable[[dict[str, Any], Call], Response]] = {
            "getme": lambda params, call: ok(self.bot_user),
            "sendmessage": self._send_message,
            "sendphoto": self._send_photo,
            "answercallbackquery": self._answer_callback_query,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "editmessagereplymarkup": self._edit_message_reply_markup,
        }
        self._reset_state()

    def _reset_state(self) -> None:
        self._messages: dict[int, list[dict[str, Any]]] = defaultdict(list)
        self._message_ids: dict[int, int] = defaultdict(int)
        self._sends: deque[float] = deque()
        self._files: dict[str, bytes | str] = {}
        self._webhook: dict[str, Any] | None = None
        self._commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self._callback_answers: list[dict[str, Any]] = []

    # -- test-facing API ---------------------------------------------------------------------
    def block(self, chat_id: int) -> None:
        """The user blocks the bot: sends to the chat answer 403."""
        with self._lock:
            self._blocked.add(chat_id)

    def unblock(self, chat_id: int) -> None:
        """The user unblocks the bot."""
        with self._lock:
            self._blocked.discard(chat_id)

    def fail_next(
        self,
        status: int,
        times: int = 1,
        retry_after: int | None = None,
        description: str | None = None,
        method: str | None = None,
    ) -> None:
        """Answer the next ``times`` calls (of Bot API ``method``, e.g. ``"sendMessage"``) with
        ``status``; a 429 carries ``parameters.retry_after`` (default 1)."""
        if status == 429 and retry_after is None:
            retry_after = 1
        self._add_fault(Rule(self._of(method), times, status, retry_after, description))

    def fail_randomly(
        self,
        status: int,
        probability: float,
        *,
        seed: int | str | None = 0,
        retry_after: int | None = None,
        description: str | None = None,
        method: str | None = None,
    ) -> Rule:
        """From now on, answer each call (of ``method``) with ``status`` with ``probability``,
        drawn from ``random.Random(seed)``: the same calls in the same order fail the same way.
        Never runs out (``reset()`` removes it); a 429 carries ``retry_after`` (default 1).
        Injected faults do not count against flood control. Returns the rule; its ``hits``
        is how many calls it answered. Rules added earlier (``fail_next`` too) are asked
        first."""
        if status == 429 and retry_after is None:
            retry_after = 1
        return self._random_fault(
            self._of(method), status, probability, seed, retry_after, description
        )

    def delay_next(self, seconds: float, times: int = 1, method: str | None = None) -> None:
        """Process the next calls (of ``method``) normally but hold each answer ``seconds``."""
        self._add_delay(seconds, times, self._of(method))

    def messages_to(self, chat_id: int) -> list[dict[str, Any]]:
        """The ``Message`` objects the bot sent to ``chat_id``, in order, as last edited."""
        with self._lock:
            return copy.deepcopy(self._messages.get(chat_id, []))

    def file_bytes(self, file_id: str) -> bytes | str | None:
        """What was uploaded (bytes) or referenced (URL) for a photo's ``file_id``."""
        with self._lock:
            return self._files.get(file_id)

    @property
    def webhook(self) -> dict[str, Any] | None:
        """What setWebhook recorded (``url``, ``secret_token``, ``allowed_updates``, …)."""
        with self._lock:
            return copy.deepcopy(self._webhook)

    def commands(
        self, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, str]]:
        """The command list set for a scope (default scope) and language."""
        with self._lock:
            return copy.deepcopy(self._commands.get(self._scope_key(scope, language_code), []))

    @property
    def callback_answers(self) -> list[dict[str, Any]]:
        """The parameters of every accepted answerCallbackQuery."""
        with self._lock:
            return copy.deepcopy(self._callback_answers)

    # -- request handling --------------------------------------------------------------------
    @staticmethod
    def _of(method: str | None) -> Callable[[Call], bool]:
        def match(call: Call) -> bool:
            found = PATH.match(call.path)
            return method is None or (
                found is not None and found["method"].lower() == method.lower()
            )

        return match

    def _handle(self, call: Call) -> Response:
        found = PATH.match(call.path)
        if found is None:
            return error(404, "Not Found")
        params: dict[str, Any] = {k: decode_param(k, v) for k, v in call.query.items()}
        params.update({k: decode_param(k, v) for k, v in call.form.items()})
        if isinstance(call.json, dict):
            params.update(call.json)
        call.json = params
        if found["token"] != self.token:
            return error(401, "Unauthorized")
        fault = self._take_fault(call)
        if fault is not None:
            description = fault.body or (
                f"Too Many Requests: retry after {fault.retry_after}"
                if fault.status == 429
                else DESCRIPTIONS.get(fault.status, "Error")
            )
            return error(fault.status, description, fault.retry_after)
        handler = self._methods.get(found["method"].lower())
        if handler is None:
            return error(404, "Not Found")
        return handler(params, call)

    def _send(
        self, params: dict[str, Any], content: dict[str, Any], problem: str | None
    ) -> Response:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            return error(400, "Bad Request: chat_id is empty")
        if not isinstance(chat_id, int) or isinstance(chat_id, bool):
            return error(400, "Bad Request: chat not found")
        problem = problem or markup_error(params.get("reply_markup"))
        if problem:
            return error(400, problem)
        now = self.now()
        while self._sends and self._sends[0] <= now - self.rate_window:
            self._sends.popleft()
        if len(self._sends) >= self.rate_limit:
            wait = max(1, math.ceil(self._sends[0] + self.rate_window - now))
            return error(429, f"Too Many Requests: retry after {wait}", wait)
        self._sends.append(now)
        if chat_id in self._blocked:
            return error(403, "Forbidden: bot was blocked by the user")
        self._message_ids[chat_id] += 1
        message = {
            "message_id": self._message_ids[chat_id],
            "from": self.bot_user,
            "chat": chat_object(chat_id),
            "date": self.unix_time(),
            **content,
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        self._messages[chat_id].append(message)
        return ok(copy.deepcopy(message))

    def _send_message(self, params: dict[str, Any], call: Call) -> Response:
        text = params.get("text")
        return self._send(params, {"text": text}, text_error(text))

    def _send_photo(self, params: dict[str, Any], call: Call) -> Response:
        upload = call.files.get("photo")
        photo = params.get("photo")
        problem = caption_error(params.get("caption"))
        size = (1280, 960)
        if upload is not None:
            photo = upload.data
            if image_kind(upload.data) is None:
                problem = "Bad Request: IMAGE_PROCESS_FAILED"
            size = png_size(upload.data) or size
        elif not isinstance(photo, str) or not photo:
            problem = "Bad Request: there is no photo in the request"
        elif not photo.startswith(("http://", "https://")) and photo not in self._files:
            problem = "Bad Request: wrong file identifier/HTTP URL specified"
        width, height = size
        sizes = []
        for limit in (90, 320, 1280):
            scale = min(1.0, limit / max(width, height))
            file_id = "AgACAgUAAxkDAAI" + secrets.token_urlsafe(24)
            sizes.append(
                {
                    "file_id": file_id,
                    "file_unique_id": "AQAD" + secrets.token_urlsafe(8),
                    "width": max(1, round(width * scale)),
                    "height": max(1, round(height * scale)),
                    "file_size": 1000 + limit,
                }
            )
            if scale == 1.0:
                break
        content: dict[str, Any] = {"photo": sizes}
        if params.get("caption"):
            content["caption"] = params["caption"]
        response = self._send(params, content, problem)
        if response.status_code == 200:
            self._files.update({size["file_id"]: photo for size in sizes})
        return response

    def _answer_callback_query(self, params: dict[str, Any], call: Call) -> Response:
        if not params.get("callback_query_id"):
            return error(400, "Bad Request: QUERY_ID_INVALID")
        if len(str(params.get("text") or "")) > 200:
            return error(400, "Bad Request: MESSAGE_TOO_LONG")
        self._callback_answers.append(params)
        return ok(True)

    def _edit_message_reply_markup(self, params: dict[str, Any], call: Call) -> Response:
        if params.get("inline_message_id"):
            return ok(True)
        problem = markup_error(params.get("reply_markup"))
        if problem:
            return error(400, problem)
        chat_id, message_id = params.get("chat_id"), params.get("message_id")
        found = (
            [m for m in self._messages.get(chat_id, []) if m["message_id"] == message_id]
            if isinstance(chat_id, int)
            else []
        )
        if not found:
            return error(400, "Bad Request: message to edit not found")
        message = found[0]
        markup = params.get("reply_markup") or None
        if markup == message.get("reply_markup"):
            return error(
                400,
                "Bad Request: message is not modified: specified new message "
                "content and reply markup are exactly the same as a current content "
                "and reply markup of the message",
            )
        if markup is None:
            message.pop("reply_markup", None)
        else:
            message["reply_markup"] = markup
        message["edit_date"] = self.unix_time()
        return ok(copy.deepcopy(message))
