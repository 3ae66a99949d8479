"""The agency directory: the provincial agencies every survey covers, shipped with dgbot.

76 provinces (pythainlp's province list, Bangkok excluded: it is not surveyed at provincial
level) x the 19 provincial agency types of seed 001 = 1,444 agencies, the number seed 004
gives; plus one "province overall" entry per province, for results EGA sends a province as a
whole (like the Lampang letter). Codes are ``<province abbreviation>-<type number>``, e.g.
``LPG-01`` (Lampang Provincial Office) and ``LPG-00`` (Lampang overall). Departments come in
by import.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pythainlp.corpus import provinces
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.tables import Agency
from knowledge.loader import KnowledgeBase

NOT_SURVEYED_PROVINCES = {"Bangkok"}
OVERALL_TYPE = "ภาพรวมจังหวัด"


@dataclass(frozen=True)
class Province:
    """A province: Thai and English names and pythainlp's English abbreviation."""

    name_th: str
    name_en: str
    abbr: str


@lru_cache(maxsize=1)
def surveyed_provinces() -> tuple[Province, ...]:
    """The 76 provinces covered by the provincial survey."""
    return tuple(
        Province(p["name_th"], p["name_en"], p["abbr_en"])
        for p in provinces(details=True)
        if p["name_en"] not in NOT_SURVEYED_PROVINCES
    )


def find_province(name: str) -> Province | None:
    """A province by Thai or English name or abbreviation ("ลำปาง", "Lampang", "LPG")."""
    wanted = name.strip().removeprefix("จังหวัด").strip().casefold()
    for province in surveyed_provinces():
        if wanted in {
            province.name_th.casefold(),
            province.name_en.casefold(),
            province.abbr.casefold(),
        }:
            return province
    return None


def agency_name(type_name: str, province: str) -> str:
    """ "สำนักงานจังหวัด" + "ลำปาง" -> "สำนักงานจังหวัดลำปาง"; other types get a space."""
    return f"{type_name}{province}" if type_name.endswith("จังหวัด") else f"{type_name} {province}"


def provincial_directory(kb: KnowledgeBase) -> list[dict]:
    """Rows for every provincial agency and every province overall."""
    rows = []
    for province in surveyed_provinces():
        rows.append(
            {
                "code": f"{province.abbr}-00",
                "name_th": f"{OVERALL_TYPE}{province.name_th}",
                "level": "province",
                "province": province.name_th,
                "ministry": None,
                "agency_type": OVERALL_TYPE,
                "parent_code": None,
            }
        )
        for agency_type in kb.provincial_types.provincial_agency_types:
            rows.append(
                {
                    "code": f"{province.abbr}-{agency_type.number:02d}",
                    "name_th": agency_name(agency_type.name_th, province.name_th),
                    "level": "province",
                    "province": province.name_th,
                    "ministry": None,
                    "agency_type": agency_type.name_th,
                    "parent_code": None,
                }
            )
    return rows


async def sync_provincial_directory(session: AsyncSession, kb: KnowledgeBase) -> int:
    """Insert the shipped provincial agencies that are missing (admin edits are kept)."""
    existing = set(await session.scalars(select(Agency.code).where(Agency.level == "province")))
    missing = [Agency(**row) for row in provincial_directory(kb) if row["code"] not in existing]
    session.add_all(missing)
    return len(missing)
