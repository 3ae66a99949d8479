import pytest

from knowledge.loader import KnowledgeBase
from knowledge.search import Searcher, Target


@pytest.fixture(scope="module")
def searcher(kb: KnowledgeBase) -> Searcher:
    return Searcher(kb)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ข้อ 2.4 ปี 2559", Target("indicator", "2559", "2.4")),
        ("indicator 3.3", Target("indicator", "2560", "3.3")),
        ("ตัวชี้วัด ๓.๓ ปี ๒๕๕๙", Target("indicator", "2559", "3.3")),
        ("ข้อ 3.2 ปี 59", Target("indicator", "2559", "3.2")),
        ("ตัวชี้วัด 5.6", Target("indicator", "2559", "5.6")),  # 2560 has no 5.6
        ("มิติที่ 3", Target("dimension", "2560", "3")),
        ("dimension 2 2016", Target("dimension", "2559", "2")),
    ],
)
def test_codes_are_read_directly(searcher: Searcher, query: str, expected: Target) -> None:
    matches, _ = searcher.search(query)
    assert matches[0].target == expected and matches[0].via == "code"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Leadership Continuity Plan", ("2560", "2.3")),
        ("Leadrship continuty plan", ("2560", "2.3")),
        ("แผนการสานต่อภารกิจ", ("2560", "2.3")),
        ("single sign on", ("2560", "4.3")),
        ("พร้อมเพย์", ("2560", "3.3")),
        ("opendata", ("2559", "5.5")),
        ("E-Leader capabilities", ("2559", "4.2")),
        ("leadership continuity plan 2016", ("2559", "4.3")),
    ],
)
def test_names_typos_and_concepts(
    searcher: Searcher, query: str, expected: tuple[str, str]
) -> None:
    matches, _ = searcher.search(query)
    assert (matches[0].target.framework, matches[0].target.code) == expected


def test_year_restricts_framework(searcher: Searcher) -> None:
    matches, facts = searcher.search("digital literacy ปี 2559")
    assert facts.framework == "2559"
    assert all(m.target.framework == "2559" for m in matches)


def test_twins_link_the_two_frameworks(searcher: Searcher) -> None:
    assert searcher.twins(Target("indicator", "2560", "2.3"), Target("indicator", "2559", "4.3"))
    assert not searcher.twins(
        Target("indicator", "2560", "2.3"), Target("indicator", "2559", "4.2")
    )
    assert searcher.twins(Target("dimension", "2560", "1"), Target("dimension", "2559", "1"))


def test_unrelated_text_scores_low(searcher: Searcher) -> None:
    matches, _ = searcher.search("ผลบอลเมื่อคืน")
    assert not matches or matches[0].score < 0.45
