"""Conversations through the core: no HTTP, no database (memory store)."""

from __future__ import annotations

import re

from bot.core import Bot
from bot.messages import Inbound, Reply
from bot.router import Route, Router


def msg(text: str | None = None, action: str | None = None, user: str = "u1") -> Inbound:
    return Inbound(channel="test", user_id=user, text=text, action=action)


async def test_indicator_answer_has_names_dimension_year_average_and_twin(bot: Bot) -> None:
    outcome = await bot.handle(msg("แผนการสานต่อภารกิจ ควรทำอย่างไร"))
    assert outcome.intent == "indicator"
    assert (outcome.indicator.framework, outcome.indicator.code) == ("2560", "2.3")
    text = outcome.text
    for part in [
        "Leadership Continuity Plan",
        "แผนการสานต่อภารกิจ",
        "Digital Capabilities",
        "2560",
        "43.5",
        "19.7",
        "จัดทำแผนการเตรียมความพร้อมบุคลากร",
        "2559: 4.3 Leadership continuity plan",
    ]:
        assert part in text, part
    actions = [b.action for b in outcome.replies[0].buttons]
    assert "ind:2559:4.3" in actions and "dim:2560:2" in actions


async def test_long_recommendation_is_cut_and_more_continues(bot: Bot) -> None:
    first = await bot.handle(msg("Digital Leadership"))
    assert first.indicator.code == "2.2"
    assert "more" in [b.action for b in first.replies[0].buttons]
    seen = [first.text]
    for _ in range(10):
        nxt = await bot.handle(msg("อ่านต่อ"))
        seen.append(nxt.text)
        if "more" not in [b.action for r in nxt.replies for b in r.buttons]:
            break
    full = bot.services.kb.indicator("2560", "2.2").indicator.recommendation
    joined = "\n".join(seen)
    for line in full.splitlines():
        assert line.strip()[:40] in joined
    done = await bot.handle(msg(action="more"))
    assert done.intent == "more" and "ไม่มีส่วนที่เหลือ" in done.text


async def test_english_question_gets_english_labels(bot: Bot) -> None:
    outcome = await bot.handle(msg("what is indicator 2.4"))
    assert "Dimension 2" in outcome.text and "National averages" in outcome.text


async def test_clarify_then_pick_by_number(bot: Bot) -> None:
    outcome = await bot.handle(msg("leadership"))
    assert outcome.intent == "clarify" and 1 < len(outcome.suggestions) <= 3
    picked = await bot.handle(msg("1"))
    assert picked.intent == "indicator"
    assert picked.indicator.code == outcome.suggestions[0].code


async def test_buttons_open_items(bot: Bot) -> None:
    dim = await bot.handle(msg(action="dim:2559:4"))
    assert dim.intent == "dimension" and "15%" in dim.text
    assert len(dim.replies[0].buttons) == 3
    ind = await bot.handle(msg(action="ind:2559:1.6"))
    assert "Effective Allocation of the Budgets" in ind.text  # the missing-recommendation note


async def test_unknown_is_polite_and_offers_help(bot: Bot) -> None:
    outcome = await bot.handle(msg("ผลบอลเมื่อคืน"))
    assert outcome.intent == "unknown" and outcome.indicator is None
    assert outcome.replies[0].buttons


async def test_unlinked_score_question_gets_how_to_link_and_no_figure(bot: Bot) -> None:
    outcome = await bot.handle(msg("คะแนนของเราเป็นอย่างไร"))
    assert outcome.intent == "score"
    assert "ผูกบัญชี" in outcome.text and "ความลับ" in outcome.text
    assert not re.search(r"\d+\.\d", outcome.text)


async def test_language_switch_is_remembered(bot: Bot) -> None:
    await bot.handle(msg("/lang en"))
    outcome = await bot.handle(msg("ความรู้เท่าทันและใช้เทคโนโลยีดิจิทัลเป็น"))
    assert "Dimension" in outcome.text
    await bot.handle(msg("/lang th"))
    assert "มิติ" in (await bot.handle(msg("digital literacy"))).text


async def test_tapped_example_counts_as_text(bot: Bot) -> None:
    outcome = await bot.handle(msg(action="ex:bcp"))
    assert outcome.intent == "bcp" and "Business Continuity" in outcome.text


async def test_error_boundary_turns_a_crash_into_a_polite_reply(bot: Bot, caplog) -> None:
    def boom(_ctx):
        raise RuntimeError("kaput")

    bot.router = Router([Route("boom", lambda c: True, boom)])
    outcome = await bot.handle(msg("hello"))
    assert outcome.intent == "error" and outcome.replies == [Reply(outcome.replies[0].text)]
    assert "kaput" in caplog.text


async def test_very_long_and_odd_text_is_handled(bot: Bot) -> None:
    outcome = await bot.handle(msg("ดิจิทัล 🙂 " * 2000))
    assert outcome.replies and outcome.intent in {"unknown", "clarify", "indicator"}
