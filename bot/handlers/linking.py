"""``link CODE`` / ``/link CODE`` / ``ผูกบัญชี CODE``: bind this chat account with an invite."""

from __future__ import annotations

import re

from bot.accounts import redeem
from bot.context import Context
from bot.messages import Outcome, Reply
from bot.texts import t
from db.tables import Agency

LINK = re.compile(
    r"^\s*(?:/link|link|ผูกบัญชี)(?:@\w+)?(?:\s+([A-Za-z0-9-]{4,40}))?\s*$", re.IGNORECASE
)


def is_link(ctx: Context) -> bool:
    """The message is a link command (with or without a code)."""
    return bool(LINK.match(ctx.text))


async def answer_link(ctx: Context) -> Outcome:
    """Redeem the code; every failure gets the same answer."""
    code = LINK.match(ctx.text).group(1)
    lang = ctx.language
    if not code:
        return Outcome("link", [Reply(t(lang, "link_usage"))])
    sessions = ctx.services.sessions
    if sessions is None:
        return Outcome("link", [Reply(t(lang, "link_offline"))])
    async with sessions() as session:
        result = await redeem(
            session,
            channel=ctx.inbound.channel,
            user_id=ctx.inbound.user_id,
            code=code,
            now=ctx.services.clock.now(),
            language=lang,
        )
        if result.status != "linked":
            return Outcome("link", [Reply(t(lang, "link_" + result.status))])
        grant = result.grant
        if grant.role == "officer":
            agency = await session.get(Agency, grant.agency_code)
            text = t(lang, "linked_officer", agency=agency.name_th if agency else grant.agency_code)
        elif grant.role == "coordinator":
            text = t(lang, "linked_coordinator", scope=grant.province or grant.ministry)
        else:
            text = t(lang, "linked_admin")
    return Outcome("link", [Reply(text)])
