"""A coordinator's view of a province: every agency's overall and dimension scores, the
province average per dimension, and who is weakest where."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.tables import Agency, Score
from knowledge.loader import KnowledgeBase
from scoring.directory import OVERALL_TYPE
from scoring.reports import compute


@dataclass
class AgencyRow:
    """One agency's standing in its province."""

    code: str
    name: str
    overall: float | None
    dimensions: dict[str, float | None]
    is_province_overall: bool = False


@dataclass
class ProvinceView:
    """The province overview for one survey year."""

    province: str
    year: int
    framework: str
    dimensions: list[str]
    agencies: list[AgencyRow]
    averages: dict[str, float | None]
    weakest: dict[str, str] = field(default_factory=dict)
    without_scores: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        """Plain data for ``--json``."""
        return {
            "province": self.province,
            "year": self.year,
            "framework": self.framework,
            "agencies": [row.__dict__ for row in self.agencies],
            "province_average": self.averages,
            "weakest": self.weakest,
            "without_scores": self.without_scores,
        }


async def province_view(
    session: AsyncSession, kb: KnowledgeBase, province: str, year: int | None = None
) -> ProvinceView | None:
    """The overview of ``province`` (Thai name) for ``year`` (default: its latest survey)."""
    agencies = list(
        await session.scalars(
            select(Agency).where(Agency.province == province).order_by(Agency.code)
        )
    )
    codes = [a.code for a in agencies]
    if year is None:
        year = await session.scalar(
            select(func.max(Score.year)).where(Score.agency_code.in_(codes))
        )
    if year is None:
        return None
    scores: dict[str, dict] = {code: {} for code in codes}
    rows = await session.execute(
        select(Score.agency_code, Score.item_kind, Score.item_code, Score.score).where(
            Score.year == year, Score.agency_code.in_(codes)
        )
    )
    for code, kind, item, value in rows:
        scores[code][(kind, item)] = value
    view = ProvinceView(province, year, "", [], [], {})
    for agency in agencies:
        if not scores[agency.code]:
            if agency.agency_type != OVERALL_TYPE:
                view.without_scores.append(agency.code)
            continue
        report = compute(kb, agency, year, scores[agency.code])
        view.framework = report.framework
        view.dimensions = [d.name_en for d in report.dimensions]
        view.agencies.append(
            AgencyRow(
                agency.code,
                agency.name_th,
                report.overall,
                {d.name_en: d.score for d in report.dimensions},
                agency.agency_type == OVERALL_TYPE,
            )
        )
    if not view.agencies:
        return None
    members = [row for row in view.agencies if not row.is_province_overall]
    for name in view.dimensions:
        known = [
            (row.dimensions[name], row) for row in members if row.dimensions.get(name) is not None
        ]
        view.averages[name] = round(sum(v for v, _ in known) / len(known), 1) if known else None
        if known:
            view.weakest[name] = min(known, key=lambda pair: pair[0])[1].code
    return view
