"""Load and validate the knowledge base data files into one read-only object.

Every file under ``knowledge/data/`` is validated by :mod:`knowledge.models`; a bad file
stops start-up with pydantic's message naming the file and the field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel

from knowledge.bcp_models import BcpGuide
from knowledge.models import (
    AgencyGroups,
    Average,
    Dimension,
    Framework,
    Glossary,
    GlossaryTerm,
    Indicator,
    IndicatorRef,
    LevelAverages,
    MaturityLevels,
    NationalAverages,
    ProvincialAgencyTypes,
)

DATA_DIR = Path(__file__).parent / "data"
FRAMEWORKS = ("2560", "2559")  # newest first: the default when a query names no year


@dataclass(frozen=True)
class IndicatorEntry:
    """An indicator together with where it sits."""

    framework: str
    dimension: Dimension
    indicator: Indicator

    @property
    def key(self) -> tuple[str, str]:
        """``(framework, code)``, unique across the knowledge base."""
        return (self.framework, self.indicator.code)


@dataclass(frozen=True)
class DimensionEntry:
    """A dimension together with its framework year."""

    framework: str
    dimension: Dimension

    @property
    def key(self) -> tuple[str, str]:
        """``(framework, code)``, unique across the knowledge base."""
        return (self.framework, self.dimension.code)


def _load(path: Path, model: type[BaseModel]) -> BaseModel:
    with path.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    try:
        return model.model_validate(raw)
    except Exception as error:  # re-raised with the file name for a readable start-up error
        raise ValueError(f"{path.name}: {error}") from error


@dataclass
class KnowledgeBase:
    """All transcribed source knowledge, indexed for lookups."""

    frameworks: dict[str, Framework]
    averages: dict[str, NationalAverages]
    maturity: MaturityLevels
    groups: AgencyGroups
    provincial_types: ProvincialAgencyTypes
    glossary: Glossary
    bcp: BcpGuide
    indicators: dict[tuple[str, str], IndicatorEntry] = field(default_factory=dict)
    dimensions: dict[tuple[str, str], DimensionEntry] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for year, framework in self.frameworks.items():
            for dimension in framework.dimensions:
                self.dimensions[(year, dimension.code)] = DimensionEntry(year, dimension)
                for indicator in dimension.indicators:
                    self.indicators[(year, indicator.code)] = IndicatorEntry(
                        year, dimension, indicator
                    )

    def indicator(self, framework: str, code: str) -> IndicatorEntry | None:
        """The indicator ``code`` of ``framework``, or ``None``."""
        return self.indicators.get((framework, code))

    def dimension(self, framework: str, code: str) -> DimensionEntry | None:
        """The dimension ``code`` of ``framework``, or ``None``."""
        return self.dimensions.get((framework, code))

    def related(self, entry: IndicatorEntry) -> list[IndicatorEntry]:
        """The same indicator in the other framework(s), where one exists."""
        found = (self.indicator(ref.framework, ref.code) for ref in entry.indicator.related)
        return [item for item in found if item is not None]

    def national_averages(self, framework: str, item_en: str) -> dict[str, float | None]:
        """``{level: score}`` for an item (dimension or indicator English name, or Overall)."""
        survey = self.averages.get(framework)
        if survey is None:
            return {}
        result: dict[str, float | None] = {}
        for level in survey.levels:
            if item_en == "Overall":
                result[level.level] = level.overall
                continue
            for average in (*level.dimensions, *level.indicators):
                if average.item == item_en:
                    result[level.level] = average.score
        return result

    def level_averages(self, framework: str) -> list[LevelAverages]:
        """Every level's averages of a survey year (empty when none were published)."""
        survey = self.averages.get(framework)
        return list(survey.levels) if survey else []

    def glossary_term(self, name: str) -> GlossaryTerm | None:
        """A glossary term by its name or an alias (case-insensitive)."""
        wanted = name.casefold()
        for term in self.glossary.terms:
            if wanted in {term.term.casefold(), *(a.casefold() for a in term.aliases)}:
                return term
        return None


def _validate_references(kb: KnowledgeBase) -> None:
    for entry in kb.indicators.values():
        for ref in entry.indicator.related:
            if not isinstance(ref, IndicatorRef) or kb.indicator(ref.framework, ref.code) is None:
                raise ValueError(f"{entry.key}: related indicator {ref} does not exist")
    for year, survey in kb.averages.items():
        names = {e.indicator.name_en for k, e in kb.indicators.items() if k[0] == year}
        dims = {e.dimension.name_en for k, e in kb.dimensions.items() if k[0] == year}
        for level in survey.levels:
            items: list[Average] = [*level.dimensions, *level.indicators]
            unknown = [a.item for a in items if a.item not in names | dims]
            if unknown:
                raise ValueError(f"averages {year}/{level.level}: unknown items {unknown}")


def load_knowledge(data_dir: Path = DATA_DIR) -> KnowledgeBase:
    """Read, validate and cross-check every data file in ``data_dir``."""
    frameworks = {
        year: _load(data_dir / f"framework_{year}.yaml", Framework) for year in FRAMEWORKS
    }
    averages = {"2560": _load(data_dir / "national_averages_2560.yaml", NationalAverages)}
    kb = KnowledgeBase(
        frameworks=frameworks,  # type: ignore[arg-type]
        averages=averages,  # type: ignore[arg-type]
        maturity=_load(data_dir / "maturity_levels.yaml", MaturityLevels),  # type: ignore[arg-type]
        groups=_load(data_dir / "agency_groups.yaml", AgencyGroups),  # type: ignore[arg-type]
        provincial_types=_load(  # type: ignore[arg-type]
            data_dir / "provincial_agency_types.yaml", ProvincialAgencyTypes
        ),
        glossary=_load(data_dir / "glossary.yaml", Glossary),  # type: ignore[arg-type]
        bcp=_load(data_dir / "bcp_2563.yaml", BcpGuide),  # type: ignore[arg-type]
    )
    _validate_references(kb)
    return kb


@lru_cache(maxsize=1)
def default_knowledge() -> KnowledgeBase:
    """The packaged knowledge base, loaded once per process."""
    return load_knowledge()
