from datetime import datetime

import pytest

from bcp.dates import BANGKOK, DateError, parse_moment, thai_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("๓๐ มิถุนายน ๒๕๖๓", datetime(2020, 6, 30, 23, 59, tzinfo=BANGKOK)),
        ("30 มิ.ย. 63", datetime(2020, 6, 30, 23, 59, tzinfo=BANGKOK)),
        ("30/06/2563", datetime(2020, 6, 30, 23, 59, tzinfo=BANGKOK)),
        ("30/6/2020", datetime(2020, 6, 30, 23, 59, tzinfo=BANGKOK)),
        ("2027-06-16", datetime(2027, 6, 16, 23, 59, tzinfo=BANGKOK)),
        ("2020-06-30 16:30", datetime(2020, 6, 30, 16, 30, tzinfo=BANGKOK)),
        ("วันที่ 30 มิถุนายน 2563 เวลา 16.30 น.", datetime(2020, 6, 30, 16, 30, tzinfo=BANGKOK)),
        ("15 August 2027", datetime(2027, 8, 15, 23, 59, tzinfo=BANGKOK)),
        ("1 ม.ค. 2571", datetime(2028, 1, 1, 23, 59, tzinfo=BANGKOK)),
    ],
)
def test_reads_the_ways_officials_write_dates(text: str, expected: datetime) -> None:
    assert parse_moment(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31 มิถุนายน 2563", "out of range"),
        ("next week", "not a date"),
        ("30 มิถุนา 2563", "not a month"),
        ("30/06/2563 25:00", "not a time"),
        ("", "no date"),
        ("30/06/1800", "plausible"),
    ],
)
def test_refuses_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(DateError, match=reason):
        parse_moment(text)


def test_thai_date() -> None:
    assert thai_date(parse_moment("2020-06-30 16:30")) == "30 มิถุนายน 2563 เวลา 16:30 น."
