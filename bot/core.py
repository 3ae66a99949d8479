"""The channel-agnostic bot: one entry point, one error boundary.

``Bot.handle`` loads the person's conversation, reads the message, routes it, saves the
conversation and returns an :class:`~bot.messages.Outcome`. It never sends anything:
adapters render and deliver the replies.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from bot.context import Context, Services
from bot.conversation import ConversationRecord, ConversationStore
from bot.handlers.conversation import EXAMPLE_QUESTIONS
from bot.messages import Inbound, Outcome, Reply
from bot.router import Router
from bot.texts import t
from knowledge.text import detect_language

log = logging.getLogger("dgbot.bot")

NOTICE_CHANNELS = {"line", "telegram"}  # the privacy notice on first contact
MAX_TEXT_CHARS = 5000  # LINE's limit; longer messages are cut, not refused


class Bot:
    """Handles :class:`Inbound` messages with a :class:`Router` over shared :class:`Services`."""

    def __init__(
        self, services: Services, store: ConversationStore, router: Router | None = None
    ) -> None:
        self.services = services
        self.store = store
        self.router = router or Router()

    @staticmethod
    def _language(inbound: Inbound, record: ConversationRecord, text: str) -> str:
        """Chosen language > the language of this message > the conversation's last one >
        the platform's hint > Thai."""
        for candidate in (
            record.language,
            detect_language(text) if text else None,
            record.state.get("last_language"),
            inbound.language,
        ):
            if candidate in {"th", "en"}:
                return candidate
        return "th"

    async def handle(self, inbound: Inbound) -> Outcome:
        """Answer one message. Failures become a polite reply and a log line, never an exception."""
        record = await self.store.load(channel=inbound.channel, user_id=inbound.user_id)
        if inbound.action in EXAMPLE_QUESTIONS:  # a tapped example question counts as typed text
            asked = EXAMPLE_QUESTIONS[inbound.action]
            language = self._language(inbound, record, "")
            inbound = replace(inbound, text=asked.get(language, asked["th"]), action=None)
        text = (inbound.text or "")[:MAX_TEXT_CHARS]
        language = self._language(inbound, record, text)
        ctx = Context(
            inbound=inbound, language=language, services=self.services, state=dict(record.state)
        )
        try:
            if text and not inbound.action:
                ctx.understanding = self.services.understander.understand(text, language)
            outcome = await self.router.dispatch(ctx)
        except Exception:
            log.exception("handler failed on %s message", inbound.channel)
            return Outcome("error", [Reply(t(language, "error"))])
        if ctx.forgotten:
            return outcome
        if inbound.channel in NOTICE_CHANNELS and not ctx.state.get("notice") and outcome.replies:
            outcome.replies.insert(0, Reply(t(language, "notice")))
            ctx.state["notice"] = True
        explicit = ctx.state.pop("language", None) or record.language
        ctx.state["last_language"] = ctx.language
        await self.store.save(
            channel=inbound.channel,
            user_id=inbound.user_id,
            record=ConversationRecord(explicit, ctx.state),
        )
        return outcome
