"""The shipped provincial directory: 76 provinces x 19 agency types, plus province overalls."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import delete, func, select

from app.database import prepare_database
from db.tables import Agency
from knowledge.loader import KnowledgeBase
from scoring.directory import (
    OVERALL_TYPE,
    Province,
    agency_name,
    find_province,
    provincial_directory,
    surveyed_provinces,
    sync_provincial_directory,
)
from tests.scoring.helpers import Db

LAMPANG = Province("ลำปาง", "Lampang", "LPG")

# The distribution list ("แจ้งท้าย") of seed 001, one agency of each surveyed type in Lampang.
SEED_001_LAMPANG_AGENCIES = [
    "สำนักงานจังหวัดลำปาง",
    "องค์การบริหารส่วนจังหวัดลำปาง",
    "ศูนย์ดำรงธรรมจังหวัดลำปาง",
    "สำนักงานคลังจังหวัดลำปาง",
    "สำนักงานจัดหางานจังหวัดลำปาง",
    "สถาบันพัฒนาฝีมือแรงงาน ๑๐ ลำปาง",
    "สำนักงานเกษตรจังหวัดลำปาง",
    "สำนักงานการท่องเที่ยวและกีฬาจังหวัดลำปาง",
    "สำนักงานสรรพากรพื้นที่จังหวัดลำปาง",
    "สำนักงานขนส่งจังหวัดลำปาง",
    "สำนักงานพลังงานจังหวัดลำปาง",
    "สำนักงานที่ดินจังหวัดลำปาง",
    "สำนักงานป้องกันและบรรเทาสาธารณภัยจังหวัดลำปาง",
    "สำนักงานสถิติจังหวัดลำปาง",
    "สำนักงานอุตสาหกรรมจังหวัดลำปาง",
    "สำนักงานประกันสังคมจังหวัดลำปาง",
    "สำนักงานศึกษาธิการจังหวัดลำปาง",
    "สำนักงานพาณิชย์จังหวัดลำปาง",
    "สำนักงานสาธารณสุขจังหวัดลำปาง",
]


def test_76_surveyed_provinces_without_bangkok() -> None:
    provinces = surveyed_provinces()
    assert len(provinces) == 76
    assert "Bangkok" not in {p.name_en for p in provinces}
    assert "กรุงเทพมหานคร" not in {p.name_th for p in provinces}
    assert len({p.abbr for p in provinces}) == 76
    assert len({p.name_th for p in provinces}) == 76
    assert LAMPANG in provinces


def test_directory_has_1444_agencies_and_76_overalls(kb: KnowledgeBase) -> None:
    rows = provincial_directory(kb)
    overall = [r for r in rows if r["agency_type"] == OVERALL_TYPE]
    agencies = [r for r in rows if r["agency_type"] != OVERALL_TYPE]
    assert len(agencies) == 76 * 19 == 1444  # the number seed 001 and seed 004 give
    assert len(overall) == 76
    assert len({r["code"] for r in rows}) == len(rows) == 1520
    assert all(r["level"] == "province" for r in rows)
    assert all(r["code"].endswith("-00") for r in overall)
    per_province = Counter(r["province"] for r in agencies)
    assert len(per_province) == 76 and set(per_province.values()) == {19}
    assert {r["province"] for r in overall} == set(per_province)


def test_lampang_entries(kb: KnowledgeBase) -> None:
    rows = {r["code"]: r for r in provincial_directory(kb)}
    assert rows["LPG-01"]["name_th"] == "สำนักงานจังหวัดลำปาง"
    assert rows["LPG-01"]["agency_type"] == "สำนักงานจังหวัด"
    assert rows["LPG-01"]["province"] == "ลำปาง"
    assert rows["LPG-00"]["agency_type"] == OVERALL_TYPE
    assert rows["LPG-00"]["name_th"] == "ภาพรวมจังหวัดลำปาง"
    assert rows["LPG-00"]["province"] == "ลำปาง"
    lampang = [rows[f"LPG-{n:02d}"]["name_th"] for n in range(1, 20)]
    # the same 19 agencies as seed 001's list; No. 6 is named by its type, not its region
    assert lampang[5] == "สถาบันพัฒนาฝีมือแรงงาน ลำปาง"
    assert (
        lampang[:5] + lampang[6:] == SEED_001_LAMPANG_AGENCIES[:5] + SEED_001_LAMPANG_AGENCIES[6:]
    )
    assert "LPG-20" not in rows


@pytest.mark.parametrize(
    ("type_name", "province", "expected"),
    [
        ("สำนักงานจังหวัด", "ลำปาง", "สำนักงานจังหวัดลำปาง"),
        ("องค์การบริหารส่วนจังหวัด", "แพร่", "องค์การบริหารส่วนจังหวัดแพร่"),
        ("สถาบันพัฒนาฝีมือแรงงาน", "ลำปาง", "สถาบันพัฒนาฝีมือแรงงาน ลำปาง"),
    ],
)
def test_agency_name(type_name: str, province: str, expected: str) -> None:
    assert agency_name(type_name, province) == expected


@pytest.mark.parametrize(
    "name",
    [
        "ลำปาง",
        "Lampang",
        "lampang",
        "LAMPANG",
        "LPG",
        "lpg",
        "จังหวัดลำปาง",
        "จังหวัด ลำปาง",
        "  ลำปาง  ",
    ],
)
def test_find_province(name: str) -> None:
    assert find_province(name) == LAMPANG


def test_find_province_other_provinces() -> None:
    assert find_province("เชียงใหม่").name_en == "Chiang Mai"
    assert find_province("Chiang Mai").name_th == "เชียงใหม่"


@pytest.mark.parametrize("name", ["Atlantis", "", "ลำปา", "Bangkok", "กรุงเทพมหานคร", "จังหวัด"])
def test_find_province_unknown_is_none(name: str) -> None:
    assert find_province(name) is None


async def test_prepare_database_installs_the_directory(db: Db) -> None:
    assert await db.count(Agency) == 1520
    async with db.sessions() as session:
        office = await session.get(Agency, "LPG-01")
        overall = await session.get(Agency, "LPG-00")
        overalls = await session.scalar(
            select(func.count()).where(Agency.agency_type == OVERALL_TYPE)
        )
        lampang = await session.scalar(select(func.count()).where(Agency.province == "ลำปาง"))
    assert office.name_th == "สำนักงานจังหวัดลำปาง"
    assert (office.level, office.province, office.agency_type) == (
        "province",
        "ลำปาง",
        "สำนักงานจังหวัด",
    )
    assert office.ministry is None and office.parent_code is None
    assert overall.name_th == "ภาพรวมจังหวัดลำปาง"
    assert (overall.level, overall.province, overall.agency_type) == (
        "province",
        "ลำปาง",
        OVERALL_TYPE,
    )
    assert overalls == 76
    assert lampang == 20


async def test_prepare_database_twice_is_idempotent(db: Db) -> None:
    before = await db.snapshot()
    await prepare_database(db.engine)
    await prepare_database(db.engine)
    assert await db.count(Agency) == 1520
    assert await db.snapshot() == before


async def test_sync_keeps_admin_edits_and_restores_missing_rows(db: Db, kb: KnowledgeBase) -> None:
    async with db.sessions() as session, session.begin():
        (await session.get(Agency, "LPG-01")).name_th = "สำนักงานจังหวัดลำปาง (แก้ไข)"
        await session.execute(delete(Agency).where(Agency.code == "PRE-07"))
    assert await db.count(Agency) == 1519
    async with db.sessions() as session, session.begin():
        assert await sync_provincial_directory(session, kb) == 1
    async with db.sessions() as session, session.begin():
        assert await sync_provincial_directory(session, kb) == 0
    async with db.sessions() as session:
        assert (await session.get(Agency, "LPG-01")).name_th == "สำนักงานจังหวัดลำปาง (แก้ไข)"
        assert (await session.get(Agency, "PRE-07")).name_th == "สำนักงานเกษตรจังหวัดแพร่"
    assert await db.count(Agency) == 1520
