"""Validated shapes of the knowledge base data files under ``knowledge/data/``.

Every file is YAML transcribed from the source documents; these pydantic models are
the contract between the data and the code. Loading fails loudly on any mismatch.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

FrameworkYear = Literal["2559", "2560"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IndicatorRef(_Strict):
    """A pointer to an indicator in a (possibly other) framework."""

    framework: FrameworkYear
    code: str


class Indicator(_Strict):
    """One readiness indicator with its official recommendation."""

    code: str = Field(pattern=r"^\d\.\d$")
    name_en: str
    name_th: str | None = None
    aliases: list[str] = []
    recommendation: str | None = None
    recommendation_missing_note_th: str | None = None
    recommendation_missing_note_en: str | None = None
    links: list[str] = []
    keywords: list[str] = []
    related: list[IndicatorRef] = []

    @model_validator(mode="after")
    def _recommendation_or_note(self) -> Indicator:
        if not self.recommendation and not (
            self.recommendation_missing_note_th and self.recommendation_missing_note_en
        ):
            raise ValueError(f"indicator {self.code} has neither recommendation nor note")
        return self


class Dimension(_Strict):
    """One of the six dimensions of a framework."""

    code: str = Field(pattern=r"^\d$")
    name_en: str
    name_th: str
    aliases: list[str] = []
    weight: float | None = None
    indicators: list[Indicator]


class Framework(_Strict):
    """A whole readiness framework of one survey year."""

    framework: FrameworkYear
    year_ce: int
    title_th: str
    title_en: str
    source: str
    dimensions: list[Dimension]


class Average(_Strict):
    """A national average for one item; ``None`` where the level was not surveyed."""

    item: str  # "Overall", a dimension name_en, or an indicator name_en (2560 canonical)
    score: float | None


class LevelAverages(_Strict):
    """National averages for one agency level."""

    level: Literal["department", "province"]
    responded: int
    surveyed: int
    overall: float
    dimensions: list[Average]
    indicators: list[Average]


class NationalAverages(_Strict):
    """National averages of one survey year (seed 004)."""

    framework: FrameworkYear
    source: str
    levels: list[LevelAverages]


class MaturityLevel(_Strict):
    """One of the five digital-government maturity levels (seed 001)."""

    level: int
    name_en: str
    description_th: str


class AgencyGroup(_Strict):
    """One of the four readiness groups of agencies (seed 000)."""

    group: int
    name_en: str
    name_th: str
    description_th: str


class GlossaryTerm(_Strict):
    """A system or term the recommendations mention."""

    term: str
    aliases: list[str] = []
    name_th: str | None = None
    name_en: str | None = None
    description_th: str
    source: str


class ProvincialAgencyType(_Strict):
    """One of the 19 agency types surveyed in every province (seed 001)."""

    number: int
    name_th: str  # without the province name, e.g. "สำนักงานจังหวัด"
    name_en: str | None = None


class MaturityLevels(_Strict):
    """``maturity_levels.yaml``."""

    source: str
    maturity_levels: list[MaturityLevel]


class AgencyGroups(_Strict):
    """``agency_groups.yaml``."""

    source: str
    agency_groups: list[AgencyGroup]


class ProvincialAgencyTypes(_Strict):
    """``provincial_agency_types.yaml``."""

    source: str
    provincial_agency_types: list[ProvincialAgencyType]


class Glossary(_Strict):
    """The glossary file."""

    terms: list[GlossaryTerm]
