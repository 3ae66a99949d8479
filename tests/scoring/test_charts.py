"""The radar chart (PNG) of an agency's dimensions, and Thai-aware label wrapping."""

from __future__ import annotations

import io
import unicodedata
import warnings

import pytest
from PIL import Image

from db.tables import Agency
from knowledge.loader import KnowledgeBase
from scoring.charts import ChartError, radar_png, thai_font, wrap_thai
from scoring.importer import read_rows, validate
from scoring.reports import Report, compute
from tests.scoring.helpers import SAMPLE

PNG = b"\x89PNG\r\n\x1a\n"


def lampang_report(kb: KnowledgeBase) -> Report:
    """Lampang's B.E. 2560 report from the shipped sample (no database needed)."""
    rows, errors = validate(read_rows(SAMPLE), kb)
    assert not errors
    agency = Agency(
        code="LPG-00",
        name_th="ภาพรวมจังหวัดลำปาง",
        level="province",
        province="ลำปาง",
        agency_type="ภาพรวมจังหวัด",
    )
    scores = {(row.item.kind, row.item.code): row.score for row in rows}
    return compute(kb, agency, 2560, scores)


def report_with(kb: KnowledgeBase, dimensions: dict[str, float]) -> Report:
    agency = Agency(
        code="LPG-01",
        name_th="สำนักงานจังหวัดลำปาง",
        level="province",
        province="ลำปาง",
        agency_type="สำนักงานจังหวัด",
    )
    return compute(kb, agency, 2560, {("dimension", code): s for code, s in dimensions.items()})


def render(report: Report, language: str) -> tuple[bytes, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = radar_png(report, language)
    return png, [str(w.message) for w in caught]


@pytest.mark.parametrize("language", ["th", "en"])
def test_radar_png_for_lampang(kb: KnowledgeBase, language: str) -> None:
    png, messages = render(lampang_report(kb), language)
    assert png.startswith(PNG)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.width > 400 and image.height > 400
    # the Thai labels and title are drawn with a font that has Thai glyphs
    assert not [m for m in messages if "missing from" in m.lower()], messages


def test_thai_and_english_charts_differ(kb: KnowledgeBase) -> None:
    report = lampang_report(kb)
    assert radar_png(report, "th") != radar_png(report, "en")


def test_a_thai_font_is_found() -> None:
    assert thai_font()


def test_three_scored_dimensions_are_enough(kb: KnowledgeBase) -> None:
    png = radar_png(report_with(kb, {"1": 30.0, "2": 40.0, "3": 50.0}), "en")
    assert png.startswith(PNG)


@pytest.mark.parametrize(
    "dimensions",
    [{}, {"1": 30.0}, {"1": 30.0, "4": 45.8}, {"1": 30.0, "2": None, "6": None, "4": 45.8}],
)
def test_fewer_than_three_scored_dimensions_is_a_chart_error(
    kb: KnowledgeBase, dimensions: dict
) -> None:
    report = report_with(kb, dimensions)
    with pytest.raises(ChartError, match="at least three"):
        radar_png(report, "th")


def is_non_starter(char: str) -> bool:
    """A Thai combining vowel or tone mark (or a following vowel): never first on a line."""
    return unicodedata.category(char) == "Mn" or char in "ะาำๅ"


def test_non_starters() -> None:
    assert all(is_non_starter(c) for c in "ูิ่้ีัื์็ำา")
    assert not any(is_non_starter(c) for c in "กขเแโใไ a1")


@pytest.mark.parametrize(
    "text",
    [
        "ผู้บริหารเทคโนโลยีสารสนเทศระดับสูง",
        "ความรู้เท่าทันและใช้เทคโนโลยีดิจิทัลเป็น",
        "ผู้ใช้บริการ สู่ความสำเร็จ ที่ยั่งยืน",
        "การบริการภาครัฐที่สะดวกและเข้าถึงได้ง่าย",
        "ค่าเฉลี่ยระดับประเทศ (ระดับจังหวัด)",
    ],
)
@pytest.mark.parametrize("width", [1, 2, 3, 5, 8, 13, 20])
def test_wrap_thai_never_starts_a_line_with_a_mark(text: str, width: int) -> None:
    wrapped = wrap_thai(text, width)
    lines = wrapped.split("\n")
    assert all(line for line in lines)
    assert not [line for line in lines if is_non_starter(line[0])], wrapped
    # nothing is lost or reordered: only spaces may turn into line breaks
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_wrap_thai_on_every_label_of_the_knowledge_base(kb: KnowledgeBase) -> None:
    names = [e.dimension.name_th for e in kb.dimensions.values()]
    names += [e.indicator.name_th for e in kb.indicators.values() if e.indicator.name_th]
    for name in names:
        for width in range(1, 31):
            for line in wrap_thai(name, width).split("\n"):
                assert line and not is_non_starter(line[0]), (name, width, line)


def test_wrap_thai_wraps_at_words() -> None:
    assert wrap_thai("ความรู้เท่าทันและใช้เทคโนโลยีดิจิทัลเป็น", 10).split("\n") == [
        "ความ",
        "รู้เท่าทัน",
        "และใช้",
        "เทคโนโลยี",
        "ดิจิทัล",
        "เป็น",
    ]
    assert wrap_thai("Smart Back Office", 20) == "Smart Back Office"
    assert wrap_thai("Secure and Efficient Infrastructure", 20) == (
        "Secure and Efficient\nInfrastructure"
    )
    assert wrap_thai("", 10) == ""
