"""Explicit routing: an ordered list of (predicate, handler); the first match wins.

Every route is registered here, in :func:`default_routes`; no import-time registries.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.context import Context
from bot.handlers.bcp import ACTION as BCP_ACTION
from bot.handlers.bcp import SENT_ACTION, answer_bcp, answer_sent
from bot.handlers.bcp_admin import answer_bcp_admin, is_bcp_admin
from bot.handlers.broadcast_admin import answer_broadcast_admin, is_broadcast_admin
from bot.handlers.conversation import (
    answer_clarify,
    answer_greeting,
    answer_help,
    answer_language,
    answer_pick,
    answer_unknown,
    is_pick,
    language_request,
)
from bot.handlers.knowledge_answers import MORE, answer_dimension, answer_indicator, answer_more
from bot.handlers.linking import answer_link, is_link
from bot.handlers.privacy import (
    FORGET_NO,
    FORGET_YES,
    answer_forget,
    answer_forget_choice,
    answer_mute,
    answer_platform_event,
    is_forget,
    is_mute,
)
from bot.handlers.score import REPORT_ACTION, answer_report_action, answer_score
from bot.messages import Outcome

Predicate = Callable[[Context], bool]
Handler = Callable[[Context], Outcome | Awaitable[Outcome]]

_MORE_WORDS = re.compile(r"^(more|next|อ่านต่อ|ต่อ|ต่อไป|เพิ่มเติม|ขอต่อ)$", re.IGNORECASE)
_ACTION = re.compile(r"^(ind|dim):(\d{4}):([\d.]+)$")


@dataclass(frozen=True)
class Route:
    """One rule: when ``predicate`` holds, ``handler`` answers."""

    name: str
    predicate: Predicate
    handler: Handler


def _intent(name: str) -> Predicate:
    return lambda ctx: ctx.understanding is not None and ctx.understanding.intent == name


def _action_prefix(prefix: str) -> Predicate:
    return lambda ctx: bool(ctx.inbound.action and ctx.inbound.action.startswith(prefix))


def _open_item(ctx: Context) -> Outcome:
    kind, framework, code = _ACTION.match(ctx.inbound.action or "").groups()
    if kind == "ind":
        return answer_indicator(ctx, framework, code)
    return answer_dimension(ctx, framework, code)


def _understood_item(ctx: Context) -> Outcome:
    target = ctx.understanding.best.target
    if target.kind == "indicator":
        return answer_indicator(ctx, target.framework, target.code)
    return answer_dimension(ctx, target.framework, target.code)


def default_routes() -> list[Route]:
    """The bot's routes, in priority order."""
    return [
        Route("platform-event", lambda c: c.inbound.event != "message", answer_platform_event),
        Route(
            "forget-choice",
            lambda c: c.inbound.action in {FORGET_YES, FORGET_NO},
            answer_forget_choice,
        ),
        Route("open-item", lambda c: bool(_ACTION.match(c.inbound.action or "")), _open_item),
        Route(
            "report-button",
            lambda c: bool(REPORT_ACTION.match(c.inbound.action or "")),
            answer_report_action,
        ),
        Route("bcp-button", lambda c: bool(BCP_ACTION.match(c.inbound.action or "")), answer_bcp),
        Route("bcp-sent", lambda c: bool(SENT_ACTION.match(c.inbound.action or "")), answer_sent),
        Route("more-button", lambda c: c.inbound.action == MORE, answer_more),
        Route("help-button", lambda c: c.inbound.action == "help", answer_help),
        Route("more-typed", lambda c: bool(_MORE_WORDS.match(c.text)), answer_more),
        Route("language", lambda c: language_request(c.text) is not None, answer_language),
        Route("link", is_link, answer_link),
        Route("bcp-admin", is_bcp_admin, answer_bcp_admin),
        Route("broadcast-admin", is_broadcast_admin, answer_broadcast_admin),
        Route("mute", is_mute, answer_mute),
        Route("forget", is_forget, answer_forget),
        Route("pick", is_pick, answer_pick),
        Route("indicator", _intent("indicator"), _understood_item),
        Route("dimension", _intent("dimension"), _understood_item),
        Route("clarify", _intent("clarify"), answer_clarify),
        Route("score", _intent("score"), answer_score),
        Route("bcp", _intent("bcp"), answer_bcp),
        Route("help", _intent("help"), answer_help),
        Route("greeting", _intent("greeting"), answer_greeting),
        Route("unknown", lambda c: True, answer_unknown),
    ]


class Router:
    """Dispatches a :class:`Context` to the first route whose predicate holds."""

    def __init__(self, routes: list[Route] | None = None) -> None:
        self.routes = routes if routes is not None else default_routes()

    async def dispatch(self, ctx: Context) -> Outcome:
        """The outcome of the first matching route (handlers may be sync or async)."""
        for route in self.routes:
            if route.predicate(ctx):
                result = route.handler(ctx)
                return await result if inspect.isawaitable(result) else result
        raise LookupError("no route matched")  # default_routes ends with a catch-all
