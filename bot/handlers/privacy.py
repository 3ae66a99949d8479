"""Privacy and delivery preferences: /mute, /unmute, /forget (confirmed), platform events."""

from __future__ import annotations

import re

from bot.accounts import forget, set_active, set_muted
from bot.context import Context
from bot.handlers.conversation import answer_greeting
from bot.messages import Button, Outcome, Reply
from bot.texts import t

MUTE = re.compile(r"^/?(mute|unmute)(?:@\w+)?$|^(ปิดแจ้งเตือน|เปิดแจ้งเตือน)$", re.IGNORECASE)
FORGET = re.compile(r"^/?forget(?:@\w+)?$|^ลบข้อมูลของฉัน$", re.IGNORECASE)
FORGET_YES, FORGET_NO = "forget:yes", "forget:no"


def is_mute(ctx: Context) -> bool:
    """/mute, /unmute (and the Thai words)."""
    return bool(MUTE.match(ctx.text))


async def answer_mute(ctx: Context) -> Outcome:
    """Turn reminders and broadcasts off or on for this account."""
    found = MUTE.match(ctx.text)
    muted = (found.group(1) or "").casefold() == "mute" or found.group(2) == "ปิดแจ้งเตือน"
    if ctx.services.sessions is not None:
        async with ctx.services.sessions() as session:
            await set_muted(
                session,
                channel=ctx.inbound.channel,
                user_id=ctx.inbound.user_id,
                muted=muted,
                now=ctx.services.clock.now(),
                language=ctx.language,
            )
    return Outcome("mute", [Reply(t(ctx.language, "muted" if muted else "unmuted"))])


def is_forget(ctx: Context) -> bool:
    """/forget (asks for confirmation first)."""
    return bool(FORGET.match(ctx.text))


def answer_forget(ctx: Context) -> Outcome:
    """Ask before deleting anything."""
    lang = ctx.language
    buttons = (Button(t(lang, "forget_yes"), FORGET_YES), Button(t(lang, "forget_no"), FORGET_NO))
    return Outcome("forget", [Reply(t(lang, "forget_confirm"), buttons=buttons)])


async def answer_forget_choice(ctx: Context) -> Outcome:
    """Delete everything (yes) or nothing (no)."""
    if ctx.inbound.action == FORGET_NO:
        return Outcome("forget", [Reply(t(ctx.language, "forget_cancelled"))])
    if ctx.services.sessions is not None:
        async with ctx.services.sessions() as session:
            await forget(session, channel=ctx.inbound.channel, user_id=ctx.inbound.user_id)
    ctx.forgotten = True
    return Outcome("forget", [Reply(t(ctx.language, "forgotten"))])


async def answer_platform_event(ctx: Context) -> Outcome:
    """follow / unfollow / blocked / unblocked / unsupported content."""
    event = ctx.inbound.event
    if event == "unsupported":
        return Outcome("unsupported", [Reply(t(ctx.language, "unsupported"))])
    if ctx.services.sessions is not None:
        async with ctx.services.sessions() as session:
            await set_active(
                session,
                channel=ctx.inbound.channel,
                user_id=ctx.inbound.user_id,
                active=event in {"follow", "unblocked"},
            )
    if event == "follow":
        outcome = answer_greeting(ctx)
        outcome.intent = "follow"
        return outcome
    return Outcome(event, [])
