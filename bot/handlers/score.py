"""Score questions. An agency's own result is confidential; the national averages are public."""

from __future__ import annotations

from bot.context import Context
from bot.handlers.knowledge_answers import averages_lines, indicator_ref
from bot.messages import Outcome, Reply
from bot.texts import t

LATEST_SURVEY = "2560"


def answer_score(ctx: Context) -> Outcome:
    """Explain confidentiality and show the public national averages (overall and dimensions)."""
    kb, lang = ctx.services.kb, ctx.language
    lines = [t(lang, "score"), ""]
    understanding = ctx.understanding
    indicator = None
    if understanding and understanding.best and understanding.best.target.kind == "indicator":
        target = understanding.best.target
        entry = kb.indicator(target.framework, target.code)
        indicator = indicator_ref(entry)
        lines.append(t(lang, "score_indicator", name=entry.indicator.name_en))
        lines += averages_lines(kb, target.framework, entry.indicator.name_en, lang)[1:]
    else:
        for level in kb.level_averages(LATEST_SURVEY):
            lines.append(
                f"{t(lang, 'averages', year=LATEST_SURVEY)} — {t(lang, 'level_' + level.level)}: "
                f"{level.overall:.1f}"
            )
            for dim in level.dimensions:
                shown = f"{dim.score:.1f}" if dim.score is not None else t(lang, "not_surveyed")
                lines.append(f"• {dim.item} {shown}")
            lines.append("")
    return Outcome("score", [Reply("\n".join(lines).strip())], indicator=indicator)
