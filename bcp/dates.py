"""Dates as Thai officials write them: B.E. or C.E., Thai or Arabic digits, Thai month names.

"๓๐ มิถุนายน ๒๕๖๓", "30 มิ.ย. 63", "30/06/2563", "2020-06-30 16:30", "30 June 2020" all read
as a moment in Asia/Bangkok. A date without a time means the end of that day (23:59), so a
deadline "by 30 June" includes the whole day. Anything else is refused with the reason.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from pythainlp.util import thai_digit_to_arabic_digit

BANGKOK = ZoneInfo("Asia/Bangkok")
END_OF_DAY = time(23, 59)
MONTHS = {
    "มกราคม": 1,
    "ม.ค.": 1,
    "กุมภาพันธ์": 2,
    "ก.พ.": 2,
    "มีนาคม": 3,
    "มี.ค.": 3,
    "เมษายน": 4,
    "เม.ย.": 4,
    "พฤษภาคม": 5,
    "พ.ค.": 5,
    "มิถุนายน": 6,
    "มิ.ย.": 6,
    "กรกฎาคม": 7,
    "ก.ค.": 7,
    "สิงหาคม": 8,
    "ส.ค.": 8,
    "กันยายน": 9,
    "ก.ย.": 9,
    "ตุลาคม": 10,
    "ต.ค.": 10,
    "พฤศจิกายน": 11,
    "พ.ย.": 11,
    "ธันวาคม": 12,
    "ธ.ค.": 12,
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_TIME = re.compile(r"(?:เวลา\s*)?(\d{1,2})[:.](\d{2})\s*(?:น\.?|นาฬิกา)?\s*$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SLASH = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})$")
_WORDS = re.compile(
    r"^(?:วันที่\s*)?(\d{1,2})\s*([^\d\s]+\.?(?:[^\d\s]+\.)?)\s*(?:พ\.?\s?ศ\.?|ค\.?\s?ศ\.?)?\s*(\d{2}|\d{4})$"
)


class DateError(ValueError):
    """A date that cannot be read, with the reason."""


def _year(raw: str) -> int:
    """Four digits B.E. (>= 2400) or C.E.; two digits are B.E. (63 -> 2563)."""
    year = int(raw)
    if len(raw) == 2:
        year += 2500
    if year >= 2400:
        year -= 543
    if not 1900 <= year <= 2200:
        raise DateError(f"{raw} is not a plausible year")
    return year


def parse_moment(text: str, default_time: time = END_OF_DAY) -> datetime:
    """The moment ``text`` names, in Asia/Bangkok (timezone-aware); a date without a time
    means ``default_time`` (deadlines: the end of the day)."""
    raw = thai_digit_to_arabic_digit(text).strip()
    if not raw:
        raise DateError("no date given")
    clock = default_time
    found = _TIME.search(raw)
    if found and (":" in found.group(0) or "น" in found.group(0) or "เวลา" in found.group(0)):
        hour, minute = int(found.group(1)), int(found.group(2))
        if hour > 23 or minute > 59:
            raise DateError(f"{found.group(0).strip()} is not a time of day")
        clock = time(hour, minute)
        raw = raw[: found.start()].strip().rstrip(",").strip()
    raw = re.sub(r"\s+", " ", raw)
    if match := _ISO.match(raw):
        year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
        year = _year(str(year))
    elif match := _SLASH.match(raw):
        day, month, year = int(match.group(1)), int(match.group(2)), _year(match.group(3))
    elif match := _WORDS.match(raw):
        name = match.group(2).casefold()
        if name not in MONTHS:
            raise DateError(f"'{match.group(2)}' is not a month")
        day, month, year = int(match.group(1)), MONTHS[name], _year(match.group(3))
    else:
        raise DateError(f"'{text}' is not a date (e.g. 30 มิถุนายน 2563, 30/06/2563, 2020-06-30)")
    try:
        return datetime.combine(date(year, month, day), clock, BANGKOK)
    except ValueError as error:
        raise DateError(f"'{text}': {error}") from None


def thai_day(moment: datetime) -> str:
    """ "30 มิถุนายน 2563" (the Bangkok date, B.E.)."""
    local = moment.astimezone(BANGKOK)
    month = next(name for name, number in MONTHS.items() if number == local.month and len(name) > 4)
    return f"{local.day} {month} {local.year + 543}"


def thai_date(moment: datetime) -> str:
    """ "30 มิถุนายน 2563 เวลา 23:59 น." for people."""
    local = moment.astimezone(BANGKOK)
    month = next(name for name, number in MONTHS.items() if number == local.month and len(name) > 4)
    return f"{local.day} {month} {local.year + 543} เวลา {local:%H:%M} น."
