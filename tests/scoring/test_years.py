"""Survey years: B.E. or C.E., Arabic or Thai digits, and the framework of each year."""

from __future__ import annotations

import pytest

from scoring.years import YearError, framework_of, parse_year


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2560", 2560),
        (2560, 2560),
        (" 2559 ", 2559),
        ("2017", 2560),  # C.E. -> B.E.
        (2016, 2559),
        ("๒๕๖๐", 2560),  # Thai digits
        ("๒๐๑๗", 2560),
        ("พ.ศ. 2560", 2560),
        ("พ.ศ.2559", 2559),
        ("พ.ศ. ๒๕๖๐", 2560),
        ("ค.ศ. 2017", 2560),
        ("B.E. 2559", 2559),
        ("c.e. 2016", 2559),
    ],
)
def test_parse_year_reads_every_spelling(text: str | int, expected: int) -> None:
    assert parse_year(text) == expected


@pytest.mark.parametrize(
    "text", ["", "abc", "256", "25600", "2560.5", "ปี 2560", "2560-2561", "twenty", "๒๕๖"]
)
def test_parse_year_refuses_junk(text: str) -> None:
    with pytest.raises(YearError, match="is not a year"):
        parse_year(text)


@pytest.mark.parametrize("text", ["1800", "3000", "0999"])
def test_parse_year_refuses_implausible_years(text: str) -> None:
    with pytest.raises(YearError, match="not a plausible survey year"):
        parse_year(text)


def test_year_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_year("junk")


@pytest.mark.parametrize(("year", "framework"), [(2559, "2559"), (2560, "2560")])
def test_framework_of_known_years(year: int, framework: str) -> None:
    assert framework_of(year) == framework


def test_framework_of_parsed_ce_year() -> None:
    assert framework_of(parse_year("2017")) == "2560"
    assert framework_of(parse_year("๒๕๕๙")) == "2559"


@pytest.mark.parametrize("year", [2558, 2561, 2017])
def test_unknown_framework_year_is_refused_with_a_clear_message(year: int) -> None:
    with pytest.raises(YearError) as caught:
        framework_of(year)
    message = str(caught.value)
    assert f"B.E. {year}" in message
    assert "no readiness framework" in message
    assert "2559" in message and "2560" in message  # the years that are known


@pytest.mark.parametrize("text", ["พ.ศ. 2017", "ค.ศ. 2560", "CE 2560", "B.E. 2017"])
def test_parse_year_refuses_a_mixed_up_era(text: str) -> None:
    with pytest.raises(YearError, match="mixes up"):
        parse_year(text)
