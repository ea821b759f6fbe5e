"""DUTY-4: the official calendar with 调休 — the one interface the whole app asks about working days.

``is_working_day(day)``, ``non_working_days(start, end)``, ``year_entered(year)``,
``calendar_day(day)`` and ``year_calendar(year)``. Three sources, in this order:

1. ``entered``: the newest override the city office entered for the year (``store_override``);
2. ``official``: the maintained ``chinese-calendar`` package (the State Council's annual notices,
   2004–2026 in version 1.11);
3. ``provisional``: for any other year, weekends plus the statutory holidays that
   《全国年节及纪念日放假办法》 (as revised in 2024) fixes — 元旦, 春节 (the eve and the first three
   days), 清明, 劳动节 (05-01, 05-02), 端午, 中秋, 国庆 (10-01..10-03) — as the maintained
   ``holidays`` package computes them by rule (lunar dates and the Qingming solar term), with no
   make-up workdays (调休 is fixed by each year's notice and cannot be foreseen).

So the calendar never lapses: every year has an answer, and ``calendar_day(day).provisional``
says when it is only the provisional one. The calendar returns facts and sends nothing: the
caller decides whom to tell (``app.duty.service.remind_calendar`` reminds the city office).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import chinese_calendar
import holidays
from flask import g, has_app_context
from sqlalchemy import func, select

from app.calendar.models import CalendarOverride
from app.calendar.rules import YearCalendar, days_between, override_problems
from app.errors import RuleViolation
from app.extensions import db
from app.policy import current_policy
from app.signals import calendar_changed


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
    days_off, workdays = _builtin_data().get(year, (frozenset(), frozenset()))
    return YearCalendar(year, days_off, workdays, "official", meta={"package": "chinese-calendar",
                                                                    "version": chinese_calendar.__version__})


@cache
def provisional_calendar(year: int) -> YearCalendar:
    """DUTY-4: the provisional calendar of ``year``: the law's statutory holidays, no 调休.

    ``holidays.China(observed=False)`` gives the days the law fixes, computed by rule (``observed``
    days are the package's guess at a notice's 调休 and are left out, and so are the substituted
    days off of a notice the package knows); its Chinese names go with the answer so a reader sees
    which festival each date is.
    """
    statutory = holidays.China(years=year, observed=False, language="zh_CN")
    in_english = holidays.China(years=year, observed=False, language="en_US")
    # A year whose notice the package knows also lists its 调休 days off ("Day off (substituted
    # from …)"): those are the notice's, not the law's, and a provisional year has none.
    days = frozenset(day for day in statutory if day.year == year and "substituted" not in in_english.get(day))
    return YearCalendar(year, days, frozenset(), "provisional", meta={
        "package": "holidays", "version": holidays.__version__,
        "law": "全国年节及纪念日放假办法（2024年修订）",
        "names": {day.isoformat(): statutory.get(day) for day in sorted(days)},
        "names_en": {day.isoformat(): in_english.get(day) for day in sorted(days)}})


def current_override(year: int) -> CalendarOverride | None:
    return db.session.scalar(select(CalendarOverride).where(CalendarOverride.year == year)
                             .order_by(CalendarOverride.version.desc()).limit(1))


def _load(year: int) -> YearCalendar:
    override = current_override(year)
    if override is None:
        return builtin_calendar(year) or provisional_calendar(year)
    days_off, workdays = override.dates()
    return YearCalendar(year, days_off, workdays, "entered", override.version, meta={"override": override})


def _cache() -> dict[int, YearCalendar]:
    if not has_app_context():
        return {}
    if "duty_calendars" not in g:
        g.duty_calendars = {}
    return g.duty_calendars


def year_calendar(year: int) -> YearCalendar:
    """The calendar in force for ``year``: the newest override, else chinese-calendar, else provisional."""
    cached = _cache()
    if year not in cached:
        cached[year] = _load(year)
    return cached[year]


def year_entered(year: int) -> bool:
    """DUTY-4: does ``year`` have a calendar of its own (official or entered), not the provisional one?"""
    return year_calendar(year).source != "provisional"


def is_working_day(day: date) -> bool:
    """True on a working day (Monday–Friday, or a 调休 weekend day) that is not a statutory holiday."""
    return year_calendar(day.year).is_working_day(day)


@dataclass(frozen=True)
class CalendarDay:
    """Whether a day is a working day, and whether that is only assumed (DUTY-4)."""

    working: bool
    provisional: bool  # only the provisional calendar knows the year (no notice, no 调休 yet)


def calendar_day(day: date) -> CalendarDay:
    """Is ``day`` a working day, and does only the provisional calendar say so (DUTY-4)?"""
    calendar = year_calendar(day.year)
    return CalendarDay(calendar.is_working_day(day), calendar.source == "provisional")


def non_working_days(start: date, end: date) -> list[date]:
    """Weekends and holidays in [start, end], make-up workdays excluded (provisional years included)."""
    return [day for year in range(start.year, end.year + 1)
            for day in year_calendar(year).non_working_days(start, end)]


def store_override(year: int, holidays: Iterable[date], workdays: Iterable[date], by_id: int,
                   note: str | None = None) -> CalendarOverride:
    """DUTY-4: enter or correct ``year``'s calendar (a new version; the earlier ones are kept).

    Refused with every problem listed (422, rule DUTY-4). Entering exactly what is already in force
    adds no version. Sends ``calendar_changed`` in the caller's transaction; does not commit.
    """
    days_off, workdays = sorted(set(holidays)), sorted(set(workdays))
    problems = override_problems(year, days_off, workdays, current_policy().calendar_fixed_holidays,
                                 statutory_days(year))
    if problems:
        raise RuleViolation("DUTY-4", "节假日安排有误，未保存", "the calendar has problems; nothing was stored",
                            details={"problems": [p.as_dict() for p in problems]})
    latest = current_override(year)
    as_text = ([d.isoformat() for d in days_off], [d.isoformat() for d in workdays])
    if latest is not None and (latest.holidays, latest.workdays, latest.note) == (*as_text, note):
        return latest
    before = year_calendar(year)
    version = (db.session.scalar(select(func.max(CalendarOverride.version))
                                 .where(CalendarOverride.year == year)) or 0) + 1
    override = CalendarOverride(year=year, version=version, holidays=as_text[0], workdays=as_text[1],
                                note=note, entered_by_id=by_id)
    db.session.add(override)
    db.session.flush()
    _cache().pop(year, None)
    after = year_calendar(year)
    became_non_working = [day for day in days_between(date(year, 1, 1), date(year, 12, 31))
                          if before.is_working_day(day) and not after.is_working_day(day)]
    calendar_changed.send(None, year=year, version=version, became_non_working=became_non_working)
    return override


def statutory_days(year: int) -> dict[date, tuple[str, str]]:
    """DUTY-4: the statutory holidays the law fixes for ``year`` (the provisional calendar's), named.

    Every one must be a holiday of an override ("an override must list every statutory day"), for
    the years the provisional calendar stands in for (no official calendar): a year chinese-calendar
    knows is checked on the fixed dates of ``calendar_fixed_holidays`` alone, so a deliberate
    correction of the State Council's data stays possible.
    """
    if builtin_calendar(year) is not None:
        return {}
    meta = provisional_calendar(year).meta
    return {date.fromisoformat(day): (name, meta["names_en"][day]) for day, name in meta["names"].items()}


def override_versions(year: int) -> list[CalendarOverride]:
    """Every override of ``year``, newest first."""
    return list(db.session.scalars(select(CalendarOverride).where(CalendarOverride.year == year)
                                   .order_by(CalendarOverride.version.desc())))


def calendar_view(year: int) -> dict:
    """DUTY-4: the calendar in force for ``year``, its source and every override version."""
    calendar = year_calendar(year)
    override = calendar.meta.get("override")
    statutory = provisional_calendar(year).meta["names"]
    return {
        "year": year, "source": calendar.source, "version": calendar.version,
        "holidays": sorted(calendar.holidays), "workdays": sorted(calendar.workdays),
        "non_working_days": calendar.non_working_days(date(year, 1, 1), date(year, 12, 31)),
        "note": override.note if override else None,
        "entered_by": override.entered_by if override else None,
        "entered_at": override.entered_at if override else None,
        "builtin": None if override else {k: v for k, v in calendar.meta.items() if not k.startswith("names")},
        "statutory": [{"date": date.fromisoformat(day), "name": name} for day, name in statutory.items()],
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
