"""Answers about indicators and dimensions, straight from the knowledge base."""

from __future__ import annotations

from bot.chunks import split_text
from bot.context import Context
from bot.messages import Button, ItemRef, Outcome, Reply
from bot.texts import t
from knowledge.loader import DimensionEntry, IndicatorEntry, KnowledgeBase

MORE = "more"


def indicator_ref(entry: IndicatorEntry) -> ItemRef:
    """Machine-readable reference to an indicator (Thai name falls back to English)."""
    ind = entry.indicator
    return ItemRef(entry.framework, ind.code, ind.name_en, ind.name_th or ind.name_en)


def dimension_ref(entry: DimensionEntry) -> ItemRef:
    """Machine-readable reference to a dimension."""
    dim = entry.dimension
    return ItemRef(entry.framework, dim.code, dim.name_en, dim.name_th)


def indicator_action(framework: str, code: str) -> str:
    """Button payload that opens an indicator."""
    return f"ind:{framework}:{code}"


def dimension_action(framework: str, code: str) -> str:
    """Button payload that opens a dimension."""
    return f"dim:{framework}:{code}"


def averages_lines(kb: KnowledgeBase, framework: str, item_en: str, lang: str) -> list[str]:
    """ "National average" lines for an item, one per level; empty when none published."""
    found = kb.national_averages(framework, item_en)
    if not found:
        return []
    lines = [t(lang, "averages", year=framework) + ":"]
    for level, score in found.items():
        shown = f"{score:.1f}" if score is not None else t(lang, "not_surveyed")
        lines.append(f"• {t(lang, 'level_' + level)} {shown}")
    return lines


def _recommendation_text(entry: IndicatorEntry, lang: str) -> str:
    ind = entry.indicator
    if ind.recommendation:
        return ind.recommendation.strip()
    return (
        ind.recommendation_missing_note_en if lang == "en" else ind.recommendation_missing_note_th
    ) or ""


def answer_indicator(ctx: Context, framework: str, code: str, part: int = 1) -> Outcome:
    """The indicator card: names, dimension, framework, averages, recommendation part."""
    kb, lang = ctx.services.kb, ctx.language
    entry = kb.indicator(framework, code)
    if entry is None:
        return Outcome("unknown", [Reply(t(lang, "unknown"))])
    ind, dim = entry.indicator, entry.dimension
    parts = split_text(_recommendation_text(entry, lang), ctx.services.chunk_chars)
    part = min(max(part, 1), len(parts))
    buttons: list[Button] = []
    if part < len(parts):
        ctx.state["more"] = {"framework": framework, "code": code, "next": part + 1}
        buttons.append(Button(t(lang, "more", n=part + 1, total=len(parts)), MORE))
    else:
        ctx.state.pop("more", None)
    lines: list[str] = []
    if part == 1:
        names = [ind.name_th] if ind.name_th else []
        lines += [*names, f"{t(lang, 'dimension_label')} {dim.code}: {dim.name_th} ({dim.name_en})"]
        lines.append(t(lang, "framework_label", year=framework))
        lines += averages_lines(kb, framework, ind.name_en, lang)
        lines.append("")
    heading = t(lang, "recommendation")
    if len(parts) > 1:
        heading += f" ({t(lang, 'part', n=part, total=len(parts))})"
    lines += [heading + ":", parts[part - 1]]
    related = kb.related(entry)
    if part == len(parts):
        for other in related:
            lines += [
                "",
                t(
                    lang,
                    "same_in_other",
                    year=other.framework,
                    code=other.indicator.code,
                    name=other.indicator.name_en,
                ),
            ]
    for other in related:
        buttons.append(
            Button(
                f"{other.framework}: {other.indicator.code} {other.indicator.name_en}",
                indicator_action(other.framework, other.indicator.code),
            )
        )
    buttons.append(
        Button(t(lang, "btn_dimension", code=dim.code), dimension_action(framework, dim.code))
    )
    title = f"{ind.code} {ind.name_en}"
    reply = Reply("\n".join(lines).strip(), title=title, buttons=tuple(buttons[:4]))
    return Outcome("indicator", [reply], indicator=indicator_ref(entry))


def answer_dimension(ctx: Context, framework: str, code: str) -> Outcome:
    """The dimension card: names, weight, averages and its indicators as choices."""
    kb, lang = ctx.services.kb, ctx.language
    entry = kb.dimension(framework, code)
    if entry is None:
        return Outcome("unknown", [Reply(t(lang, "unknown"))])
    dim = entry.dimension
    lines = [dim.name_th, t(lang, "framework_label", year=framework)]
    if dim.weight is not None:
        lines.append(t(lang, "weight", weight=dim.weight))
    lines += averages_lines(kb, framework, dim.name_en, lang)
    lines += ["", t(lang, "indicators_in_dimension") + ":"]
    lines += [
        f"{i.code} {i.name_en}" + (f" ({i.name_th})" if i.name_th else "") for i in dim.indicators
    ]
    lines += ["", t(lang, "pick_indicator", code=dim.indicators[0].code)]
    buttons = tuple(
        Button(f"{i.code} {i.name_en}", indicator_action(framework, i.code)) for i in dim.indicators
    )
    ctx.state["choices"] = [["indicator", framework, i.code] for i in dim.indicators]
    reply = Reply(
        "\n".join(lines),
        title=f"{t(lang, 'dimension_label')} {dim.code}: {dim.name_en}",
        buttons=buttons,
    )
    return Outcome("dimension", [reply], dimension=dimension_ref(entry))


def answer_more(ctx: Context) -> Outcome:
    """The next part of the last long recommendation."""
    pending = ctx.state.get("more")
    if not pending:
        return Outcome("more", [Reply(t(ctx.language, "no_more"))])
    outcome = answer_indicator(ctx, pending["framework"], pending["code"], part=pending["next"])
    outcome.intent = "more"
    return outcome
