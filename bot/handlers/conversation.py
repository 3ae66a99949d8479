"""Small talk and steering: help, greeting, unknown, "did you mean", numbered picks, language."""

from __future__ import annotations

import re

from bot.context import Context
from bot.handlers.knowledge_answers import (
    answer_dimension,
    answer_indicator,
    dimension_action,
    dimension_ref,
    indicator_action,
    indicator_ref,
)
from bot.messages import Button, Outcome, Reply
from bot.texts import t

_EXAMPLES = {
    "th": [
        ("Digital Literacy", "ind:2560:2.4"),
        ("มิติที่ 3", "dim:2560:3"),
        ("คะแนนของเรา", "ex:score"),
        ("BCP", "ex:bcp"),
    ],
    "en": [
        ("Digital Literacy", "ind:2560:2.4"),
        ("Dimension 3", "dim:2560:3"),
        ("Our score", "ex:score"),
        ("BCP", "ex:bcp"),
    ],
}
# Example questions behind short button payloads (Telegram allows 64 bytes of callback data).
EXAMPLE_QUESTIONS = {
    "ex:score": {"th": "คะแนนของเราเป็นอย่างไร", "en": "what is our score"},
    "ex:bcp": {"th": "BCP คืออะไร", "en": "what is BCP"},
}
_THANKS = re.compile(r"ขอบคุณ|ขอบใจ|thank")
_LANG = re.compile(r"^/?(?:lang|language|ภาษา)\s*(th|en|ไทย|อังกฤษ|english|thai)\s*$", re.IGNORECASE)


def example_buttons(language: str) -> tuple[Button, ...]:
    """Tappable example questions."""
    return tuple(
        Button(label, action) for label, action in _EXAMPLES.get(language, _EXAMPLES["th"])
    )


def answer_help(ctx: Context) -> Outcome:
    """What the bot can do, with examples to tap."""
    return Outcome("help", [Reply(t(ctx.language, "help"), buttons=example_buttons(ctx.language))])


def answer_greeting(ctx: Context) -> Outcome:
    """A greeting back (or "you're welcome"), then the menu."""
    key = "thanks" if _THANKS.search(ctx.text.casefold()) else "greeting"
    text = t(ctx.language, key) + "\n\n" + t(ctx.language, "help")
    return Outcome("greeting", [Reply(text, buttons=example_buttons(ctx.language))])


def answer_unknown(ctx: Context) -> Outcome:
    """A polite "not understood" with what the bot can do; never a guessed indicator."""
    text = t(ctx.language, "unknown") + "\n\n" + t(ctx.language, "help")
    return Outcome("unknown", [Reply(text, buttons=example_buttons(ctx.language))])


def answer_clarify(ctx: Context) -> Outcome:
    """Up to three "did you mean" choices, remembered so a typed number picks one."""
    assert ctx.understanding is not None
    kb, lang = ctx.services.kb, ctx.language
    lines = [t(lang, "clarify")]
    buttons: list[Button] = []
    refs = []
    choices = []
    for number, match in enumerate(ctx.understanding.suggestions, start=1):
        target = match.target
        if target.kind == "indicator":
            entry = kb.indicator(target.framework, target.code)
            ref, action = indicator_ref(entry), indicator_action(target.framework, target.code)
        else:
            entry = kb.dimension(target.framework, target.code)
            ref, action = dimension_ref(entry), dimension_action(target.framework, target.code)
        label = f"{target.code} {ref.name_en}"
        year = t(lang, "framework_label", year=target.framework)
        lines.append(f"{number}. {label} ({ref.name_th}, {year})")
        buttons.append(Button(label, action))
        refs.append(ref)
        choices.append([target.kind, target.framework, target.code])
    ctx.state["choices"] = choices
    return Outcome("clarify", [Reply("\n".join(lines), buttons=tuple(buttons))], suggestions=refs)


def is_pick(ctx: Context) -> bool:
    """A bare number answering the last list of choices."""
    choices = ctx.state.get("choices") or []
    return ctx.text.isdigit() and 1 <= int(ctx.text) <= len(choices)


def answer_pick(ctx: Context) -> Outcome:
    """Open the chosen item of the last list."""
    kind, framework, code = ctx.state["choices"][int(ctx.text) - 1]
    if kind == "indicator":
        return answer_indicator(ctx, framework, code)
    return answer_dimension(ctx, framework, code)


def language_request(text: str) -> str | None:
    """The language asked for by "/lang en", "ภาษาไทย"..., or ``None``."""
    found = _LANG.match(text.strip())
    if not found:
        return None
    return "en" if found.group(1).casefold() in {"en", "english", "อังกฤษ"} else "th"


def answer_language(ctx: Context) -> Outcome:
    """Switch the person's language and remember it."""
    ctx.language = language_request(ctx.text) or ctx.language
    ctx.state["language"] = ctx.language
    return Outcome(
        "language", [Reply(t(ctx.language, "language_set"), buttons=example_buttons(ctx.language))]
    )
