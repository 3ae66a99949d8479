"""Importing survey results from CSV and XLSX, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook

from db.tables import Agency, Score
from knowledge.loader import KnowledgeBase
from scoring.importer import ImportFileError, parse_score, read_rows
from tests.scoring.helpers import (
    HEADER,
    SAMPLE,
    Db,
    csv_text,
    department,
    lampang_office,
    provincial,
    write_csv,
)

# Lampang's B.E. 2560 scores as seed 001 prints them ({(kind, code): score}).
LAMPANG_2560 = {
    ("dimension", "1"): 33.2,
    ("indicator", "1.1"): 44.8,
    ("indicator", "1.2"): 11.8,
    ("indicator", "1.3"): 58.8,
    ("indicator", "1.4"): 56.3,
    ("indicator", "1.5"): 39.4,
    ("indicator", "1.6"): 8.8,
    ("dimension", "2"): 33.7,
    ("indicator", "2.1"): 51.7,
    ("indicator", "2.2"): 61.2,
    ("indicator", "2.3"): 5.9,
    ("indicator", "2.4"): 16.0,
    ("dimension", "3"): 28.6,
    ("indicator", "3.1"): 27.9,
    ("indicator", "3.2"): 22.9,
    ("indicator", "3.3"): 40.8,
    ("indicator", "3.4"): 23.4,
    ("dimension", "4"): 45.8,
    ("indicator", "4.1"): 45.2,
    ("indicator", "4.2"): 19.6,
    ("indicator", "4.3"): 72.6,
    ("dimension", "5"): 35.4,
    ("indicator", "5.1"): 33.7,
    ("indicator", "5.2"): 49.6,
    ("dimension", "6"): None,
    ("indicator", "6.1"): None,
    ("indicator", "6.2"): None,
    ("indicator", "6.3"): None,
}


def stored_2560(scores: dict) -> dict:
    return {(kind, code): value for (year, kind, code), value in scores.items() if year == 2560}


# --- the shipped sample --------------------------------------------------------------------------


async def test_sample_imports(db: Db, kb: KnowledgeBase) -> None:
    report = await db.load(SAMPLE, kb)
    assert report.ok and report.errors == []
    assert report.rows == 28
    assert report.scores_new == 28
    assert (report.scores_changed, report.scores_unchanged) == (0, 0)
    assert (report.agencies_new, report.agencies_updated) == (0, 0)  # LPG-00 is shipped
    assert await db.count(Score) == 28
    assert await db.count(Agency) == 1520
    assert stored_2560(await db.scores("LPG-00")) == LAMPANG_2560
    assert set(await db.scores("LPG-00")) == {(2560, k, c) for k, c in LAMPANG_2560}


async def test_importing_the_sample_again_changes_nothing(db: Db, kb: KnowledgeBase) -> None:
    await db.load(SAMPLE, kb)
    before = await db.snapshot()
    report = await db.load(SAMPLE, kb)
    assert report.ok
    assert report.scores_unchanged == 28
    assert (report.scores_new, report.scores_changed) == (0, 0)
    assert (report.agencies_new, report.agencies_updated) == (0, 0)
    assert await db.count(Score) == 28
    assert await db.snapshot() == before


async def test_a_changed_score_is_updated_in_place(
    db: Db, kb: KnowledgeBase, tmp_path: Path
) -> None:
    await db.load(SAMPLE, kb)
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("Digital Literacy,16.0", "Digital Literacy,17.5")
    changed = tmp_path / "changed.csv"
    changed.write_text(text, encoding="utf-8")
    report = await db.load(changed, kb)
    assert (report.scores_new, report.scores_changed, report.scores_unchanged) == (0, 1, 27)
    assert await db.count(Score) == 28
    assert (await db.scores("LPG-00"))[(2560, "indicator", "2.4")] == 17.5


async def test_dry_run_writes_nothing(db: Db, kb: KnowledgeBase) -> None:
    before = await db.snapshot()
    report = await db.load(SAMPLE, kb, dry_run=True)
    assert report.ok and report.dry_run
    assert report.scores_new == 28  # what it would do
    assert await db.count(Score) == 0
    assert await db.snapshot() == before
    # and the real import afterwards still sees 28 new scores
    assert (await db.load(SAMPLE, kb)).scores_new == 28


async def test_dry_run_of_a_new_department_writes_nothing(
    db: Db, kb: KnowledgeBase, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "dept.csv", [department("DEPT-01", "Digital Literacy", 50)])
    report = await db.load(path, kb, dry_run=True)
    assert report.ok and report.agencies_new == 1 and report.scores_new == 1
    assert await db.count(Agency) == 1520
    assert await db.count(Score) == 0


# --- file formats ---------------------------------------------------------------------------------


async def test_csv_with_a_utf8_bom(db: Db, kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + SAMPLE.read_bytes())
    report = await db.load(path, kb)
    assert report.ok, report.errors
    assert report.scores_new == 28
    assert stored_2560(await db.scores("LPG-00")) == LAMPANG_2560


def write_xlsx(path: Path, source: Path) -> Path:
    """The same table as ``source`` in a workbook, with numbers stored as numbers."""
    book = Workbook()
    sheet = book.active
    with source.open(encoding="utf-8") as handle:
        for n, row in enumerate(csv.reader(handle)):
            if n:
                row[0] = int(row[0])
                row[8] = float(row[8]) if row[8] not in ("", "-") else row[8]
            sheet.append(row)
    book.save(path)
    return path


async def test_xlsx_with_the_same_content(db: Db, kb: KnowledgeBase, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "lampang.xlsx", SAMPLE)
    report = await db.load(path, kb)
    assert report.ok, report.errors
    assert report.rows == 28 and report.scores_new == 28
    assert stored_2560(await db.scores("LPG-00")) == LAMPANG_2560
    # the CSV afterwards is the same data
    again = await db.load(SAMPLE, kb)
    assert again.scores_unchanged == 28


async def test_ce_year_and_thai_digits(db: Db, kb: KnowledgeBase, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "thai.csv",
        [
            lampang_office("Digital Literacy", "16.0", year="2017"),
            lampang_office("ERP Development", "๑๙.๖", year="๒๕๖๐"),
            lampang_office("๒.๓", "๕.๙", year="พ.ศ. ๒๕๖๐"),
            lampang_office("Interoperability", "72,6", year="ค.ศ. 2017"),
        ],
    )
    report = await db.load(path, kb)
    assert report.ok, report.errors
    assert await db.scores("LPG-01") == {
        (2560, "indicator", "2.4"): 16.0,
        (2560, "indicator", "4.2"): 19.6,
        (2560, "indicator", "2.3"): 5.9,
        (2560, "indicator", "4.3"): 72.6,
    }


async def test_dash_and_empty_score_are_not_surveyed(
    db: Db, kb: KnowledgeBase, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "blank.csv",
        [
            lampang_office("Big Data Analytic/Predictive Analytic", "-"),
            lampang_office("Social and Mobile Technologies", ""),
            lampang_office("Smart Technological Practices", " - "),
            lampang_office("Digital Literacy", "0"),
        ],
    )
    report = await db.load(path, kb)
    assert report.ok, report.errors
    assert report.scores_new == 4
    assert await db.scores("LPG-01") == {
        (2560, "indicator", "6.1"): None,
        (2560, "indicator", "6.3"): None,
        (2560, "dimension", "6"): None,
        (2560, "indicator", "2.4"): 0.0,  # zero is a score, not "not surveyed"
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("33.2", 33.2),
        ("๓๓.๒", 33.2),
        ("33,2", 33.2),
        ("100", 100.0),
        ("0", 0.0),
        ("45.84", 45.8),
        ("", None),
        ("-", None),
        ("–", None),
        ("—", None),
    ],
)
def test_parse_score(text: str, expected: float | None) -> None:
    assert parse_score(text) == expected


@pytest.mark.parametrize("text", ["120", "-5", "100.1", "abc"])
def test_parse_score_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_score(text)


# --- bad files ------------------------------------------------------------------------------------


async def test_a_bad_file_reports_every_bad_row_and_writes_nothing(
    db: Db, kb: KnowledgeBase, tmp_path: Path
) -> None:
    await db.load(SAMPLE, kb)  # something to keep
    rows = [
        lampang_office("Digital Literacy", "20"),  # line 2: good
        lampang_office("ERP Development", "30"),  # line 3: good
        lampang_office("Inteoperability", "40"),  # line 4: unknown item
        lampang_office("Data Management", "120"),  # line 5: out of range
        lampang_office("Reliability Infrastructure", "abc"),  # line 6: not a number
        provincial(
            "XXX-01",
            "สำนักงานจังหวัดแอตแลนติส",
            "สำนักงานจังหวัด",
            "Digital Literacy",
            "30",
            province="Atlantis",
        ),  # line 7: unknown province
        provincial(
            "LPG-02", "องค์การบริหารส่วนจังหวัดลำปาง", "องค์การบริหารส่วนจังหวัด", "Digital Literacy", "44"
        ),  # line 8: good
        [],  # line 9: blank, skipped but counted
        lampang_office("2.4", "25"),  # line 10: duplicate of line 2 (same item by code)
        [
            "2560",
            "province",
            "LPG-01",
            "ชื่ออื่น",
            "ลำปาง",
            "",
            "สำนักงานจังหวัด",
            "Service Support",
            "22",
        ],  # line 11: conflicting agency data (agency_name)
        lampang_office("Service Support", "22"),  # line 12: good
    ]
    path = write_csv(tmp_path / "bad.csv", rows)
    agencies, scores = await db.count(Agency), await db.count(Score)
    before = await db.snapshot()

    report = await db.load(path, kb)

    assert not report.ok
    assert [error.line for error in report.errors] == [4, 5, 6, 7, 10, 11]
    messages = {error.line: str(error) for error in report.errors}
    assert messages[4].startswith("line 4: ")
    assert "Inteoperability" in messages[4] and "did you mean 'Interoperability'" in messages[4]
    assert "120" in messages[5] and "0-100" in messages[5]
    assert "'abc' is not a number" in messages[6]
    assert "unknown province 'Atlantis'" in messages[7]
    assert "duplicate of line 2" in messages[10]
    assert "conflicting agency data for LPG-01" in messages[11]
    assert "name_th" in messages[11] and "line 2" in messages[11]
    assert (await db.count(Agency), await db.count(Score)) == (agencies, scores) == (1520, 28)
    assert await db.snapshot() == before


async def test_a_bad_file_writes_nothing_on_an_empty_database(
    db: Db, kb: KnowledgeBase, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "bad.csv",
        [
            department("DEPT-01", "Digital Literacy", "50"),
            lampang_office("Digital Literacy", "20"),
            lampang_office("Digital Literacy", "999"),
        ],
    )
    report = await db.load(path, kb)
    assert [error.line for error in report.errors] == [4]
    assert await db.count(Score) == 0
    assert await db.count(Agency) == 1520  # DEPT-01 was not created


async def test_every_duplicate_points_at_the_first_row(
    db: Db, kb: KnowledgeBase, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "dups.csv",
        [
            lampang_office("Digital Literacy", "20"),
            lampang_office("Digital Literacy", "20"),
            lampang_office("digital literacy", "21"),
            lampang_office("Overall", "30"),
            lampang_office("ภาพรวม", "30"),
        ],
    )
    report = await db.load(path, kb)
    assert [str(error) for error in report.errors] == [
        "line 3: duplicate of line 2 (LPG-01, 2.4)",
        "line 4: duplicate of line 2 (LPG-01, 2.4)",
        "line 6: duplicate of line 5 (LPG-01, Overall)",
    ]
    assert await db.count(Score) == 0


@pytest.mark.parametrize(
    ("row", "fragment"),
    [
        (
            ["2561", "province", "LPG-01", "สำนักงานจังหวัดลำปาง", "ลำปาง", "", "", "2.4", "1"],
            "no readiness framework is known for B.E. 2561",
        ),
        (
            ["next year", "province", "LPG-01", "สำนักงานจังหวัดลำปาง", "ลำปาง", "", "", "2.4", "1"],
            "is not a year",
        ),
        (
            ["2560", "ministry", "LPG-01", "สำนักงานจังหวัดลำปาง", "ลำปาง", "", "", "2.4", "1"],
            "level 'ministry'",
        ),
        (
            ["2560", "province", "LPG 01", "สำนักงานจังหวัดลำปาง", "ลำปาง", "", "", "2.4", "1"],
            "agency_code",
        ),
        (["2560", "province", "LPG-01", "", "ลำปาง", "", "", "2.4", "1"], "agency_name is empty"),
        (
            ["2560", "province", "LPG-01", "สำนักงานจังหวัดลำปาง", "", "", "", "2.4", "1"],
            "needs its province",
        ),
        (
            ["2560", "province", "LPG-01", "สำนักงานจังหวัดลำปาง", "ลำปาง", "", "", "Nothing", "1"],
            "unknown item 'Nothing'",
        ),
    ],
)
async def test_each_kind_of_bad_row(
    db: Db, kb: KnowledgeBase, tmp_path: Path, row: list[str], fragment: str
) -> None:
    path = write_csv(tmp_path / "one.csv", [lampang_office("Digital Literacy", "1"), row])
    report = await db.load(path, kb)
    assert len(report.errors) == 1
    assert report.errors[0].line == 3
    assert fragment in report.errors[0].message
    assert await db.count(Score) == 0


@pytest.mark.parametrize(
    "header",
    [
        HEADER[:-1],
        [*HEADER, "note"],
        [
            "year",
            "level",
            "code",
            "agency_name",
            "province",
            "ministry",
            "agency_type",
            "item",
            "score",
        ],
        list(reversed(HEADER)),
    ],
)
async def test_a_wrong_header_is_a_file_error(
    db: Db, kb: KnowledgeBase, tmp_path: Path, header: list[str]
) -> None:
    path = tmp_path / "header.csv"
    path.write_text(csv_text([lampang_office("Digital Literacy", "1")], header), encoding="utf-8")
    with pytest.raises(ImportFileError, match="header must be"):
        await db.load(path, kb)
    assert await db.count(Score) == 0


def test_header_is_case_and_space_insensitive(tmp_path: Path) -> None:
    path = tmp_path / "upper.csv"
    header = [f" {name.upper()} " for name in HEADER]
    path.write_text(csv_text([lampang_office("Digital Literacy", "1")], header), encoding="utf-8")
    assert read_rows(path) == [
        (
            2,
            dict(
                zip(
                    HEADER,
                    [
                        "2560",
                        "province",
                        "LPG-01",
                        "สำนักงานจังหวัดลำปาง",
                        "ลำปาง",
                        "",
                        "สำนักงานจังหวัด",
                        "Digital Literacy",
                        "1",
                    ],
                    strict=True,
                )
            ),
        )
    ]


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("empty.csv", b"", "is empty"),
        (
            "latin1.csv",
            ",".join(HEADER).encode() + "\n2560,province,x,é\n".encode("latin-1"),
            "not UTF-8",
        ),
        ("scores.json", b"{}", "only .csv and .xlsx"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, content: bytes, fragment: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=fragment):
        read_rows(path)


# --- agencies -------------------------------------------------------------------------------------


async def test_a_department_is_created_on_import(db: Db, kb: KnowledgeBase, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "dept.csv",
        [
            department(
                "DEPT-01", "Digital Literacy", "50", name="กรมการปกครอง", ministry="กระทรวงมหาดไทย"
            ),
            department(
                "DEPT-01", "Overall", "61.5", name="กรมการปกครอง", ministry="กระทรวงมหาดไทย"
            ),
        ],
    )
    report = await db.load(path, kb)
    assert report.ok, report.errors
    assert (report.agencies_new, report.scores_new) == (1, 2)
    assert await db.count(Agency) == 1521
    async with db.sessions() as session:
        agency = await session.get(Agency, "DEPT-01")
    assert (agency.name_th, agency.level, agency.province, agency.ministry, agency.agency_type) == (
        "กรมการปกครอง",
        "department",
        None,
        "กระทรวงมหาดไทย",
        None,
    )
    assert await db.scores("DEPT-01") == {
        (2560, "indicator", "2.4"): 50.0,
        (2560, "overall", ""): 61.5,
    }


async def test_conflict_with_the_database_is_an_error_and_writes_nothing(
    db: Db, kb: KnowledgeBase, tmp_path: Path
) -> None:
    await db.load(SAMPLE, kb)
    before = await db.snapshot()
    path = write_csv(
        tmp_path / "conflict.csv",
        [
            department("DEPT-01", "Digital Literacy", "50"),  # line 2: good, a new department
            # line 3: LPG-01 is a provincial agency in the database, not a department
            department("LPG-01", "ERP Development", "30", name="สำนักงานจังหวัดลำปาง", ministry=""),
        ],
    )
    report = await db.load(path, kb)
    assert not report.ok
    assert [error.line for error in report.errors] == [3]
    assert "conflicting agency data for LPG-01" in report.errors[0].message
    assert "level" in report.errors[0].message and "'province'" in report.errors[0].message
    assert await db.snapshot() == before
    assert (await db.count(Agency), await db.count(Score)) == (1520, 28)
    async with db.sessions() as session:
        assert await session.get(Agency, "DEPT-01") is None
        assert (await session.get(Agency, "LPG-01")).level == "province"


async def test_import_updates_agency_names(db: Db, kb: KnowledgeBase, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "rename.csv",
        [
            provincial(
                "LPG-06",
                "สถาบันพัฒนาฝีมือแรงงาน ๑๐ ลำปาง",
                "สถาบันพัฒนาฝีมือแรงงาน",
                "Digital Literacy",
                "30",
            ),
        ],
    )
    report = await db.load(path, kb)
    assert report.ok and (report.agencies_new, report.agencies_updated) == (0, 1)
    async with db.sessions() as session:
        assert (await session.get(Agency, "LPG-06")).name_th == "สถาบันพัฒนาฝีมือแรงงาน ๑๐ ลำปาง"
    assert await db.count(Agency) == 1520


async def test_conflict_with_the_database_reports_every_row_of_the_agency(
    db: Db, kb: KnowledgeBase, tmp_path: Path
) -> None:
    # "Every bad row is reported with its line number and reason" (scoring/importer.py)
    office = {"name": "สำนักงานจังหวัดลำปาง", "ministry": ""}
    path = write_csv(
        tmp_path / "conflict.csv",
        [
            department("LPG-01", "Digital Literacy", "50", **office),
            department("LPG-01", "ERP Development", "40", **office),
            department("LPG-01", "2.3", "30", **office),
        ],
    )
    report = await db.load(path, kb)
    assert not report.ok
    assert [error.line for error in report.errors] == [2, 3, 4]
    assert all("conflicting agency data for LPG-01" in e.message for e in report.errors)
    assert await db.count(Score) == 0


async def test_xlsx_bad_rows_are_reported_by_sheet_row(
    db: Db, kb: KnowledgeBase, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(lampang_office("Digital Literacy", 20.0))  # row 2: good
    sheet.append([])  # row 3: blank
    sheet.append(lampang_office("Inteoperability", 40.0))  # row 4: unknown item
    sheet.append(lampang_office("Data Management", 120))  # row 5: out of range
    sheet.append(lampang_office(2.3, 5.9))  # row 6: good, the code typed as a number
    book.save(tmp_path / "bad.xlsx")
    report = await db.load(tmp_path / "bad.xlsx", kb)
    assert [error.line for error in report.errors] == [4, 5]
    assert "did you mean 'Interoperability'" in report.errors[0].message
    assert await db.count(Score) == 0


def test_line_numbers_survive_a_multi_line_cell(tmp_path: Path) -> None:
    path = tmp_path / "multi.csv"
    path.write_text(
        "year,level,agency_code,agency_name,province,ministry,agency_type,item,score\n"
        '2560,province,LPG-01,"สำนักงาน\nจังหวัดลำปาง",ลำปาง,,,Digital Literacy,1\n'
        "2560,province,LPG-01,x,ลำปาง,,,ERP Development,2\n",
        encoding="utf-8",
    )
    assert [line for line, _ in read_rows(path)] == [2, 4]


async def test_a_failed_import_reports_no_counts(db: Db, kb: KnowledgeBase, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "conflict.csv",
        [
            ["2560", "department", "LPG-01", "x", "", "", "", "Digital Literacy", "10"],
        ],
    )
    report = await db.load(path, kb)
    assert report.errors and report.scores_new == report.agencies_new == 0
