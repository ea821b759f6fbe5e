"""Pure rules of the official calendar (DUTY-4): no database, no Flask."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

SATURDAY = 5


@dataclass(frozen=True)
class YearCalendar:
    """DUTY-4: one year of the official calendar.

    ``holidays`` are the statutory holiday dates (法定节假日, weekend days allowed) and ``workdays``
    the make-up working weekend days (调休). A date is non-working when it is a holiday, or a
    Saturday or Sunday that is not a make-up workday — the semantics of chinese-calendar and of an
    override entered by the city office alike.
    """

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]
    source: str  # "official" (chinese-calendar) | "entered" (by the city office) | "provisional" (the law)
    version: int | None = None
    meta: dict = field(default_factory=dict, compare=False, hash=False)

    def is_working_day(self, day: date) -> bool:
        if day.year != self.year:
            raise ValueError(f"{day} is not in {self.year}")
        if day in self.holidays:
            return False
        return day.weekday() < SATURDAY or day in self.workdays

    def non_working_days(self, start: date, end: date) -> list[date]:
        """The non-working days of this year in [start, end] (both inclusive), ascending."""
        first = max(start, date(self.year, 1, 1))
        last = min(end, date(self.year, 12, 31))
        return [d for d in days_between(first, last) if not self.is_working_day(d)]


def days_between(start: date, end: date) -> list[date]:
    """Every date from ``start`` to ``end`` inclusive (empty when end < start)."""
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


@dataclass(frozen=True)
class Problem:
    field: str
    day: date | None
    message: str
    message_en: str

    def as_dict(self) -> dict:
        return {"field": self.field, "date": self.day.isoformat() if self.day else None,
                "message": self.message, "message_en": self.message_en}


def override_problems(year: int, holidays: Iterable[date], workdays: Iterable[date],
                      fixed_holidays: Iterable[tuple[str, int]],
                      statutory: Mapping[date, tuple[str, str]] | None = None) -> list[Problem]:
    """DUTY-4: what is wrong with a calendar override for ``year`` (empty when it is sound).

    Every date lies inside the year; no date is both a holiday and a make-up workday; make-up
    workdays (调休) are Saturdays or Sundays (a weekday is a workday anyway); the fixed-date
    statutory holidays of 《全国年节及纪念日放假办法》 (``fixed_holidays``: "MM-DD" and the first year
    the law fixes it, e.g. 05-02 from 2025) are holidays, which catches a list entered for the wrong
    year or cut short.
    """
    holidays, workdays = sorted(set(holidays)), sorted(set(workdays))
    problems = [Problem(name, d, f"{d} 不在 {year} 年内", f"{d} is not in {year}")
                for name, days in (("holidays", holidays), ("workdays", workdays)) for d in days if d.year != year]
    problems += [Problem("workdays", d, f"{d} 同时被列为节假日和调休工作日", f"{d} is both a holiday and a workday")
                 for d in sorted(set(holidays) & set(workdays))]
    problems += [Problem("workdays", d, f"{d} 不是周六或周日，不能作为调休工作日",
                         f"{d} is not a Saturday or Sunday, so it cannot be a make-up workday")
                 for d in workdays if d.weekday() < SATURDAY]
    for mmdd, since in fixed_holidays:
        day = date.fromisoformat(f"{year}-{mmdd}")
        if year >= since and day not in holidays:
            problems.append(Problem("holidays", day, f"{day} 是法定节假日，必须列入",
                                    f"{day} is a fixed statutory holiday and must be listed"))
    reported = {p.day for p in problems if p.field == "holidays"}
    for day, (name, name_en) in sorted((statutory or {}).items()):
        if day not in holidays and day not in reported:
            problems.append(Problem("holidays", day, f"{day} 是法定节假日（{name}），必须列入",
                                    f"{day} is a statutory holiday ({name_en}) and must be listed"))
    return problems
