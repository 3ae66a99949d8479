"""Survey years: Buddhist Era or Common Era, Arabic or Thai digits, and their frameworks."""

from __future__ import annotations

import re

from pythainlp.util import thai_digit_to_arabic_digit

BE_OFFSET = 543
FRAMEWORK_OF_YEAR = {2559: "2559", 2560: "2560"}  # B.E. survey year -> framework file


class YearError(ValueError):
    """A year that cannot be read or has no framework."""


def parse_year(text: str | int) -> int:
    """The B.E. year of ``text``: "2560", "๒๕๖๐", "2017" and "พ.ศ. 2560" all give 2560."""
    raw = thai_digit_to_arabic_digit(str(text)).strip()
    found = re.fullmatch(
        r"(?:(พ\.?\s?ศ\.?|b\.?e\.?)|(ค\.?\s?ศ\.?|c\.?e\.?|a\.?d\.?))?\s*(\d{4})", raw, re.IGNORECASE
    )
    if not found:
        raise YearError(f"'{text}' is not a year")
    buddhist, common, year = found.group(1), found.group(2), int(found.group(3))
    if (buddhist and year < 2400) or (common and year > 2200):
        raise YearError(f"'{text}' mixes up the Buddhist and the Common Era")
    if 1900 <= year <= 2200:
        year += BE_OFFSET
    if not 2400 <= year <= 2700:
        raise YearError(f"'{text}' is not a plausible survey year")
    return year


def framework_of(year: int) -> str:
    """The framework used by the survey of B.E. ``year``."""
    try:
        return FRAMEWORK_OF_YEAR[year]
    except KeyError:
        known = ", ".join(str(y) for y in FRAMEWORK_OF_YEAR)
        raise YearError(
            f"no readiness framework is known for B.E. {year} (known: {known})"
        ) from None
