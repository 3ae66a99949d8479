"""Composing: when (B.E./C.E., Thai digits, today/tomorrow), links, the survey template."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bcp.dates import BANGKOK
from broadcasts.compose import ComposeError, Survey, make_content, parse_when, replies_for

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 09:00 in Bangkok


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, NOW),
        ("now", NOW),
        ("ทันที", NOW),
        ("พรุ่งนี้ 09:00", datetime(2026, 11, 24, 9, 0, tzinfo=BANGKOK)),
        ("tomorrow 14.30", datetime(2026, 11, 24, 14, 30, tzinfo=BANGKOK)),
        ("วันนี้ เวลา ๑๖:๐๐ น.", datetime(2026, 11, 23, 16, 0, tzinfo=BANGKOK)),
        ("๑ ธันวาคม ๒๕๖๙", datetime(2026, 12, 1, 9, 0, tzinfo=BANGKOK)),  # a date alone: 09:00
        ("2026-12-01 13:00", datetime(2026, 12, 1, 13, 0, tzinfo=BANGKOK)),
        ("1/12/69", datetime(2026, 12, 1, 9, 0, tzinfo=BANGKOK)),
    ],
)
def test_when(text, expected) -> None:
    assert parse_when(text, NOW) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("เมื่อวาน", "is not a date"),
        ("22 พฤศจิกายน 2569", "has already passed"),
        ("วันนี้ 08:00", "has already passed"),
        ("พรุ่งนี้ 25:00", "not a time of day"),
    ],
)
def test_when_refused(text, reason) -> None:
    with pytest.raises(ComposeError, match=reason):
        parse_when(text, NOW)


def test_free_text_with_a_link_button() -> None:
    content = make_content(text="  ประชุมชี้แจง 1 ธ.ค.  ", link="https://example.go.th/a")
    [reply] = replies_for(content)
    assert reply.text == "ประชุมชี้แจง 1 ธ.ค." and reply.title == "ประกาศจาก dgbot"
    assert [(b.label, b.action) for b in reply.buttons] == [("เปิดลิงก์", "https://example.go.th/a")]
    with pytest.raises(ComposeError, match="not a web link"):
        make_content(text="x", link="javascript:alert(1)")
    with pytest.raises(ComposeError, match="needs a text"):
        make_content(text="   ")
    with pytest.raises(ComposeError, match="at most 2000"):
        make_content(text="ก" * 2001)


def test_survey_template_reads_like_the_letters_and_puts_the_image_first() -> None:
    survey = Survey(
        "แบบสำรวจความพร้อมรัฐบาลดิจิทัลของหน่วยงานภาครัฐ ประจำปี 2570",
        datetime(2027, 7, 1, tzinfo=BANGKOK),
        datetime(2027, 8, 15, 23, 59, tzinfo=BANGKOK),
        "https://survey.example.go.th",
        "สำนักงานจังหวัดลำปาง โทร 0 5426 5070",
    )
    content = make_content(survey=survey, text="ขอบคุณที่ให้ความร่วมมือ", image_url="/media/x.png")
    image, card = replies_for(content)
    assert image.image_url == "/media/x.png"
    assert card.text.splitlines() == [
        "ขอเชิญหน่วยงานตอบแบบสำรวจความพร้อมรัฐบาลดิจิทัลของหน่วยงานภาครัฐ ประจำปี 2570",
        "เปิดให้ตอบตั้งแต่วันที่ 1 กรกฎาคม 2570 ถึงวันที่ 15 สิงหาคม 2570 เวลา 23:59 น.",
        "ตอบแบบสำรวจออนไลน์ผ่านเว็บไซต์ https://survey.example.go.th",
        "สอบถามเพิ่มเติม: สำนักงานจังหวัดลำปาง โทร 0 5426 5070",
        "",
        "ขอบคุณที่ให้ความร่วมมือ",
    ]
    assert card.buttons[0].label == "ตอบแบบสำรวจ"
    backwards = Survey("x", survey.closes, survey.opens, "https://a.example")
    with pytest.raises(ComposeError, match="close after it opens"):
        make_content(survey=backwards)
