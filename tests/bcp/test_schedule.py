from datetime import date, datetime

from bcp.campaigns import DEFAULT_PLAN
from bcp.dates import BANGKOK
from bcp.schedule import add_business_days, due_today, occurrences, opening_day


def at(day: str, hour: int = 9, minute: int = 0) -> datetime:
    y, m, d = map(int, day.split("-"))
    return datetime(y, m, d, hour, minute, tzinfo=BANGKOK)


def test_opening_waits_for_the_next_business_day_slot() -> None:
    assert opening_day(at("2027-05-17", 8)) == date(2027, 5, 17)  # Monday before 09:00
    assert opening_day(at("2027-05-17", 10)) == date(2027, 5, 18)  # after 09:00: Tuesday
    assert opening_day(at("2027-05-22", 8)) == date(2027, 5, 24)  # Saturday: Monday


def test_default_plan_with_weekend_moves() -> None:
    # deadline Wednesday 16 June 2027; opened Monday 17 May
    found = occurrences(
        opened=at("2027-05-17", 8),
        deadline=at("2027-06-16", 23, 59),
        until=date(2027, 6, 30),
        plan=DEFAULT_PLAN,
    )
    reminders = [(o.day, o.label) for o in found if o.kind == "reminder"]
    assert reminders == [
        (date(2027, 5, 17), "opening"),  # 30 days before is Sunday 16 May: before opening, skipped
        (date(2027, 6, 2), "14 days before"),
        (date(2027, 6, 9), "7 days before"),
        (date(2027, 6, 11), "3 days before"),  # Sunday 13 June -> Friday 11 June
        (date(2027, 6, 15), "1 days before"),
        (date(2027, 6, 16), "deadline day"),
    ]
    overdue = [o.day for o in found if o.kind == "overdue"]
    assert overdue == [
        date(2027, 6, 21),
        date(2027, 6, 24),
        date(2027, 6, 29),
    ]  # every 3 business days
    digests = [(o.day, o.label) for o in found if o.kind == "digest"]
    assert (date(2027, 5, 17), "opening") in digests and (date(2027, 5, 24), "weekly") in digests
    assert (date(2027, 6, 9), "7 days before") in digests and (
        date(2027, 6, 21),
        "overdue",
    ) in digests
    assert all(o.day.weekday() < 5 for o in found)


def test_a_missed_nine_oclock_is_due_later_the_same_day_only() -> None:
    args = {
        "opened": at("2027-05-17", 8),
        "deadline": at("2027-06-16", 23, 59),
        "plan": DEFAULT_PLAN,
    }
    assert due_today(now=at("2027-06-09", 8, 59), **args) == []
    assert {o.kind for o in due_today(now=at("2027-06-09", 14), **args)} == {"reminder", "digest"}
    assert due_today(now=at("2027-06-10", 9), **args) == []  # yesterday's are not sent any more


def test_business_days() -> None:
    assert add_business_days(date(2027, 6, 16), 3) == date(2027, 6, 21)
