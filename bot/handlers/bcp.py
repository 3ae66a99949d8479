"""Business Continuity Plan questions, answered from the glossary and the 2559 indicator."""

from __future__ import annotations

from bot.context import Context
from bot.handlers.knowledge_answers import indicator_action
from bot.messages import Button, Outcome, Reply
from bot.texts import t

BCP_INDICATOR = ("2559", "6.5")


def answer_bcp(ctx: Context) -> Outcome:
    """What a BCP is (seed glossary) and what the readiness framework recommends about it."""
    kb, lang = ctx.services.kb, ctx.language
    lines = [t(lang, "bcp")]
    for name in ("BCP", "Call Tree"):
        term = kb.glossary_term(name)
        if term:
            lines += ["", f"{term.term}: {term.description_th}"]
    entry = kb.indicator(*BCP_INDICATOR)
    buttons = []
    if entry and entry.indicator.recommendation:
        lines += [
            "",
            t(lang, "bcp_indicator", code=entry.indicator.code, name=entry.indicator.name_en),
            entry.indicator.recommendation.strip(),
        ]
        buttons.append(
            Button(
                f"2559: {entry.indicator.code} {entry.indicator.name_en}",
                indicator_action(*BCP_INDICATOR),
            )
        )
    return Outcome("bcp", [Reply("\n".join(lines), title="BCP", buttons=tuple(buttons))])
