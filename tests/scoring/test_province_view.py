"""A coordinator's view of a province: agencies, province averages and the weakest agency."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.loader import KnowledgeBase
from scoring.province_view import province_view
from tests.scoring.helpers import SAMPLE, Db, provincial, write_csv

DIMENSIONS = [
    "Policies/Practices",
    "Digital Capabilities",
    "Public Services",
    "Smart Back Office",
    "Secure and Efficient Infrastructure",
    "Smart Technological Practices",
]
MEMBERS = {  # three Lampang agencies with scores for dimensions 1-5 of B.E. 2560
    "LPG-01": ("สำนักงานจังหวัดลำปาง", "สำนักงานจังหวัด", [30, 40, 50, 60, 70]),
    "LPG-02": ("องค์การบริหารส่วนจังหวัดลำปาง", "องค์การบริหารส่วนจังหวัด", [20, 45, 55, 65, 10]),
    "LPG-07": ("สำนักงานเกษตรจังหวัดลำปาง", "สำนักงานเกษตรจังหวัด", [40, 35, 60, 50, 20]),
}


async def view_of(db: Db, kb: KnowledgeBase, province: str, year: int | None = None):
    async with db.sessions() as session:
        return await province_view(session, kb, province, year)


@pytest.fixture
async def lampang(db: Db, kb: KnowledgeBase, tmp_path: Path) -> Db:
    rows = [
        provincial(code, name, agency_type, str(n), str(score))
        for code, (name, agency_type, scores) in MEMBERS.items()
        for n, score in enumerate(scores, start=1)
    ]
    assert (await db.load(write_csv(tmp_path / "members.csv", rows), kb)).ok
    # the province overall of seed 001: shown, but not one of the members
    assert (await db.load(SAMPLE, kb)).ok
    return db


async def test_rows_averages_and_weakest(lampang: Db, kb: KnowledgeBase) -> None:
    view = await view_of(lampang, kb, "ลำปาง")
    assert (view.province, view.year, view.framework) == ("ลำปาง", 2560, "2560")
    assert view.dimensions == DIMENSIONS
    assert [row.code for row in view.agencies] == ["LPG-00", "LPG-01", "LPG-02", "LPG-07"]
    rows = {row.code: row for row in view.agencies}
    assert rows["LPG-00"].is_province_overall
    assert not any(rows[code].is_province_overall for code in MEMBERS)
    assert rows["LPG-00"].dimensions["Public Services"] == 28.6
    for code, (name, _, scores) in MEMBERS.items():
        assert rows[code].name == name
        assert rows[code].overall is None  # 2560 has no weights
        assert [rows[code].dimensions[d] for d in DIMENSIONS] == [*scores, None]
    # the province overall (28.6 in Public Services) is not averaged in, nor the weakest
    assert view.averages == {
        "Policies/Practices": 30.0,
        "Digital Capabilities": 40.0,
        "Public Services": 55.0,
        "Smart Back Office": 58.3,
        "Secure and Efficient Infrastructure": 33.3,
        "Smart Technological Practices": None,
    }
    assert view.weakest == {
        "Policies/Practices": "LPG-02",
        "Digital Capabilities": "LPG-07",
        "Public Services": "LPG-01",
        "Smart Back Office": "LPG-07",
        "Secure and Efficient Infrastructure": "LPG-02",
    }


async def test_without_scores_lists_the_rest(lampang: Db, kb: KnowledgeBase) -> None:
    view = await view_of(lampang, kb, "ลำปาง")
    expected = [f"LPG-{n:02d}" for n in range(1, 20) if f"LPG-{n:02d}" not in MEMBERS]
    assert view.without_scores == expected
    assert len(view.without_scores) == 16
    assert "LPG-00" not in view.without_scores


async def test_to_json(lampang: Db, kb: KnowledgeBase) -> None:
    data = (await view_of(lampang, kb, "ลำปาง")).to_json()
    assert (data["province"], data["year"], data["framework"]) == ("ลำปาง", 2560, "2560")
    assert [row["code"] for row in data["agencies"]] == ["LPG-00", "LPG-01", "LPG-02", "LPG-07"]
    assert data["province_average"]["Smart Back Office"] == 58.3
    assert data["weakest"]["Public Services"] == "LPG-01"
    assert len(data["without_scores"]) == 16


async def test_other_provinces_are_not_mixed_in(
    lampang: Db, kb: KnowledgeBase, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "cmi.csv",
        [provincial("CMI-01", "สำนักงานจังหวัดเชียงใหม่", "สำนักงานจังหวัด", "1", "1", province="เชียงใหม่")],
    )
    assert (await lampang.load(path, kb)).ok
    view = await view_of(lampang, kb, "ลำปาง")
    assert "CMI-01" not in [row.code for row in view.agencies]
    assert view.averages["Policies/Practices"] == 30.0
    chiang_mai = await view_of(lampang, kb, "เชียงใหม่")
    assert [row.code for row in chiang_mai.agencies] == ["CMI-01"]
    assert chiang_mai.weakest == {"Policies/Practices": "CMI-01"}
    assert len(chiang_mai.without_scores) == 18


async def test_only_the_province_overall(db: Db, kb: KnowledgeBase) -> None:
    assert (await db.load(SAMPLE, kb)).ok
    view = await view_of(db, kb, "ลำปาง")
    assert [row.code for row in view.agencies] == ["LPG-00"]
    assert all(value is None for value in view.averages.values())
    assert view.weakest == {}
    assert view.without_scores == [f"LPG-{n:02d}" for n in range(1, 20)]


async def test_none_when_the_province_has_no_results(lampang: Db, kb: KnowledgeBase) -> None:
    assert await view_of(lampang, kb, "เชียงใหม่") is None
    assert await view_of(lampang, kb, "Atlantis") is None


async def test_none_on_an_empty_database(db: Db, kb: KnowledgeBase) -> None:
    assert await view_of(db, kb, "ลำปาง") is None


async def test_latest_year_by_default(lampang: Db, kb: KnowledgeBase, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "2559.csv",
        [provincial("LPG-03", "ศูนย์ดำรงธรรมจังหวัดลำปาง", "ศูนย์ดำรงธรรมจังหวัด", "1", "12", year=2559)],
    )
    assert (await lampang.load(path, kb)).ok
    latest = await view_of(lampang, kb, "ลำปาง")
    assert latest.year == 2560
    assert "LPG-03" in latest.without_scores  # it has 2559 results only
    older = await view_of(lampang, kb, "ลำปาง", 2559)
    assert (older.year, older.framework) == (2559, "2559")
    assert [row.code for row in older.agencies] == ["LPG-03"]
    assert older.dimensions[0] == "Policies and Practices"
    assert older.averages["Policies and Practices"] == 12.0


async def test_none_for_a_year_without_results(lampang: Db, kb: KnowledgeBase) -> None:
    assert await view_of(lampang, kb, "ลำปาง", 2559) is None
