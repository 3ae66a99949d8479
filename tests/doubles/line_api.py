"""A LINE Messaging API double: a real HTTP server speaking the subset of LINE's API dgbot
uses, for the real ``linebot.v3`` SDK to be pointed at.

Both LINE hosts (api.line.me and api-data.line.me) are served from one base URL. Point the SDK
at it with ``Configuration(host=double.base_url, access_token=...)`` (covers every API class,
including the blob API whose host is hard-coded), or ``api.line_base_path = double.base_url``
on an ``AsyncMessagingApi`` (that attribute is ignored by ``AsyncMessagingApiBlob``).

Behaviour worth knowing, kept from real LINE: a push or multicast to a user who blocked the
account still answers 200; the double records it in ``deliveries`` with ``delivered=False`` and
leaves it out of ``messages_to``. A user who blocked the account has no profile (404).
"""

from __future__ import annotations

import itertools
import re
import secrets
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from starlette.responses import Response

from tests.doubles._server import Call, ClockLike, HttpDouble, Rule
from tests.doubles.line_events import (  # re-exported: the webhook side lives with the API
    BOT_USER_ID,
    follow_event,
    image_event,
    line_event_body,
    line_user_id,
    location_event,
    postback_event,
    sign,
    sticker_event,
    text_event,
    unfollow_event,
    webhook_event_id,
)
from tests.doubles.line_messaging import Delivery, MessagingRoutes
from tests.doubles.line_richmenu import RichMenuRoutes, answer

__all__ = [
    "BOT_USER_ID",
    "Delivery",
    "LineApiDouble",
    "follow_event",
    "image_event",
    "line_event_body",
    "line_user_id",
    "location_event",
    "postback_event",
    "sign",
    "sticker_event",
    "text_event",
    "unfollow_event",
    "webhook_event_id",
]

FAULT_BODIES = {
    429: {"message": "The API rate limit has been exceeded. Try again later."},
    500: {"message": "Internal server error"},
}
Handler = Callable[[Call, re.Match[str]], Response]


class LineApiDouble(MessagingRoutes, RichMenuRoutes, HttpDouble):
    """LINE's Messaging API on ``http://127.0.0.1:PORT``; see the module docstring.

    Order of checks per call: ``Authorization: Bearer <access_token>`` (401), then an injected
    fault, then the endpoint. ``reset()`` forgets calls, faults, delays, deliveries, reply
    tokens, retry keys and rich menus; users, blocks and configuration stay.
    """

    def __init__(
        self,
        access_token: str = "line-test-access-token",
        clock: ClockLike | None = None,
        bot_user_id: str = BOT_USER_ID,
        bot_name: str = "dgbot",
    ) -> None:
        super().__init__(clock)
        self.access_token = access_token
        self.bot_user_id = bot_user_id
        self.bot_name = bot_name
        self._users: dict[str, dict[str, str]] = {}
        self._blocked: set[str] = set()
        self._ids = itertools.count(500_000_000_000_000_000)
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = [
            (method, re.compile(pattern + "$"), handler)
            for method, pattern, handler in [
                ("POST", r"/v2/bot/message/reply", self._reply),
                ("POST", r"/v2/bot/message/push", self._push),
                ("POST", r"/v2/bot/message/multicast", self._multicast),
                ("GET", r"/v2/bot/profile/(?P<user>[^/]+)", self._profile),
                ("GET", r"/v2/bot/info", self._bot_info),
                ("POST", r"/v2/bot/richmenu", self._create_menu),
                ("GET", r"/v2/bot/richmenu/list", self._list_menus),
                ("GET", r"/v2/bot/richmenu/(?P<menu>[^/]+)", self._get_menu),
                ("DELETE", r"/v2/bot/richmenu/(?P<menu>[^/]+)", self._delete_menu),
                ("POST", r"/v2/bot/richmenu/(?P<menu>[^/]+)/content", self._upload_image),
                ("POST", r"/v2/bot/user/all/richmenu/(?P<menu>[^/]+)", self._set_default),
                ("GET", r"/v2/bot/user/all/richmenu", self._get_default),
                ("DELETE", r"/v2/bot/user/all/richmenu", self._clear_default),
            ]
        ]
        self._reset_state()

    def _reset_state(self) -> None:
        self._deliveries: list[Delivery] = []
        self._reply_tokens: dict[str, tuple[str, float]] = {}
        self._retry_keys: dict[str, tuple[str, float, dict[str, Any]]] = {}
        self._menus: dict[str, dict[str, Any]] = {}
        self._images: dict[str, bytes] = {}
        self._default_menu: str | None = None

    # -- test-facing API ---------------------------------------------------------------------
    def add_user(
        self,
        user_id: str,
        display_name: str | None = None,
        language: str = "th",
        picture_url: str | None = None,
    ) -> str:
        """Make a user known (they have added the account); returns ``user_id``."""
        with self._lock:
            self._users[user_id] = {
                "userId": user_id,
                "displayName": display_name or f"ผู้ใช้ {user_id[-4:]}",
                "pictureUrl": picture_url or f"https://profile.line-scdn.net/{user_id[1:9]}",
                "language": language,
            }
        return user_id

    def set_language(self, user_id: str, language: str) -> None:
        """Change the language the profile reports (adds the user if unknown)."""
        with self._lock:
            if user_id not in self._users:
                self.add_user(user_id)
            self._users[user_id]["language"] = language

    def block(self, user_id: str) -> None:
        """The user blocks the account: pushes still answer 200 but are not delivered."""
        with self._lock:
            self._blocked.add(user_id)

    def unblock(self, user_id: str) -> None:
        """The user unblocks the account."""
        with self._lock:
            self._blocked.discard(user_id)

    def issue_reply_token(self, user_id: str) -> str:
        """A reply token for ``user_id``, usable once within 60 s of the double's clock."""
        token = secrets.token_hex(16)
        with self._lock:
            if user_id not in self._users:
                self.add_user(user_id)
            self._reply_tokens[token] = (user_id, self.now())
        return token

    def fail_next(
        self,
        status: int,
        times: int = 1,
        retry_after: int | None = None,
        body: Any = None,
        path_prefix: str | None = None,
    ) -> None:
        """Answer the next ``times`` authorised calls (under ``path_prefix``) with ``status``,
        a ``Retry-After`` header if given, and ``body`` (default: LINE's message for it)."""
        self._add_fault(Rule(self._under(path_prefix), times, status, retry_after, body))

    def fail_randomly(
        self,
        status: int,
        probability: float,
        *,
        seed: int | str | None = 0,
        retry_after: int | None = None,
        body: Any = None,
        path_prefix: str | None = None,
    ) -> Rule:
        """From now on, answer each authorised call (under ``path_prefix``) with ``status``
        with ``probability``, drawn from ``random.Random(seed)``: the same calls in the same
        order fail the same way. Never runs out (``reset()`` removes it). Returns the rule;
        its ``hits`` is how many calls it answered. Rules added earlier are asked first."""
        return self._random_fault(
            self._under(path_prefix), status, probability, seed, retry_after, body
        )

    def delay_next(self, seconds: float, times: int = 1, path_prefix: str | None = None) -> None:
        """Process the next calls normally but hold each response ``seconds``."""
        self._add_delay(seconds, times, self._under(path_prefix))

    @property
    def deliveries(self) -> list[Delivery]:
        """Every accepted reply/push/multicast recipient, in order (blocked ones included)."""
        with self._lock:
            return list(self._deliveries)

    def messages_to(self, user_id: str) -> list[dict[str, Any]]:
        """Message objects actually delivered to ``user_id``, in order."""
        return [
            message
            for delivery in self.deliveries
            if delivery.to == user_id and delivery.delivered
            for message in delivery.messages
        ]

    @property
    def rich_menus(self) -> dict[str, dict[str, Any]]:
        """Rich menus by ID, as created."""
        with self._lock:
            return dict(self._menus)

    def rich_menu_image(self, rich_menu_id: str) -> bytes | None:
        """The image uploaded for a rich menu, if any."""
        with self._lock:
            return self._images.get(rich_menu_id)

    @property
    def default_rich_menu_id(self) -> str | None:
        """The rich menu linked to all users, if any."""
        with self._lock:
            return self._default_menu

    # -- request handling --------------------------------------------------------------------
    @staticmethod
    def _under(path_prefix: str | None) -> Callable[[Call], bool]:
        return lambda call: path_prefix is None or call.path.startswith(path_prefix)

    def _handle(self, call: Call) -> Response:
        authorization = call.headers.get("authorization", "")
        if not authorization.startswith("Bearer "):
            return answer(
                401,
                {
                    "message": "Authorization header required. Must follow "
                    "the scheme, 'Authorization: Bearer <ACCESS TOKEN>'"
                },
            )
        if authorization != f"Bearer {self.access_token}":
            return answer(
                401,
                {
                    "message": "Authentication failed due to the following "
                    "reason: invalid token. Confirm that the access token in "
                    "the authorization header is valid."
                },
            )
        fault = self._take_fault(call)
        if fault is not None:
            body = (
                fault.body
                if fault.body is not None
                else FAULT_BODIES.get(fault.status, {"message": HTTPStatus(fault.status).phrase})
            )
            headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after else {}
            return answer(fault.status, body, headers)
        for method, pattern, handler in self._routes:
            match = pattern.match(call.path)
            if match and method == call.method:
                binary = call.path.endswith("/content")  # the image upload (data host)
                if (
                    call.method == "POST"
                    and call.body
                    and not binary
                    and not isinstance(call.json, dict)
                ):
                    return answer(400, {"message": "The request body has invalid JSON"})
                return handler(call, match)
        return answer(404, {"message": "Not found"})

    def _profile(self, call: Call, match: re.Match[str]) -> Response:
        user = match["user"]
        if user not in self._users or user in self._blocked:
            return answer(404, {"message": "Not found"})
        return answer(200, dict(self._users[user]))

    def _bot_info(self, call: Call, _: re.Match[str]) -> Response:
        return answer(
            200,
            {
                "userId": self.bot_user_id,
                "basicId": "@123dgbot",
                "displayName": self.bot_name,
                "chatMode": "bot",
                "markAsReadMode": "auto",
            },
        )
