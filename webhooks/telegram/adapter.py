"""Telegram: the secret-token header compared in constant time, updates parsed and answered
with python-telegram-bot v22 inside our app (``updater(None)``: no bundled web server).

Every Bot API call goes to ``DGBOT_TELEGRAM_API_BASE_URL`` (Telegram's own by default)."""

from __future__ import annotations

import hmac
import json
import logging
import os
from collections.abc import Awaitable, Callable

import httpx
from telegram import Bot, BotCommand, Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import Application

from bot.messages import Reply
from webhooks.channel import EventEnvelope, Incoming, SendResult, WebhookRejected
from webhooks.telegram.render import render
from webhooks.telegram.translate import to_inbound

# PTB 22's documented opt-in: RetryAfter.retry_after as a timedelta (the future default).
os.environ.setdefault("PTB_TIMEDELTA", "1")
log = logging.getLogger("dgbot.telegram")
MediaLoader = Callable[[str], Awaitable[bytes | None]]
COMMANDS = [
    ("start", "เริ่มต้น / start"),
    ("help", "วิธีใช้ / help"),
    ("score", "คะแนนของเรา / our score"),
    ("bcp", "แผน BCP / business continuity plan"),
    ("link", "ผูกบัญชีด้วยรหัสเชิญ / link CODE"),
    ("lang", "ภาษา th|en / language"),
    ("mute", "หยุดแจ้งเตือน / stop reminders"),
    ("forget", "ลบข้อมูลของฉัน / delete my data"),
]


def classify(error: TelegramError, chat_id: str) -> SendResult:
    """A Bot API failure as a send result."""
    if isinstance(error, RetryAfter):
        after = error.retry_after
        return SendResult(
            "retry",
            after.total_seconds() if hasattr(after, "total_seconds") else float(after),
            "429 rate limited",
        )
    if isinstance(error, Forbidden):
        return SendResult("blocked", None, str(error)[:200], [chat_id])
    if isinstance(error, BadRequest):
        return SendResult("failed", None, str(error)[:200])
    if isinstance(error, TimedOut) and not isinstance(
        error.__cause__, httpx.ConnectTimeout | httpx.PoolTimeout | httpx.WriteTimeout
    ):  # the request went out and no answer came: Telegram may have sent it
        return SendResult("retry", None, f"timeout: {str(error)[:150]}", uncertain=True)
    if isinstance(error, TimedOut | NetworkError):
        return SendResult("retry", None, f"network: {str(error)[:150]}")
    return SendResult("failed", None, str(error)[:200])


class TelegramAdapter:
    """The Telegram channel."""

    name = "telegram"

    def __init__(
        self,
        *,
        token: str,
        webhook_secret: str,
        api_base_url: str,
        media_loader: MediaLoader,
        timeout: float = 10.0,
    ) -> None:
        self._secret = webhook_secret.encode()
        self.application = (
            Application.builder()
            .token(token)
            .base_url(f"{api_base_url}/bot")
            .base_file_url(f"{api_base_url}/file/bot")
            .read_timeout(timeout)
            .write_timeout(timeout)
            .connect_timeout(timeout)
            .updater(None)
            .build()
        )
        self._media = media_loader

    @property
    def bot(self) -> Bot:
        """PTB's Bot (its HTTP client goes to the configured base URL)."""
        return self.application.bot

    async def start(self) -> None:
        """Initialise PTB (calls getMe) and start the application without an updater."""
        await self.application.initialize()
        await self.application.start()

    async def close(self) -> None:
        """Stop PTB."""
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()

    def events(self, body: bytes, headers: dict[str, str]) -> list[EventEnvelope]:
        """Check ``X-Telegram-Bot-Api-Secret-Token`` in constant time, then read the update."""
        given = headers.get("x-telegram-bot-api-secret-token", "").encode()
        if not hmac.compare_digest(given, self._secret):
            raise WebhookRejected(403, "missing or wrong secret token")
        try:
            update = json.loads(body)
            key = str(int(update["update_id"]))
        except (ValueError, KeyError, TypeError) as error:
            raise WebhookRejected(400, "not a Telegram update") from error
        return [EventEnvelope(key, update)]

    async def incoming(self, payload: dict) -> Incoming | None:
        """Translate a stored update; a button press is acknowledged right away."""
        update = Update.de_json(payload, self.bot)
        if update.callback_query is not None:
            try:
                await update.callback_query.answer()
            except TelegramError:
                log.warning("answerCallbackQuery failed")
        inbound = to_inbound(update)
        return Incoming(inbound, inbound.user_id) if inbound else None

    def fits_reply(self, replies: list[Reply]) -> tuple[list[Reply], list[Reply]]:
        """Telegram has no reply-size limit beyond each message's own: everything now."""
        return replies, []

    async def reply(self, handle: str, replies: list[Reply]) -> SendResult:
        """Answer in the chat."""
        return await self.send([handle], replies, "")

    async def send(self, recipients: list[str], replies: list[Reply], retry_key: str) -> SendResult:
        """sendMessage / sendPhoto to each chat (Telegram has no multicast)."""
        blocked = []
        for chat_id in recipients:
            for message in render(replies):
                try:
                    if message.photo_path:
                        photo = await self._media(message.photo_path)
                        if photo is None:
                            await self.bot.send_message(
                                chat_id, message.text, reply_markup=message.keyboard
                            )
                        else:
                            await self.bot.send_photo(
                                chat_id, photo, caption=message.text, reply_markup=message.keyboard
                            )
                    else:
                        await self.bot.send_message(
                            chat_id, message.text, reply_markup=message.keyboard
                        )
                except TelegramError as error:
                    result = classify(error, chat_id)
                    if result.status == "blocked":
                        blocked.append(chat_id)
                        break
                    return result
        if blocked:
            return SendResult(
                "blocked" if len(blocked) == len(recipients) else "sent", blocked=blocked
            )
        return SendResult("sent")

    def messages_per_recipient(self, replies: list[Reply]) -> int:
        """Telegram has no multicast: each rendered message is one send per chat."""
        return max(1, len(render(replies)))

    async def register(self, url: str) -> None:
        """setWebhook with our secret and the command list (``dgbot telegram set-webhook``)."""
        await self.bot.set_webhook(
            url,
            secret_token=self._secret.decode(),
            allowed_updates=["message", "callback_query", "my_chat_member"],
        )
        await self.bot.set_my_commands([BotCommand(name, text) for name, text in COMMANDS])
