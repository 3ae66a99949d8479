"""Message-sending endpoints of the LINE double: reply (one-shot reply tokens), push and
multicast (``X-Line-Retry-Key`` idempotency, blocked users answered 200 but not delivered)."""

from __future__ import annotations

import itertools
import re
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.responses import Response

from tests.doubles._server import Call
from tests.doubles.line_richmenu import answer
from tests.doubles.line_validation import ID_PATTERN, error_body, message_errors

REPLY_TOKEN_TTL = 60.0  # seconds a reply token stays usable
RETRY_KEY_TTL = 24 * 3600.0  # seconds LINE remembers an accepted X-Line-Retry-Key
QUOTABLE = {"text", "textV2", "sticker", "image", "video"}


@dataclass(frozen=True)
class Delivery:
    """Messages the double accepted for one recipient."""

    kind: str  # "reply", "push" or "multicast"
    to: str
    messages: list[dict[str, Any]]
    delivered: bool  # False when the user had blocked the account
    at: float
    retry_key: str | None = None


class MessagingRoutes:
    """Mixed into ``LineApiDouble``, which owns the state named below."""

    _blocked: set[str]
    _ids: itertools.count[int]
    _deliveries: list[Delivery]
    _reply_tokens: dict[str, tuple[str, float]]
    _retry_keys: dict[str, tuple[str, float, dict[str, Any]]]
    now: Callable[[], float]  # HttpDouble.now

    def _deliver(
        self, kind: str, to: str, messages: list[dict[str, Any]], retry_key: str | None
    ) -> list[dict[str, str]]:
        delivery = Delivery(kind, to, messages, to not in self._blocked, self.now(), retry_key)
        self._deliveries.append(delivery)
        return [
            {
                "id": str(next(self._ids)),
                **(
                    {"quoteToken": secrets.token_urlsafe(24)}
                    if message.get("type") in QUOTABLE
                    else {}
                ),
            }
            for message in messages
        ]

    def _retry_key(self, call: Call) -> tuple[str | None, Response | None]:
        key = call.headers.get("x-line-retry-key")
        if key is None:
            return None, None
        try:
            uuid.UUID(key)
        except ValueError:
            body = {"message": "The value for the 'X-Line-Retry-Key' header is invalid"}
            return key, answer(400, body)
        accepted = self._retry_keys.get(key)
        if accepted is not None and self.now() - accepted[1] < RETRY_KEY_TTL:
            request_id, _, response = accepted
            body = {"message": "The retry key is already accepted", **response}
            return key, answer(409, body, {"x-line-accepted-request-id": request_id})
        return key, None

    def _accept(self, key: str | None, body: dict[str, Any]) -> Response:
        response = answer(200, body)
        if key is not None:
            request_id = response.headers["x-line-request-id"]
            self._retry_keys[key] = (request_id, self.now(), body)
        return response

    def _reply(self, call: Call, _: re.Match[str]) -> Response:
        body = call.json or {}
        details = message_errors(body.get("messages"))
        if details:
            return answer(400, error_body(details))
        token = body.get("replyToken")
        issued = self._reply_tokens.pop(token, None) if isinstance(token, str) else None
        if issued is None or self.now() - issued[1] >= REPLY_TOKEN_TTL:
            return answer(400, {"message": "Invalid reply token"})
        sent = self._deliver("reply", issued[0], body["messages"], None)
        return answer(200, {"sentMessages": sent})

    def _push(self, call: Call, _: re.Match[str]) -> Response:
        key, refusal = self._retry_key(call)
        if refusal is not None:
            return refusal
        body = call.json or {}
        to = body.get("to")
        if not isinstance(to, str) or not ID_PATTERN.match(to):
            return answer(
                400,
                {
                    "message": "The property, 'to', in the request body is "
                    "invalid (line: -, column: -)"
                },
            )
        details = message_errors(body.get("messages"))
        if details:
            return answer(400, error_body(details))
        return self._accept(key, {"sentMessages": self._deliver("push", to, body["messages"], key)})

    def _multicast(self, call: Call, _: re.Match[str]) -> Response:
        key, refusal = self._retry_key(call)
        if refusal is not None:
            return refusal
        body = call.json or {}
        to = body.get("to")
        details = []
        if not isinstance(to, list) or not 1 <= len(to) <= 500:
            details.append({"message": "Size must be between 1 and 500", "property": "to"})
        else:
            details += [
                {"message": "Invalid user ID", "property": f"to[{i}]"}
                for i, user in enumerate(to)
                if not isinstance(user, str)
                or not user.startswith("U")
                or not ID_PATTERN.match(user)
            ]
        details += message_errors(body.get("messages"))
        if details:
            return answer(400, error_body(details))
        for user in to:
            self._deliver("multicast", user, body["messages"], key)
        return self._accept(key, {})
