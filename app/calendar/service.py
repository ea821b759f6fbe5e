"""DUTY-4: the official calendar with 调休 — the one interface the whole app asks about working days.

``is_working_day(day)``, ``non_working_days(start, end)``, ``year_known(year)`` and
``year_calendar(year)``. The data come from the maintained ``chinese-calendar`` package (the State
Council's annual notices), overridden per year by the city office (``store_override``). For a year
that neither knows, these raise ``CalendarUnknown`` — never a silent Monday-to-Friday guess;
``calendar_day(day)`` gives the Monday-to-Friday fallback marked ``provisional``. The calendar
returns facts and sends nothing: the caller decides whom to tell (the roster and the day close
alert the city office, ``app.duty.service.alert_calendar_missing``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import chinese_calendar
from flask import g, has_app_context
from sqlalchemy import func, select

from app.calendar.models import CalendarOverride
from app.calendar.rules import YearCalendar, override_problems
from app.errors import DomainError, RuleViolation
from app.extensions import db
from app.policy import current_policy
from app.signals import calendar_changed


class CalendarUnknown(DomainError):
    """DUTY-4: nobody knows which days of ``year`` are working days (422 ``CALENDAR_UNKNOWN``)."""

    def __init__(self, year: int):
        super().__init__("CALENDAR_UNKNOWN", f"{year} 年的官方节假日安排尚未录入，请市驻村办录入",
                         f"the official calendar of {year} is not known; the city office must enter it",
                         422, rule="DUTY-4", details={"year": year})
        self.year = year


@cache
def _builtin_data() -> dict[int, tuple[frozenset[date], frozenset[date]]]:
    """chinese-calendar's holidays and make-up workdays, by year."""
    by_year: dict[int, tuple[set[date], set[date]]] = {}
    for day in chinese_calendar.holidays:
        by_year.setdefault(day.year, (set(), set()))[0].add(day)
    for day in chinese_calendar.workdays:
        by_year.setdefault(day.year, (set(), set()))[1].add(day)
    return {year: (frozenset(h), frozenset(w)) for year, (h, w) in by_year.items()}


def builtin_years() -> range:
    """The years chinese-calendar knows (2004–2026 in version 1.11)."""
    years = _builtin_data()
    return range(min(years), max(years) + 1)


def builtin_calendar(year: int) -> YearCalendar | None:
    if year not in builtin_years():
        return None
    holidays, workdays = _builtin_data().get(year, (frozenset(), frozenset()))
    return YearCalendar(year, holidays, workdays, "builtin", meta={"package": "chinese-calendar",
                                                                   "version": chinese_calendar.__version__})


def current_override(year: int) -> CalendarOverride | None:
    return db.session.scalar(select(CalendarOverride).where(CalendarOverride.year == year)
                             .order_by(CalendarOverride.version.desc()).limit(1))


def _load(year: int) -> YearCalendar | None:
    override = current_override(year)
    if override is None:
        return builtin_calendar(year)
    holidays, workdays = override.dates()
    return YearCalendar(year, holidays, workdays, "override", override.version,
                        meta={"override": override})


def _cache() -> dict[int, YearCalendar | None]:
    if not has_app_context():
        return {}
    if "duty_calendars" not in g:
        g.duty_calendars = {}
    return g.duty_calendars


def year_calendar(year: int) -> YearCalendar:
    """The calendar in force for ``year`` (the newest override, else chinese-calendar), or CalendarUnknown."""
    cached = _cache()
    if year not in cached:
        cached[year] = _load(year)
    calendar = cached[year]
    if calendar is None:
        raise CalendarUnknown(year)
    return calendar


def year_known(year: int) -> bool:
    try:
        year_calendar(year)
    except CalendarUnknown:
        return False
    return True


def is_working_day(day: date) -> bool:
    """True on a working day (Monday–Friday, or a 调休 weekend day) that is not a statutory holiday."""
    return year_calendar(day.year).is_working_day(day)


@dataclass(frozen=True)
class CalendarDay:
    """Whether a day is a working day, and whether that is only assumed (DUTY-4)."""

    working: bool
    provisional: bool  # the year's calendar is unknown: Monday–Friday assumed


def calendar_day(day: date) -> CalendarDay:
    """Is ``day`` a working day? For a year nobody knows: Monday–Friday, marked provisional (DUTY-4)."""
    try:
        return CalendarDay(is_working_day(day), False)
    except CalendarUnknown:
        return CalendarDay(day.weekday() < 5, True)


def non_working_days(start: date, end: date) -> list[date]:
    """Weekends and holidays in [start, end], make-up workdays excluded; CalendarUnknown if any year is."""
    return [day for year in range(start.year, end.year + 1)
            for day in year_calendar(year).non_working_days(start, end)]


def store_override(year: int, holidays: Iterable[date], workdays: Iterable[date], by_id: int,
                   note: str | None = None) -> CalendarOverride:
    """DUTY-4: enter or correct ``year``'s calendar (a new version; the earlier ones are kept).

    Refused with every problem listed (422, rule DUTY-4). Entering exactly what is already in force
    adds no version. Sends ``calendar_changed`` in the caller's transaction; does not commit.
    """
    holidays, workdays = sorted(set(holidays)), sorted(set(workdays))
    problems = override_problems(year, holidays, workdays, current_policy().calendar_fixed_holidays)
    if problems:
        raise RuleViolation("DUTY-4", "节假日安排有误，未保存", "the calendar has problems; nothing was stored",
                            details={"problems": [p.as_dict() for p in problems]})
    latest = current_override(year)
    as_text = ([d.isoformat() for d in holidays], [d.isoformat() for d in workdays])
    if latest is not None and (latest.holidays, latest.workdays, latest.note) == (*as_text, note):
        return latest
    version = (db.session.scalar(select(func.max(CalendarOverride.version))
                                 .where(CalendarOverride.year == year)) or 0) + 1
    override = CalendarOverride(year=year, version=version, holidays=as_text[0], workdays=as_text[1],
                                note=note, entered_by_id=by_id)
    db.session.add(override)
    db.session.flush()
    _cache().pop(year, None)
    calendar_changed.send(None, year=year)
    return override


def override_versions(year: int) -> list[CalendarOverride]:
    """Every override of ``year``, newest first."""
    return list(db.session.scalars(select(CalendarOverride).where(CalendarOverride.year == year)
                                   .order_by(CalendarOverride.version.desc())))


def calendar_view(year: int) -> dict:
    """DUTY-4: the calendar in force for ``year``, its source and every override version."""
    calendar = year_calendar(year)
    override = calendar.meta.get("override")
    return {
        "year": year, "source": calendar.source, "version": calendar.version,
        "holidays": sorted(calendar.holidays), "workdays": sorted(calendar.workdays),
        "non_working_days": calendar.non_working_days(date(year, 1, 1), date(year, 12, 31)),
        "note": override.note if override else None,
        "entered_by": override.entered_by if override else None,
        "entered_at": override.entered_at if override else None,
        "builtin": None if override else calendar.meta,
        "versions": override_versions(year),
    }


def working_days_from(start: date, count: int) -> list[date]:
    """ORG-5: the first ``count`` working days from ``start`` (inclusive) on the official calendar
    (Monday–Friday where a year is unknown, as ``calendar_day``)."""
    found: list[date] = []
    day = start
    while len(found) < count:
        if calendar_day(day).working:
            found.append(day)
        day += timedelta(days=1)
    return found


def count_working_days(start: date, end: date) -> int:
    """ORG-5: working days in [start, end] on the official calendar."""
    return sum(1 for offset in range((end - start).days + 1) if calendar_day(start + timedelta(days=offset)).working)
