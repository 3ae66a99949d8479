"""Shared helpers of the scoring tests: import files, a database handle, row counts."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

import scoring
from db.tables import Agency, Score
from knowledge.loader import KnowledgeBase
from scoring.importer import ImportReport, import_scores

HEADER = [
    "year",
    "level",
    "agency_code",
    "agency_name",
    "province",
    "ministry",
    "agency_type",
    "item",
    "score",
]
SAMPLE = Path(scoring.__file__).parent / "samples" / "lampang-2560.csv"


def csv_text(rows: list[list[object]], header: list[str] = HEADER) -> str:
    """CSV text (header first) with proper quoting."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write_csv(path: Path, rows: list[list[object]], *, bom: bool = False) -> Path:
    """Write an import file to ``path`` (UTF-8, optionally with a BOM) and return it."""
    path.write_text(("\ufeff" if bom else "") + csv_text(rows), encoding="utf-8")
    return path


def provincial(
    code: str,
    name: str,
    agency_type: str,
    item: object,
    score: object,
    year: object = 2560,
    province: str = "ลำปาง",
) -> list[object]:
    """One row of a provincial agency."""
    return [year, "province", code, name, province, "", agency_type, item, score]


def lampang_office(item: object, score: object, year: object = 2560) -> list[object]:
    """A row of LPG-01, สำนักงานจังหวัดลำปาง, exactly as the shipped directory has it."""
    return provincial("LPG-01", "สำนักงานจังหวัดลำปาง", "สำนักงานจังหวัด", item, score, year)


def department(
    code: str,
    item: object,
    score: object,
    year: object = 2560,
    name: str = "กรมทดสอบระบบ",
    ministry: str = "กระทรวงทดสอบ",
) -> list[object]:
    """One row of a department (no province, no agency type)."""
    return [year, "department", code, name, "", ministry, "", item, score]


@dataclass
class Db:
    """A prepared test database: the engine and its session factory."""

    engine: AsyncEngine
    sessions: async_sessionmaker

    async def count(self, table: type) -> int:
        """The number of rows in ``table``."""
        async with self.sessions() as session:
            return await session.scalar(select(func.count()).select_from(table))

    async def snapshot(self) -> tuple[list[tuple], list[tuple]]:
        """Every agency and score row, sorted, to compare the database before and after."""
        async with self.sessions() as session:
            agencies = (
                await session.execute(
                    select(
                        Agency.code,
                        Agency.name_th,
                        Agency.level,
                        Agency.province,
                        Agency.ministry,
                        Agency.agency_type,
                        Agency.parent_code,
                    )
                )
            ).all()
            scores = (
                await session.execute(
                    select(
                        Score.year, Score.agency_code, Score.item_kind, Score.item_code, Score.score
                    )
                )
            ).all()
        return sorted(map(tuple, agencies)), sorted(map(tuple, scores), key=repr)

    async def load(self, path: Path, kb: KnowledgeBase, *, dry_run: bool = False) -> ImportReport:
        """Import ``path`` in a session of its own."""
        async with self.sessions() as session:
            return await import_scores(session, path, kb, dry_run=dry_run)

    async def scores(self, agency_code: str) -> dict[tuple[int, str, str], float | None]:
        """``{(year, kind, code): score}`` stored for an agency."""
        async with self.sessions() as session:
            rows = await session.execute(
                select(Score.year, Score.item_kind, Score.item_code, Score.score).where(
                    Score.agency_code == agency_code
                )
            )
            return {(year, kind, code): score for year, kind, code, score in rows}
