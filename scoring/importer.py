"""Import survey results from CSV (UTF-8, BOM tolerated) or XLSX.

Header: ``year,level,agency_code,agency_name,province,ministry,agency_type,item,score``.
Every bad row is reported with its line number and reason, and then nothing is imported;
a good file is written in one transaction, and importing it again changes nothing.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from pythainlp.util import thai_digit_to_arabic_digit
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.tables import Agency, Score
from knowledge.loader import KnowledgeBase
from scoring.directory import find_province
from scoring.items import Item, ItemResolver
from scoring.years import YearError, framework_of, parse_year

HEADER = (
    "year",
    "level",
    "agency_code",
    "agency_name",
    "province",
    "ministry",
    "agency_type",
    "item",
    "score",
)
LEVELS = {
    "department": "department",
    "กรม": "department",
    "province": "province",
    "provincial": "province",
    "จังหวัด": "province",
}
_CODE = re.compile(r"^[A-Za-z0-9._-]{1,32}$")
AGENCY_FIELDS = ("name_th", "level", "province", "ministry", "agency_type")


class ImportFileError(ValueError):
    """The file cannot be read at all (format, header)."""


@dataclass(frozen=True)
class RowError:
    """One bad row: its line in the file and why."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class ScoreRow:
    """One valid row."""

    line: int
    year: int
    agency: dict
    item: Item
    score: float | None


@dataclass
class ImportReport:
    """What an import did, or would do with ``--dry-run``."""

    rows: int = 0
    agencies_new: int = 0
    agencies_updated: int = 0
    scores_new: int = 0
    scores_changed: int = 0
    scores_unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        """True when the file had no bad row."""
        return not self.errors


def read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """``(line number, {column: text})`` for every non-empty row of a CSV or XLSX file."""
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        table = [
            ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]
        physical = list(range(1, len(table) + 1))
    elif path.suffix.lower() in {".csv", ".txt"}:
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.reader(handle)
                table, physical, last = [], [], 0
                for cells in reader:  # the line a row starts on, even after multi-line cells
                    table.append(cells)
                    physical.append(last + 1)
                    last = reader.line_num
        except UnicodeDecodeError as error:
            raise ImportFileError(f"{path.name} is not UTF-8 text: {error}") from error
    else:
        raise ImportFileError(f"{path.name}: only .csv and .xlsx files can be imported")
    if not table:
        raise ImportFileError(f"{path.name} is empty")
    header = tuple(cell.strip().lower() for cell in table[0])
    if header != HEADER:
        raise ImportFileError(f"header must be {','.join(HEADER)}; found {','.join(header)}")
    rows = []
    for number, cells in zip(physical[1:], table[1:], strict=True):
        if not any(cell.strip() for cell in cells):
            continue
        cells = [*cells, *[""] * (len(HEADER) - len(cells))]
        rows.append((number, {name: cells[i].strip() for i, name in enumerate(HEADER)}))
    return rows


def parse_score(text: str) -> float | None:
    """A 0-100 score, or ``None`` for "not surveyed" (empty or "-")."""
    text = thai_digit_to_arabic_digit(text).strip().replace(",", ".")
    if text in {"", "-", "–", "—"}:
        return None
    value = float(text)
    if not 0 <= value <= 100:
        raise ValueError(f"score {text} is outside 0-100")
    return round(value, 1)


def _parse_row(line: int, raw: dict[str, str], resolver: ItemResolver) -> ScoreRow:
    year = parse_year(raw["year"])
    framework = framework_of(year)
    level = LEVELS.get(raw["level"].casefold())
    if level is None:
        raise ValueError(f"level '{raw['level']}' must be department or province")
    if not _CODE.match(raw["agency_code"]):
        raise ValueError(f"agency_code '{raw['agency_code']}' must be 1-32 letters, digits, . _ -")
    if not raw["agency_name"]:
        raise ValueError("agency_name is empty")
    province = None
    if raw["province"]:
        found = find_province(raw["province"])
        if found is None:
            raise ValueError(f"unknown province '{raw['province']}'")
        province = found.name_th
    elif level == "province":
        raise ValueError("a provincial agency needs its province")
    item = resolver.resolve(framework, raw["item"])
    if item is None:
        hint = resolver.suggestion(framework, raw["item"])
        maybe = f" (did you mean '{hint}'?)" if hint else ""
        raise ValueError(f"unknown item '{raw['item']}' in the B.E. {framework} framework{maybe}")
    try:
        score = parse_score(raw["score"])
    except ValueError as error:
        message = (
            str(error) if "outside" in str(error) else f"score '{raw['score']}' is not a number"
        )
        raise ValueError(message) from None
    agency = {
        "code": raw["agency_code"],
        "name_th": raw["agency_name"],
        "level": level,
        "province": province,
        "ministry": raw["ministry"] or None,
        "agency_type": raw["agency_type"] or None,
    }
    return ScoreRow(line, year, agency, item, score)


def validate(
    rows: list[tuple[int, dict[str, str]]], kb: KnowledgeBase
) -> tuple[list[ScoreRow], list[RowError]]:
    """Parse every row; collect every error (bad values, duplicates, conflicting agency data)."""
    resolver = ItemResolver(kb)
    parsed: list[ScoreRow] = []
    errors: list[RowError] = []
    agencies: dict[str, tuple[int, dict]] = {}
    seen: dict[tuple, int] = {}
    for line, raw in rows:
        try:
            row = _parse_row(line, raw, resolver)
        except (ValueError, YearError) as error:
            errors.append(RowError(line, str(error)))
            continue
        first = agencies.setdefault(row.agency["code"], (line, row.agency))
        differing = [f for f in AGENCY_FIELDS if first[1][f] != row.agency[f]]
        if differing:
            errors.append(
                RowError(
                    line,
                    f"conflicting agency data for {row.agency['code']}: "
                    f"{', '.join(differing)} differ from line {first[0]}",
                )
            )
            continue
        key = (row.year, row.agency["code"], row.item)
        if key in seen:
            what = row.item.code or "Overall"
            errors.append(
                RowError(line, f"duplicate of line {seen[key]} ({row.agency['code']}, {what})")
            )
            continue
        seen[key] = line
        parsed.append(row)
    return parsed, errors


async def _apply_agencies(
    session: AsyncSession, rows: list[ScoreRow], report: ImportReport
) -> None:
    wanted = {row.agency["code"]: row.agency for row in rows}
    lines: dict[str, list[int]] = {}
    for row in rows:
        lines.setdefault(row.agency["code"], []).append(row.line)
    existing = {
        a.code: a for a in await session.scalars(select(Agency).where(Agency.code.in_(wanted)))
    }
    for code, data in wanted.items():
        agency = existing.get(code)
        if agency is None:
            session.add(Agency(**data, parent_code=None))
            report.agencies_new += 1
            continue
        for fixed in ("level", "province"):
            if getattr(agency, fixed) != data[fixed] and data[fixed] is not None:
                message = (
                    f"conflicting agency data for {code}: {fixed} is "
                    f"'{getattr(agency, fixed)}' in the database"
                )
                report.errors += [RowError(line, message) for line in lines[code]]
        changed = False
        for name in ("name_th", "ministry", "agency_type"):
            if data[name] is not None and getattr(agency, name) != data[name]:
                setattr(agency, name, data[name])
                changed = True
        report.agencies_updated += changed


async def _apply_scores(session: AsyncSession, rows: list[ScoreRow], report: ImportReport) -> None:
    codes = {row.agency["code"] for row in rows}
    years = {row.year for row in rows}
    stored = {
        (s.year, s.agency_code, s.item_kind, s.item_code): s
        for s in await session.scalars(
            select(Score).where(Score.agency_code.in_(codes), Score.year.in_(years))
        )
    }
    for row in rows:
        key = (row.year, row.agency["code"], row.item.kind, row.item.code)
        score = stored.get(key)
        if score is None:
            session.add(
                Score(
                    year=row.year,
                    agency_code=row.agency["code"],
                    item_kind=row.item.kind,
                    item_code=row.item.code,
                    score=row.score,
                )
            )
            report.scores_new += 1
        elif score.score != row.score:
            score.score = row.score
            report.scores_changed += 1
        else:
            report.scores_unchanged += 1


async def import_scores(
    session: AsyncSession, path: Path, kb: KnowledgeBase, *, dry_run: bool = False
) -> ImportReport:
    """Validate ``path`` and, when every row is good and not ``dry_run``, write it.

    The caller owns the transaction: on errors or a dry run this rolls the session back.
    """
    rows = read_rows(path)
    parsed, errors = validate(rows, kb)
    report = ImportReport(rows=len(rows), errors=errors, dry_run=dry_run)
    if not errors:
        await _apply_agencies(session, parsed, report)
        await session.flush()
        await _apply_scores(session, parsed, report)
        await session.flush()
    if report.errors:
        report.agencies_new = report.agencies_updated = 0
        report.scores_new = report.scores_changed = report.scores_unchanged = 0
    if report.errors or dry_run:
        await session.rollback()
    else:
        await session.commit()
    return report
