"""An agency's readiness report, the shape EGA sends on paper (seed 001).

Overall (imported, or computed from the framework's dimension weights; never invented),
every dimension and indicator against the national average of the agency's level, the
strongest and weakest dimension, the five indicators to improve first with their
recommendations, the biggest gaps below the national average, the change since the previous
survey, and the rank among agencies of the same level and type.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.tables import Agency, Score
from knowledge.loader import KnowledgeBase
from scoring.years import framework_of

IMPROVE_FIRST = 5


class ReportError(LookupError):
    """No such agency, or no scores for it."""


@dataclass
class DimensionLine:
    """A dimension's score; ``computed`` when it is the mean of its indicators."""

    code: str
    name_en: str
    name_th: str
    score: float | None
    computed: bool
    national_average: float | None
    gap: float | None


@dataclass
class IndicatorLine:
    """An indicator's score against the national average."""

    code: str
    name_en: str
    name_th: str
    dimension: str
    score: float | None
    national_average: float | None
    gap: float | None


@dataclass
class ImproveItem:
    """An indicator to improve first, with its official recommendation."""

    code: str
    name_en: str
    name_th: str
    score: float
    recommendation: str


@dataclass
class Report:
    """One agency, one survey year."""

    agency: Agency
    year: int
    framework: str
    overall: float | None
    overall_computed: bool
    dimensions: list[DimensionLine]
    indicators: list[IndicatorLine]
    strongest: DimensionLine | None
    weakest: DimensionLine | None
    improve_first: list[ImproveItem]
    biggest_gaps: list[IndicatorLine]
    change: dict | None = None
    rank: dict | None = None
    national_overall: float | None = None
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        """The ``dgbot report --json`` contract (plus a few extra keys)."""
        return {
            "agency": {
                "code": self.agency.code,
                "name": self.agency.name_th,
                "level": self.agency.level,
                "province": self.agency.province,
            },
            "year": self.year,
            "framework": self.framework,
            "overall": self.overall,
            "overall_computed": self.overall_computed,
            "national_overall": self.national_overall,
            "dimensions": [asdict(d) for d in self.dimensions],
            "indicators": [asdict(i) for i in self.indicators],
            "strongest_dimension": self.strongest.name_en if self.strongest else None,
            "weakest_dimension": self.weakest.name_en if self.weakest else None,
            "improve_first": [asdict(i) for i in self.improve_first],
            "biggest_gaps": [
                {
                    "name_en": i.name_en,
                    "score": i.score,
                    "national_average": i.national_average,
                    "gap": i.gap,
                }
                for i in self.biggest_gaps
            ],
            "change": self.change,
            "rank": self.rank,
        }


def _gap(score: float | None, average: float | None) -> float | None:
    return None if score is None or average is None else round(score - average, 1)


async def scores_of(
    session: AsyncSession, agency_code: str, year: int
) -> dict[tuple[str, str], float | None]:
    """``{(kind, code): score}`` imported for an agency and year."""
    rows = await session.execute(
        select(Score.item_kind, Score.item_code, Score.score).where(
            Score.agency_code == agency_code, Score.year == year
        )
    )
    return {(kind, code): score for kind, code, score in rows}


async def latest_year(
    session: AsyncSession, agency_code: str, before: int | None = None
) -> int | None:
    """The newest survey year with scores for the agency (optionally before a year)."""
    query = select(func.max(Score.year)).where(Score.agency_code == agency_code)
    if before is not None:
        query = query.where(Score.year < before)
    return await session.scalar(query)


def compute(kb: KnowledgeBase, agency: Agency, year: int, scores: dict) -> Report:
    """The report from imported scores (pure: no database)."""
    framework = framework_of(year)
    level = agency.level

    def national(name_en: str) -> float | None:
        return kb.national_averages(framework, name_en).get(level)

    dimensions: list[DimensionLine] = []
    indicators: list[IndicatorLine] = []
    for dim in kb.frameworks[framework].dimensions:
        lines = []
        for ind in dim.indicators:
            score = scores.get(("indicator", ind.code))
            average = national(ind.name_en)
            lines.append(
                IndicatorLine(
                    ind.code,
                    ind.name_en,
                    ind.name_th or ind.name_en,
                    dim.name_en,
                    score,
                    average,
                    _gap(score, average),
                )
            )
        indicators += lines
        computed = ("dimension", dim.code) not in scores
        if computed:
            known = [line.score for line in lines if line.score is not None]
            score = round(sum(known) / len(known), 1) if known else None
            computed = score is not None
        else:
            score = scores[("dimension", dim.code)]
        average = national(dim.name_en)
        dimensions.append(
            DimensionLine(
                dim.code, dim.name_en, dim.name_th, score, computed, average, _gap(score, average)
            )
        )
    overall, overall_computed = scores.get(("overall", "")), False
    weights = {d.code: d.weight for d in kb.frameworks[framework].dimensions}
    if (
        ("overall", "") not in scores
        and all(weights.values())
        and all(d.score is not None for d in dimensions)
    ):
        overall = round(
            sum(d.score * weights[d.code] for d in dimensions) / sum(weights.values()), 1
        )
        overall_computed = True
    scored = [d for d in dimensions if d.score is not None]
    # min/max keep the first of equals: ties go to the framework's own order.
    strongest = max(scored, key=lambda d: d.score, default=None)
    weakest = min(scored, key=lambda d: d.score, default=None)
    ranked = sorted((i for i in indicators if i.score is not None), key=lambda i: i.score)
    improve = []
    for line in ranked[:IMPROVE_FIRST]:
        entry = kb.indicator(framework, line.code).indicator
        text = entry.recommendation or entry.recommendation_missing_note_th or ""
        improve.append(ImproveItem(line.code, line.name_en, line.name_th, line.score, text.strip()))
    gaps = sorted((i for i in indicators if i.gap is not None and i.gap < 0), key=lambda i: i.gap)
    return Report(
        agency,
        year,
        framework,
        overall,
        overall_computed,
        dimensions,
        indicators,
        strongest,
        weakest,
        improve,
        gaps[:IMPROVE_FIRST],
        national_overall=kb.national_averages(framework, "Overall").get(level),
    )


async def _change(session: AsyncSession, kb: KnowledgeBase, report: Report) -> dict | None:
    previous = await latest_year(session, report.agency.code, before=report.year)
    if previous is None:
        return None
    before = compute(
        kb, report.agency, previous, await scores_of(session, report.agency.code, previous)
    )

    def names(framework: str, code: str) -> set[str]:
        dim = kb.dimension(framework, code).dimension
        return {n.casefold() for n in (dim.name_en, dim.name_th, *dim.aliases)}

    dims = {}
    for dim in report.dimensions:
        mine = names(report.framework, dim.code)
        old = next((o for o in before.dimensions if names(before.framework, o.code) & mine), None)
        if old and old.score is not None and dim.score is not None:
            dims[dim.name_en] = round(dim.score - old.score, 1)
    overall = (
        round(report.overall - before.overall, 1)
        if report.overall is not None and before.overall is not None
        else None
    )
    return {"year": previous, "overall": overall, "dimensions": dims}


def _standing(report: Report) -> float | None:
    if report.overall is not None:
        return report.overall
    known = [d.score for d in report.dimensions if d.score is not None]
    return round(sum(known) / len(known), 1) if known else None


async def _rank(session: AsyncSession, kb: KnowledgeBase, report: Report) -> dict | None:
    agency = report.agency
    peers = list(
        await session.scalars(
            select(Agency)
            .join(Score, Score.agency_code == Agency.code)
            .where(
                Score.year == report.year,
                Agency.level == agency.level,
                Agency.agency_type.is_(None)
                if agency.agency_type is None
                else Agency.agency_type == agency.agency_type,
            )
            .distinct()
        )
    )
    if len(peers) < 2:
        return None
    by_peer: dict[str, dict] = {peer.code: {} for peer in peers}
    rows = await session.execute(
        select(Score.agency_code, Score.item_kind, Score.item_code, Score.score).where(
            Score.year == report.year, Score.agency_code.in_(by_peer)
        )
    )
    for code, kind, item, score in rows:
        by_peer[code][(kind, item)] = score
    standings = []
    for peer in peers:
        value = _standing(compute(kb, peer, report.year, by_peer[peer.code]))
        if value is not None:
            standings.append((peer.code, value))
    mine = _standing(report)
    if mine is None or len(standings) < 2:
        return None
    rank = 1 + sum(1 for _, value in standings if value > mine)
    total = len(standings)
    return {
        "rank": rank,
        "of": total,
        "percentile": round(100 * (total - rank) / (total - 1), 1),
        "by": "overall" if report.overall is not None else "mean of dimensions",
        "among": f"{agency.level} / {agency.agency_type or '-'}",
    }


async def build_report(
    session: AsyncSession, kb: KnowledgeBase, agency_code: str, year: int | None = None
) -> Report:
    """The full report of ``agency_code`` for ``year`` (default: its latest survey)."""
    agency = await session.get(Agency, agency_code)
    if agency is None:
        raise ReportError(f"no agency with code {agency_code}")
    year = year or await latest_year(session, agency_code)
    if year is None:
        raise ReportError(f"no scores have been imported for {agency_code}")
    scores = await scores_of(session, agency_code, year)
    if not scores:
        raise ReportError(f"no scores for {agency_code} in B.E. {year}")
    report = compute(kb, agency, year, scores)
    report.change = await _change(session, kb, report)
    report.rank = await _rank(session, kb, report)
    return report
