"""An agency's readiness report: seed 001 reproduced from imported scores, and the rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db.tables import Agency
from knowledge.loader import KnowledgeBase
from scoring.reports import ReportError, build_report, compute
from tests.scoring.helpers import SAMPLE, Db, department, lampang_office, provincial, write_csv

# Seed 001: Lampang's B.E. 2560 dimension and indicator scores (None: not surveyed, "-").
SEED_001_DIMENSIONS = {
    "Policies/Practices": 33.2,
    "Digital Capabilities": 33.7,
    "Public Services": 28.6,
    "Smart Back Office": 45.8,
    "Secure and Efficient Infrastructure": 35.4,
    "Smart Technological Practices": None,
}
SEED_001_INDICATORS = {
    "Digital Government Policy": 44.8,
    "Policy Harmonization with National Policy Level": 11.8,
    "Cyber Security Policy": 58.8,
    "Critical Infrastructure": 56.3,
    "Data Privacy and Sharing": 39.4,
    "Effective Allocation of the Budgets": 8.8,
    "Public Personnel Capabilities": 51.7,
    "Digital Leadership": 61.2,
    "Leadership Continuity Plan": 5.9,
    "Digital Literacy": 16.0,
    "Proportion of Digital Service": 27.9,
    "Customer Experience": 22.9,
    "Promote for Using Digital Service": 40.8,
    "Service Support": 23.4,
    "Operational Efficiency": 45.2,
    "ERP Development": 19.6,
    "Interoperability": 72.6,
    "Reliability Infrastructure": 33.7,
    "Data Management": 49.6,
    "Big Data Analytic/Predictive Analytic": None,
    "IoT, AI or other advanced Technologies": None,
    "Social and Mobile Technologies": None,
}
SEED_001_IMPROVE_FIRST = [
    ("Leadership Continuity Plan", 5.9),
    ("Effective Allocation of the Budgets", 8.8),
    ("Policy Harmonization with National Policy Level", 11.8),
    ("Digital Literacy", 16.0),
    ("ERP Development", 19.6),
]
# Seed 004: the provincial-level national averages of B.E. 2560 (no Smart Technological
# Practices at provincial level).
SEED_004_PROVINCIAL_DIMENSIONS = {
    "Policies/Practices": 34.2,
    "Digital Capabilities": 36.5,
    "Public Services": 31.0,
    "Smart Back Office": 41.6,
    "Secure and Efficient Infrastructure": 32.8,
    "Smart Technological Practices": None,
}
SEED_004_PROVINCIAL_INDICATORS = {
    "Digital Government Policy": 44.1,
    "Policy Harmonization with National Policy Level": 7.9,
    "Cyber Security Policy": 39.4,
    "Critical Infrastructure": 62.5,
    "Data Privacy and Sharing": 44.4,
    "Effective Allocation of the Budgets": 19.5,
    "Public Personnel Capabilities": 49.1,
    "Digital Leadership": 45.9,
    "Leadership Continuity Plan": 19.7,
    "Digital Literacy": 26.9,
    "Proportion of Digital Service": 31.2,
    "Customer Experience": 21.4,
    "Promote for Using Digital Service": 46.5,
    "Service Support": 24.6,
    "Operational Efficiency": 42.4,
    "ERP Development": 19.4,
    "Interoperability": 62.8,
    "Reliability Infrastructure": 31.2,
    "Data Management": 43.6,
    "Big Data Analytic/Predictive Analytic": None,
    "IoT, AI or other advanced Technologies": None,
    "Social and Mobile Technologies": None,
}


@pytest.fixture
async def lampang(db: Db, kb: KnowledgeBase) -> Db:
    assert (await db.load(SAMPLE, kb)).scores_new == 28
    return db


async def load_rows(db: Db, kb: KnowledgeBase, path: Path, rows: list[list[object]]) -> None:
    report = await db.load(write_csv(path, rows), kb)
    assert report.ok, report.errors


async def report_of(db: Db, kb: KnowledgeBase, code: str, year: int | None = None):
    async with db.sessions() as session:
        return await build_report(session, kb, code, year)


# --- seed 001 reproduced -------------------------------------------------------------------------


async def test_lampang_dimensions_match_seed_001(lampang: Db, kb: KnowledgeBase) -> None:
    report = await report_of(lampang, kb, "LPG-00")
    assert (report.agency.code, report.year, report.framework) == ("LPG-00", 2560, "2560")
    assert {d.name_en: d.score for d in report.dimensions} == SEED_001_DIMENSIONS
    assert [d.name_en for d in report.dimensions] == list(SEED_001_DIMENSIONS)
    assert not any(d.computed for d in report.dimensions)  # every one was imported
    stp = report.dimensions[5]
    assert stp.name_en == "Smart Technological Practices" and stp.score is None


async def test_lampang_indicators_match_seed_001(lampang: Db, kb: KnowledgeBase) -> None:
    report = await report_of(lampang, kb, "LPG-00")
    assert {i.name_en: i.score for i in report.indicators} == SEED_001_INDICATORS
    assert len(report.indicators) == 22
    dimension_of = {i.name_en: i.dimension for i in report.indicators}
    assert dimension_of["Interoperability"] == "Smart Back Office"
    assert dimension_of["Leadership Continuity Plan"] == "Digital Capabilities"


async def test_lampang_strongest_weakest_and_improve_first(lampang: Db, kb: KnowledgeBase) -> None:
    report = await report_of(lampang, kb, "LPG-00")
    assert report.strongest.name_en == "Smart Back Office"  # seed 001: Max Smart Back Office
    assert report.weakest.name_en == "Public Services"  # seed 001: Min Public Services
    assert [(i.name_en, i.score) for i in report.improve_first] == SEED_001_IMPROVE_FIRST
    for item in report.improve_first:
        entry = kb.indicator("2560", item.code)
        assert entry.indicator.name_en == item.name_en
        assert item.recommendation == entry.indicator.recommendation.strip()
        assert len(item.recommendation) > 100
    # the advice seed 001 gives for its first two
    assert report.improve_first[0].recommendation.startswith(
        "จัดทำแผนการเตรียมความพร้อมบุคลากรเพื่อสานต่อภารกิจ"
    )
    assert "จัดทำแผนงบประมาณ" in report.improve_first[1].recommendation
    assert report.improve_first[0].name_th == "แผนการสานต่อภารกิจ"


async def test_lampang_national_averages_are_provincial(lampang: Db, kb: KnowledgeBase) -> None:
    report = await report_of(lampang, kb, "LPG-00")
    averages = {d.name_en: d.national_average for d in report.dimensions}
    assert averages == SEED_004_PROVINCIAL_DIMENSIONS
    assert {i.name_en: i.national_average for i in report.indicators} == (
        SEED_004_PROVINCIAL_INDICATORS
    )
    gaps = {d.name_en: d.gap for d in report.dimensions}
    assert gaps == {
        "Policies/Practices": -1.0,
        "Digital Capabilities": -2.8,
        "Public Services": -2.4,
        "Smart Back Office": 4.2,
        "Secure and Efficient Infrastructure": 2.6,
        "Smart Technological Practices": None,
    }
    indicator_gaps = {i.name_en: i.gap for i in report.indicators}
    assert indicator_gaps["Effective Allocation of the Budgets"] == -10.7
    assert indicator_gaps["Cyber Security Policy"] == 19.4
    assert report.national_overall == 34.4
    # the biggest gaps below the national average, most negative first
    assert [i.name_en for i in report.biggest_gaps] == [
        "Leadership Continuity Plan",
        "Digital Literacy",
        "Effective Allocation of the Budgets",
        "Critical Infrastructure",
        "Promote for Using Digital Service",
    ]
    assert [i.gap for i in report.biggest_gaps] == [-13.8, -10.9, -10.7, -6.2, -5.7]


async def test_lampang_overall_is_never_invented(lampang: Db, kb: KnowledgeBase) -> None:
    report = await report_of(lampang, kb, "LPG-00")
    assert report.overall is None  # 2560 has no weights and no overall was imported
    assert report.overall_computed is False
    assert report.change is None  # no earlier survey
    assert report.rank is None  # the only province overall with scores


async def test_default_year_is_the_latest(lampang: Db, kb: KnowledgeBase) -> None:
    assert (await report_of(lampang, kb, "LPG-00")).year == 2560
    assert (await report_of(lampang, kb, "LPG-00", 2560)).year == 2560


async def test_to_json_contract(lampang: Db, kb: KnowledgeBase) -> None:
    data = (await report_of(lampang, kb, "LPG-00")).to_json()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data  # plain JSON
    assert {
        "agency",
        "year",
        "overall",
        "dimensions",
        "indicators",
        "strongest_dimension",
        "weakest_dimension",
        "improve_first",
    } <= set(data)
    assert data["agency"] == {
        "code": "LPG-00",
        "name": "ภาพรวมจังหวัดลำปาง",
        "level": "province",
        "province": "ลำปาง",
    }
    assert data["year"] == 2560
    assert data["overall"] is None
    assert all(
        {"name_en", "score", "computed", "national_average"} <= set(d) for d in data["dimensions"]
    )
    assert data["dimensions"][0]["name_en"] == "Policies/Practices"
    assert data["dimensions"][0]["score"] == 33.2
    assert data["dimensions"][0]["computed"] is False
    assert data["dimensions"][0]["national_average"] == 34.2
    assert all(
        {"name_en", "dimension", "score", "national_average"} <= set(i) for i in data["indicators"]
    )
    assert {i["name_en"]: i["score"] for i in data["indicators"]} == SEED_001_INDICATORS
    interoperability = next(i for i in data["indicators"] if i["name_en"] == "Interoperability")
    assert interoperability["dimension"] == "Smart Back Office"
    assert interoperability["national_average"] == 62.8
    assert data["strongest_dimension"] == "Smart Back Office"
    assert data["weakest_dimension"] == "Public Services"
    assert all({"name_en", "score", "recommendation"} <= set(i) for i in data["improve_first"])
    assert [(i["name_en"], i["score"]) for i in data["improve_first"]] == SEED_001_IMPROVE_FIRST
    assert all(i["recommendation"] for i in data["improve_first"])


# --- rules ----------------------------------------------------------------------------------------


async def test_dimension_without_an_imported_score_is_the_mean_of_its_indicators(
    db: Db, kb: KnowledgeBase, tmp_path: Path
) -> None:
    await load_rows(
        db,
        kb,
        tmp_path / "ind.csv",
        [
            lampang_office("Public Personnel Capabilities", "51.7"),
            lampang_office("Digital Leadership", "61.2"),
            lampang_office("Leadership Continuity Plan", "5.9"),
            lampang_office("Digital Literacy", "16.0"),
            lampang_office("Digital Government Policy", "40"),
            lampang_office("Cyber Security Policy", "25"),  # only two of the six indicators
            lampang_office("Public Services", "28.6"),  # imported: used as is
            lampang_office("Customer Experience", "90"),
        ],
    )
    report = await report_of(db, kb, "LPG-01")
    dims = {d.name_en: d for d in report.dimensions}
    assert (dims["Digital Capabilities"].score, dims["Digital Capabilities"].computed) == (
        33.7,
        True,
    )  # (51.7 + 61.2 + 5.9 + 16.0) / 4, as seed 001 prints it
    assert (dims["Policies/Practices"].score, dims["Policies/Practices"].computed) == (32.5, True)
    assert (dims["Public Services"].score, dims["Public Services"].computed) == (28.6, False)
    assert (dims["Smart Back Office"].score, dims["Smart Back Office"].computed) == (None, False)
    assert dims["Digital Capabilities"].gap == round(33.7 - 36.5, 1)
    assert report.overall is None and not report.overall_computed
    assert report.strongest.name_en == "Digital Capabilities"
    assert report.weakest.name_en == "Public Services"


async def test_overall_is_computed_from_the_2559_weights(
    db: Db, kb: KnowledgeBase, tmp_path: Path
) -> None:
    # 2559 dimensions in order: Policies and Practices 15 %, Secure and Efficient
    # Infrastructure 20 %, Smart Back Office Practices 20 %, E-Officer 15 %, Public services
    # 25 %, Smart technologies 5 %.
    scores = [60, 50, 40, 70, 30, 20]
    await load_rows(
        db,
        kb,
        tmp_path / "2559.csv",
        [
            department("DEPT-01", str(code), str(score), year=2559)
            for code, score in enumerate(scores, start=1)
        ],
    )
    report = await report_of(db, kb, "DEPT-01")
    assert (report.year, report.framework) == (2559, "2559")
    expected = (60 * 15 + 50 * 20 + 40 * 20 + 70 * 15 + 30 * 25 + 20 * 5) / 100
    assert report.overall == expected == 46.0
    assert report.overall_computed is True
    assert report.to_json()["overall"] == 46.0


async def test_overall_is_not_computed_when_a_2559_dimension_is_missing(
    db: Db, kb: KnowledgeBase, tmp_path: Path
) -> None:
    await load_rows(
        db,
        kb,
        tmp_path / "2559.csv",
        [department("DEPT-01", str(code), "50", year=2559) for code in range(1, 6)],
    )
    report = await report_of(db, kb, "DEPT-01")
    assert report.overall is None and report.overall_computed is False


async def test_imported_overall_wins(db: Db, kb: KnowledgeBase, tmp_path: Path) -> None:
    await load_rows(
        db,
        kb,
        tmp_path / "2559.csv",
        [
            *[department("DEPT-01", str(code), "50", year=2559) for code in range(1, 7)],
            department("DEPT-01", "Overall", "48.3", year=2559),
        ],
    )
    report = await report_of(db, kb, "DEPT-01")
    assert report.overall == 48.3 and report.overall_computed is False


async def test_department_level_national_averages(
    db: Db, kb: KnowledgeBase, tmp_path: Path
) -> None:
    await load_rows(
        db, kb, tmp_path / "dept.csv", [department("DEPT-01", "Policies/Practices", "60")]
    )
    report = await report_of(db, kb, "DEPT-01")
    assert report.dimensions[0].national_average == 57.9  # seed 004, department level
    assert report.dimensions[0].gap == 2.1
    assert report.dimensions[5].national_average == 47.0
    assert report.national_overall == 57.8


def two_year_rows() -> list[list[object]]:
    # 2559 codes: 1 Policies, 2 Infrastructure, 3 Smart Back Office, 4 E-Officer,
    # 5 Public services, 6 Smart technologies
    before = {"1": 60, "2": 50, "3": 40, "4": 70, "5": 30, "6": 20}
    # 2560 codes: 1 Policies, 2 Digital Capabilities, 3 Public Services, 4 Smart Back Office,
    # 5 Infrastructure, 6 Smart Technological Practices
    after = {"1": 65, "2": 55, "3": 45, "4": 75, "5": 35, "6": 25}
    return [
        *(department("DEPT-01", code, score, year=2559) for code, score in before.items()),
        *(department("DEPT-01", code, score, year=2560) for code, score in after.items()),
        department("DEPT-01", "Overall", "50", year=2560),
    ]


async def test_change_against_the_previous_year(db: Db, kb: KnowledgeBase, tmp_path: Path) -> None:
    await load_rows(db, kb, tmp_path / "years.csv", two_year_rows())
    report = await report_of(db, kb, "DEPT-01")
    assert report.year == 2560
    change = report.change
    assert change["year"] == 2559
    assert change["overall"] == 50 - 46.0  # imported 2560 overall vs computed 2559 overall
    dims = change["dimensions"]
    assert dims["Policies/Practices"] == 5.0
    assert dims["Digital Capabilities"] == 55 - 70  # 2559: E-Officer with digital capability
    assert dims["Public Services"] == 45 - 30
    assert dims["Secure and Efficient Infrastructure"] == 35 - 50
    assert dims["Smart Technological Practices"] == 5.0
    assert report.to_json()["change"] == change
    # the earlier year has nothing to compare with
    assert (await report_of(db, kb, "DEPT-01", 2559)).change is None


async def test_change_matches_smart_back_office_across_frameworks(
    db: Db, kb: KnowledgeBase, tmp_path: Path
) -> None:
    # 2560's "Smart Back Office" is 2559's "Smart Back Office Practices" (its alias in the
    # 2560 framework): 40 in 2559, 75 in 2560.
    await load_rows(db, kb, tmp_path / "years.csv", two_year_rows())
    report = await report_of(db, kb, "DEPT-01")
    assert report.change["dimensions"].get("Smart Back Office") == 35.0
    assert len(report.change["dimensions"]) == 6


def office(code: str, province: str, name: str, dims: list[float]) -> list[list[object]]:
    return [
        provincial(code, name, "สำนักงานจังหวัด", str(n), str(score), province=province)
        for n, score in enumerate(dims, start=1)
    ]


async def test_rank_among_agencies_of_the_same_level_and_type(
    db: Db, kb: KnowledgeBase, tmp_path: Path
) -> None:
    await load_rows(
        db,
        kb,
        tmp_path / "peers.csv",
        [
            *office("LPG-01", "ลำปาง", "สำนักงานจังหวัดลำปาง", [50, 50, 50, 50, 50]),
            *office("CMI-01", "เชียงใหม่", "สำนักงานจังหวัดเชียงใหม่", [60, 60, 60, 60, 60]),
            *office("PRE-01", "แพร่", "สำนักงานจังหวัดแพร่", [40, 40, 40, 40, 40]),
            # another type and another level: not peers, even with higher scores
            provincial("LPG-02", "องค์การบริหารส่วนจังหวัดลำปาง", "องค์การบริหารส่วนจังหวัด", "1", "90"),
            department("DEPT-01", "1", "95"),
        ],
    )
    await db.load(SAMPLE, kb)  # LPG-00, a province overall: not a peer either
    mine = (await report_of(db, kb, "LPG-01")).rank
    assert mine == {
        "rank": 2,
        "of": 3,
        "percentile": 50.0,
        "by": "mean of dimensions",
        "among": "province / สำนักงานจังหวัด",
    }
    assert (await report_of(db, kb, "CMI-01")).rank["rank"] == 1
    assert (await report_of(db, kb, "CMI-01")).rank["percentile"] == 100.0
    assert (await report_of(db, kb, "PRE-01")).rank["rank"] == 3
    assert (await report_of(db, kb, "PRE-01")).rank["percentile"] == 0.0
    assert (await report_of(db, kb, "LPG-02")).rank is None  # alone of its type
    assert (await report_of(db, kb, "DEPT-01")).rank is None  # alone at department level
    assert (await report_of(db, kb, "LPG-00")).rank is None


async def test_rank_uses_the_overall_when_there_is_one(
    db: Db, kb: KnowledgeBase, tmp_path: Path
) -> None:
    await load_rows(
        db,
        kb,
        tmp_path / "depts.csv",
        [
            department("DEPT-01", "Overall", "70", name="กรมหนึ่ง"),
            department("DEPT-02", "Overall", "80", name="กรมสอง"),
            department("DEPT-02", "1", "10", name="กรมสอง"),
        ],
    )
    rank = (await report_of(db, kb, "DEPT-01")).rank
    assert (rank["rank"], rank["of"], rank["by"]) == (2, 2, "overall")
    assert rank["among"] == "department / -"


async def test_improve_first_ties_follow_the_framework_order(
    db: Db, kb: KnowledgeBase, tmp_path: Path
) -> None:
    scores = {code: 80.0 for (framework, code) in kb.indicators if framework == "2560"}
    scores.update(
        {"5.1": 10.0, "4.2": 10.0, "3.4": 10.0, "2.3": 10.0, "1.6": 10.0, "1.2": 10.0, "5.2": 5.0}
    )
    # written in reverse framework order, so file order cannot explain the result
    rows = [
        lampang_office(code, str(score)) for code, score in sorted(scores.items(), reverse=True)
    ]
    await load_rows(db, kb, tmp_path / "ties.csv", rows)
    report = await report_of(db, kb, "LPG-01")
    assert [i.code for i in report.improve_first] == ["5.2", "1.2", "1.6", "2.3", "3.4"]
    assert [i.score for i in report.improve_first] == [5.0, 10.0, 10.0, 10.0, 10.0]


async def test_strongest_and_weakest_ties_follow_the_framework_order(
    db: Db, kb: KnowledgeBase, tmp_path: Path
) -> None:
    await load_rows(
        db,
        kb,
        tmp_path / "ties.csv",
        [
            lampang_office("5", "70"),
            lampang_office("2", "70"),
            lampang_office("4", "20"),
            lampang_office("3", "20"),
            lampang_office("1", "50"),
        ],
    )
    report = await report_of(db, kb, "LPG-01")
    assert report.strongest.name_en == "Digital Capabilities"
    assert report.weakest.name_en == "Public Services"


async def test_improve_first_skips_not_surveyed_and_handles_few_scores(
    db: Db, kb: KnowledgeBase, tmp_path: Path
) -> None:
    await load_rows(
        db,
        kb,
        tmp_path / "few.csv",
        [
            lampang_office("Digital Literacy", "30"),
            lampang_office("ERP Development", "-"),
            lampang_office("Interoperability", "12"),
        ],
    )
    report = await report_of(db, kb, "LPG-01")
    assert [i.name_en for i in report.improve_first] == ["Interoperability", "Digital Literacy"]


async def test_report_errors(lampang: Db, kb: KnowledgeBase) -> None:
    with pytest.raises(ReportError, match="no agency with code NOPE-1"):
        await report_of(lampang, kb, "NOPE-1")
    with pytest.raises(ReportError, match="no scores have been imported for LPG-02"):
        await report_of(lampang, kb, "LPG-02")  # in the directory, but never surveyed
    with pytest.raises(ReportError, match=r"no scores for LPG-00 in B\.E\. 2559"):
        await report_of(lampang, kb, "LPG-00", 2559)
    assert issubclass(ReportError, LookupError)


def test_compute_is_pure(kb: KnowledgeBase) -> None:
    agency = Agency(code="X-1", name_th="กรมเอ็กซ์", level="department", province=None)
    report = compute(kb, agency, 2560, {("indicator", "2.4"): 40.0, ("dimension", "1"): 55.5})
    assert report.dimensions[0].score == 55.5 and not report.dimensions[0].computed
    assert report.dimensions[1].score == 40.0 and report.dimensions[1].computed
    assert report.dimensions[1].national_average == 66.0  # department level, seed 004
    assert [i.name_en for i in report.improve_first] == ["Digital Literacy"]
