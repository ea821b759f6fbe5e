"""REPORT-1 periods and due dates, REPORT-2 day marks: pure functions of plain data.

Reporting duties (七(二)2): a village team reports monthly to the town, quarterly to the dispatching
unit and half-yearly to the city office. A period is written ``2026-11``, ``2026-Q4`` or ``2026-H2``;
its report is due by ``report_due_day`` of the month after the period ends.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

LEVELS = ("town", "unit", "city")
PERIOD_RE = r"^\d{4}-(0[1-9]|1[0-2]|Q[1-4]|H[12])$"
_PERIOD = re.compile(PERIOD_RE)
_SUFFIX = {1: "", 3: "Q", 6: "H"}


@dataclass(frozen=True)
class Period:
    """One reporting period of one level: its name, first and last day, and its due date."""

    name: str
    to: str
    start: date
    end: date
    due_on: date

    def started(self, today: date) -> bool:
        return self.start <= today


def months_of(level: str, cadence: Mapping[str, int]) -> int:
    """REPORT-1: months per period for ``level`` (town 1, unit 3, city 6 by default)."""
    return cadence[level]


def level_of(period: str, cadence: Mapping[str, int]) -> str | None:
    """The level a period name belongs to (``2026-11`` → town), or None for a malformed name."""
    if not _PERIOD.match(period):
        return None
    tail = period[5:]
    months = 3 if tail.startswith("Q") else 6 if tail.startswith("H") else 1
    return next((level for level, m in cadence.items() if m == months), None)


def due_date(end: date, due_day: int) -> date:
    """REPORT-1: a period ending on ``end`` is due by ``due_day`` of the next month."""
    first_next = end + timedelta(days=1)
    return first_next.replace(day=min(due_day, monthrange(first_next.year, first_next.month)[1]))


def parse_period(period: str, cadence: Mapping[str, int], due_day: int) -> Period | None:
    """``2026-Q4`` → Period(2026-10-01 .. 2026-12-31, due 2027-01-05); None when malformed."""
    level = level_of(period, cadence)
    if level is None:
        return None
    year, tail = int(period[:4]), period[5:]
    months = cadence[level]
    index = int(tail[1:]) if tail[0] in "QH" else int(tail)
    first_month = (index - 1) * months + 1
    start = date(year, first_month, 1)
    last_month = first_month + months - 1
    end = date(year, last_month, monthrange(year, last_month)[1])
    return Period(period, level, start, end, due_date(end, due_day))


def periods_of_year(year: int, cadence: Mapping[str, int], due_day: int) -> list[Period]:
    """Every period of ``year`` for every level: 12 monthly, 4 quarterly, 2 half-yearly by default."""
    out = []
    for level in LEVELS:
        months = cadence[level]
        for index in range(1, 12 // months + 1):
            name = f"{year}-{_SUFFIX[months]}{index:02d}" if months == 1 else f"{year}-{_SUFFIX[months]}{index}"
            out.append(parse_period(name, cadence, due_day))
    return out


def overlaps(period: Period, spans: Iterable[tuple[date, date | None]]) -> bool:
    """Whether a team existed during ``period``: some posting span overlaps it."""
    return any(start <= period.end and (end is None or end >= period.start) for start, end in spans)


def duty_state(period: Period, filed: bool, today: date) -> str:
    """REPORT-1: ``done`` when filed, ``overdue`` once the due date has passed, else ``due``."""
    if filed:
        return "done"
    return "overdue" if today > period.due_on else "due"


def reminder_due(period: Period, today: date, lead_days: int) -> bool:
    """REPORT-1: remind the team from ``lead_days`` before the due date through the due date.

    A window rather than one day, so a scheduler that was down on the exact day still reminds once
    (the alert's dedupe key keeps it to once per period)."""
    return period.due_on - timedelta(days=lead_days) <= today <= period.due_on


# REPORT-2: the marks of the monthly attendance sheet ---------------------------------------------
MARKS = {"present": "√", "business": "公", "leave": "假", "rest": "休", "absent": "×"}
DUTY_MARK = "值"
CORRECTED_MARK = "补"
LEGEND = (("√", "在岗"), ("公", "因公外出"), ("假", "请假"), ("休", "休息"), ("值", "值班（在岗）"),
          ("补", "补卡（CHK-9 更正为在岗）"), ("×", "缺勤"), ("空白", "未派驻或尚未结算"))
TOTALS = (("present", "在岗"), ("business", "外出"), ("leave", "请假"), ("rest", "休息"), ("absent", "缺勤"),
          ("duty", "值班"), ("corrected", "补卡"), ("attendance", "出勤天数"))


def day_mark(status: str | None, on_duty: bool = False, corrected: bool = False) -> str:
    """REPORT-2: the sheet's mark of one day; '' for a day not posted or not closed yet.

    A present day on the duty roster shows 值, a present day made so by an approved correction (CHK-9)
    shows 补; an absent duty day stays ×."""
    if status == "present" and corrected:
        return CORRECTED_MARK
    if status == "present" and on_duty:
        return DUTY_MARK
    return MARKS.get(status or "", "")


def tally(days: Iterable[tuple[str | None, bool, bool]]) -> dict[str, int]:
    """REPORT-2: the totals at the right of a row, from (status, on_duty, corrected) per day.

    ``attendance`` is ATT-1's attendance days (present + business); ``duty`` the duty days served."""
    out = dict.fromkeys((key for key, _ in TOTALS), 0)
    for status, on_duty, corrected in days:
        if status in MARKS:
            out[status] += 1
        if status == "present" and on_duty:
            out["duty"] += 1
        if status == "present" and corrected:
            out["corrected"] += 1
    out["attendance"] = out["present"] + out["business"]
    return out


# PAY-1: the allowance of one cadre for one month, line by line, in exact decimals.
FEN = Decimal("0.01")


def yuan(value: int | str | Decimal) -> Decimal:
    """An amount in yuan to the fen, never through a float."""
    if isinstance(value, float):
        raise TypeError("amounts are never floats")
    return Decimal(value).quantize(FEN)


@dataclass(frozen=True)
class AllowanceLine:
    """PAY-1: communication subsidy + attendance days × the unit's meal rate + the tier's transport allowance."""

    attendance_days: int
    communication: Decimal
    meal_rate: Decimal
    meal: Decimal
    transport_tier: str | None
    transport: Decimal
    total: Decimal


def allowance_line(attendance_days: int, communication: Decimal, meal_rate: Decimal, tier: str | None,
                   tiers: dict[str, Decimal]) -> AllowanceLine:
    """PAY-1: the month's allowance of a cadre (a village without a tier gets no transport allowance)."""
    meal = (meal_rate * attendance_days).quantize(FEN)
    transport = tiers.get(tier, Decimal("0.00")) if tier else Decimal("0.00")
    return AllowanceLine(attendance_days, communication, meal_rate, meal, tier, transport,
                         communication + meal + transport)
