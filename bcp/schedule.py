"""When reminders and digests go out: pure date arithmetic, no database.

Reminders (default plan): on opening; 30, 14, 7, 3 and 1 days before the deadline; on the
day; then every 3 business days while overdue. Digests for coordinators: on opening, weekly,
7 and 1 days before, and on the overdue days. Everything goes at 09:00 Bangkok time on a
business day (Monday to Friday): a date before the deadline that falls on a weekend moves to
the business day before, an overdue one to the business day after. Occurrences before the
campaign opened are skipped; two landing on the same day are sent once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bcp.dates import BANGKOK

SEND_AT = time(9, 0)


@dataclass(frozen=True)
class Occurrence:
    """One send day: ``kind`` is "reminder", "overdue" or "digest"; ``label`` says why."""

    day: date
    kind: str
    label: str

    def moment(self) -> datetime:
        """09:00 Bangkok on that day."""
        return datetime.combine(self.day, SEND_AT, BANGKOK)


def is_business_day(day: date) -> bool:
    """Monday to Friday."""
    return day.weekday() < 5


def business_day_on_or_before(day: date) -> date:
    """``day``, or the Friday before a weekend."""
    while not is_business_day(day):
        day -= timedelta(days=1)
    return day


def business_day_on_or_after(day: date) -> date:
    """``day``, or the Monday after a weekend."""
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


def add_business_days(day: date, count: int) -> date:
    """``count`` business days after ``day``."""
    while count:
        day += timedelta(days=1)
        if is_business_day(day):
            count -= 1
    return day


def opening_day(opened: datetime) -> date:
    """The first 09:00 business-day slot at or after opening."""
    local = opened.astimezone(BANGKOK)
    day = local.date()
    if local.time() > SEND_AT or not is_business_day(day):
        day = add_business_days(day, 1) if local.time() > SEND_AT else business_day_on_or_after(day)
    return day


def occurrences(
    *, opened: datetime, deadline: datetime, until: date, plan: dict
) -> list[Occurrence]:
    """Every reminder, overdue reminder and digest day from opening up to ``until``."""
    start = opening_day(opened)
    due = deadline.astimezone(BANGKOK).date()
    found: dict[tuple[date, str], Occurrence] = {}

    def add(day: date, kind: str, label: str) -> None:
        if start <= day <= until and (day, kind) not in found:
            found[(day, kind)] = Occurrence(day, kind, label)

    if plan.get("on_open", True):
        add(start, "reminder", "opening")
        add(start, "digest", "opening")
    for days in plan.get("days_before", [30, 14, 7, 3, 1, 0]):
        add(
            business_day_on_or_before(due - timedelta(days=days)),
            "reminder",
            "deadline day" if days == 0 else f"{days} days before",
        )
    for days in (7, 1):
        add(business_day_on_or_before(due - timedelta(days=days)), "digest", f"{days} days before")
    week = start + timedelta(days=7)
    while week <= min(until, due):
        add(business_day_on_or_after(week), "digest", "weekly")
        week += timedelta(days=7)
    every = plan.get("overdue_every_business_days", 3)
    overdue = add_business_days(due, every)
    while overdue <= until:
        add(overdue, "overdue", "overdue")
        add(overdue, "digest", "overdue")
        overdue = add_business_days(overdue, every)
    return sorted(found.values(), key=lambda o: (o.day, o.kind))


def due_today(
    *, opened: datetime, deadline: datetime, now: datetime, plan: dict
) -> list[Occurrence]:
    """Occurrences whose 09:00 has come today (Bangkok). A missed 09:00 is still due later the
    same day (after a restart); earlier days are not sent any more."""
    today = now.astimezone(BANGKOK).date()
    return [
        o
        for o in occurrences(opened=opened, deadline=deadline, until=today, plan=plan)
        if o.day == today and o.moment() <= now
    ]
