"""LINE: verify the signature with line-bot-sdk v3's validator, translate, reply, push.

Every Messaging API call goes to ``DGBOT_LINE_API_BASE_URL`` (LINE's own by default), so
tests point the real SDK client at a local double of the API.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid

import aiohttp
import pydantic
from linebot.v3.messaging import (
    ApiException,
    AsyncApiClient,
    AsyncMessagingApi,
    Configuration,
    MulticastRequest,
    PushMessageRequest,
    ReplyMessageRequest,
)
from linebot.v3.webhook import SignatureValidator
from linebot.v3.webhooks import Event, FollowEvent

from bot.messages import Reply
from webhooks.channel import EventEnvelope, Incoming, SendResult, WebhookRejected
from webhooks.line.render import MAX_MESSAGES, batches, render
from webhooks.line.translate import to_inbound, user_of

log = logging.getLogger("dgbot.line")
MULTICAST_LIMIT = 500


def classify(error: Exception) -> SendResult:
    """A LINE API failure as a send result (409 on a retry key means it was sent)."""
    if isinstance(error, ApiException):
        if error.status == 409:
            return SendResult("sent")
        if error.status == 429:
            after = (error.headers or {}).get("Retry-After") or (error.headers or {}).get(
                "retry-after"
            )
            # LINE usually gives no Retry-After: then the outbox's backoff (1, 2, 4 … s) applies
            return SendResult("retry", float(after) if after else None, "429 rate limited")
        if error.status and error.status >= 500:
            return SendResult("retry", None, f"{error.status} server error")
        return SendResult("failed", None, f"{error.status} {str(error.body)[:200]}")
    if isinstance(error, pydantic.ValidationError):  # refused by the SDK before sending
        return SendResult("failed", None, f"invalid request: {str(error)[:150]}")
    if isinstance(error, asyncio.TimeoutError | aiohttp.ClientError):
        return SendResult("retry", None, f"network: {type(error).__name__}")
    raise error


class LineAdapter:
    """The LINE channel."""

    name = "line"

    def __init__(
        self,
        *,
        channel_secret: str,
        access_token: str,
        api_base_url: str,
        public_base_url: str | None,
        timeout: float = 10.0,
    ) -> None:
        self.timeout = timeout
        self._signature = SignatureValidator(channel_secret)
        self._client = AsyncApiClient(Configuration(access_token=access_token))
        self.api = AsyncMessagingApi(self._client)
        self.api.line_base_path = api_base_url  # the SDK's own setting for its API host
        self.public_base_url = public_base_url

    async def close(self) -> None:
        """Close the HTTP session."""
        await self._client.close()

    def events(self, body: bytes, headers: dict[str, str]) -> list[EventEnvelope]:
        """Verify ``X-Line-Signature`` over the raw body before reading anything, then split
        the body into events. Translating them (the SDK's models) waits for handling."""
        signature = headers.get("x-line-signature")
        if not signature:
            raise WebhookRejected(400, "missing X-Line-Signature")
        try:
            genuine = self._signature.validate(body.decode("utf-8"), signature)
        except UnicodeError as error:
            raise WebhookRejected(400, "invalid signature or body") from error
        if not genuine:
            raise WebhookRejected(400, "invalid signature or body")
        try:
            raw = json.loads(body)["events"]
        except (ValueError, KeyError, TypeError) as error:
            raise WebhookRejected(400, "invalid signature or body") from error
        if not isinstance(raw, list) or not all(isinstance(event, dict) for event in raw):
            raise WebhookRejected(400, "invalid signature or body")
        return [
            EventEnvelope(event.get("webhookEventId") or str(uuid.uuid4()), event) for event in raw
        ]

    async def incoming(self, payload: dict) -> Incoming | None:
        """Translate a stored event; a new follower's profile gives their language."""
        event = Event.from_dict(payload)
        language = None
        if isinstance(event, FollowEvent):
            language = await self._profile_language(user_of(event))
        inbound = to_inbound(event, language)
        if inbound is None:
            return None
        return Incoming(inbound, getattr(event, "reply_token", None))

    async def _profile_language(self, user_id: str | None) -> str | None:
        if user_id is None:
            return None
        try:
            profile = await self.api.get_profile(user_id, _request_timeout=self.timeout)
        except (TimeoutError, ApiException, aiohttp.ClientError):
            log.warning("LINE profile lookup failed")
            return None
        language = (profile.language or "").split("-")[0]
        return language if language in {"th", "en"} else None

    def fits_reply(self, replies: list[Reply]) -> tuple[list[Reply], list[Reply]]:
        """Split replies into what one reply request holds (5 messages) and the rest."""
        for count in range(len(replies), 0, -1):
            if len(render(replies[:count], self.public_base_url)) <= MAX_MESSAGES:
                return replies[:count], replies[count:]
        return [], replies

    async def reply(self, handle: str, replies: list[Reply]) -> SendResult:
        """Answer with the reply token (used once, valid about a minute)."""
        messages = batches(render(replies, self.public_base_url))
        if not messages:
            return SendResult("sent")
        try:
            await self.api.reply_message_with_http_info(
                ReplyMessageRequest(reply_token=handle, messages=messages[0]),
                _request_timeout=self.timeout,
            )
        except Exception as error:  # classified: anything unexpected re-raises
            return classify(error)
        return SendResult("sent")

    def messages_per_recipient(self, replies: list[Reply]) -> int:
        """One push or multicast request carries all of a row's messages."""
        return 1

    async def send(self, recipients: list[str], replies: list[Reply], retry_key: str) -> SendResult:
        """Push (one recipient) or multicast (up to 500), each request with its retry key."""
        if len(recipients) > MULTICAST_LIMIT:
            return SendResult("failed", None, f"more than {MULTICAST_LIMIT} recipients")
        for number, batch in enumerate(batches(render(replies, self.public_base_url))):
            key = str(uuid.uuid5(uuid.UUID(retry_key), str(number))) if number else retry_key
            try:
                if len(recipients) == 1:
                    await self.api.push_message_with_http_info(
                        PushMessageRequest(to=recipients[0], messages=batch),
                        x_line_retry_key=key,
                        _request_timeout=self.timeout,
                    )
                else:
                    await self.api.multicast_with_http_info(
                        MulticastRequest(to=recipients, messages=batch),
                        x_line_retry_key=key,
                        _request_timeout=self.timeout,
                    )
            except Exception as error:  # classified: anything unexpected re-raises
                result = classify(error)
                if result.status != "sent":
                    return result
        return SendResult("sent")
