"""PAY-1: the monthly allowance statement of a dispatching unit, for its finance office, and its .xlsx.

One line per cadre of the unit posted on at least one day of the month: the communication subsidy
(``communication_subsidy_yuan_month``), the meal allowance (attendance days — ``present`` or
``business`` in the day statuses the day close wrote, ATT-1 — × the unit's travel-meal rate, or
``meal_allowance_default_yuan_day``), and the transport allowance of the village's distance tier
(``transport_allowance_yuan_by_tier``). Amounts are ``Decimal`` to the fen; the totals are the
exact sums of the lines.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select

from app.attendance.models import DayStatus
from app.extensions import db
from app.org.models import Person, Posting, Unit, Village
from app.policy import current_policy
from app.reports.rules import allowance_line, yuan
from app.reports.sheets import Column, Sheet

ATTENDANCE_STATUSES = ("present", "business")  # ATT-1: attendance days
HEADER = ("姓名", "驻村村", "出勤天数", "通讯补贴", "伙食补助标准（元/天）", "伙食补助", "交通补助档", "交通补助",
          "合计")


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, monthrange(year, month)[1])


def statement(unit: Unit, year: int, month: int) -> dict[str, Any]:
    """PAY-1: the unit's statement for ``month`` of ``year``, line by line, with exact totals."""
    policy = current_policy()
    start, end = month_bounds(year, month)
    postings = db.session.execute(
        select(Person, Village).join(Posting, Posting.person_id == Person.id)
        .join(Village, Village.id == Posting.village_id)
        .where(Person.unit_id == unit.id, Posting.start_date <= end,
               or_(Posting.end_date.is_(None), Posting.end_date >= start))
        .order_by(Person.id, Posting.start_date)).all()
    village_of = {person.id: (person, village) for person, village in postings}  # the month's latest posting
    days = dict(db.session.execute(
        select(DayStatus.person_id, func.count()).where(
            DayStatus.person_id.in_(list(village_of)), DayStatus.day >= start, DayStatus.day <= end,
            DayStatus.status.in_(ATTENDANCE_STATUSES)).group_by(DayStatus.person_id)).all()) if village_of else {}
    communication = yuan(policy.communication_subsidy_yuan_month)
    rate = yuan(policy.meal_allowance_default_yuan_day if unit.meal_rate_fen is None
                else Decimal(unit.meal_rate_fen) / 100)
    tiers = {tier: yuan(amount) for tier, amount in policy.transport_allowance_yuan_by_tier}
    lines = []
    for person, village in village_of.values():
        line = allowance_line(days.get(person.id, 0), communication, rate, village.distance_tier, tiers)
        lines.append({"person": person, "village": village, **line.__dict__})
    totals = {key: sum((line[key] for line in lines), yuan(0))
              for key in ("communication", "meal", "transport", "total")}
    totals["attendance_days"] = sum(line["attendance_days"] for line in lines)
    return {"unit": unit, "year": year, "month": month, "from": start, "to": end, "lines": lines, "totals": totals}


def allowance_sheet(found: dict[str, Any]) -> tuple[Sheet, str]:
    """PAY-1: the statement as a sheet (REPORT-2's writer): one row per cadre with the computation in
    its columns, then the total row; amounts to the fen. Returns the sheet and its Chinese file name."""
    unit, year, month = found["unit"], found["year"], found["month"]
    columns = [Column(HEADER[0], 10), Column(HEADER[1], 14), Column(HEADER[2], 9, "number"),
               *(Column(h, 12 if "（" not in h else 16, "money") for h in HEADER[3:6]),
               Column(HEADER[6], 10), Column(HEADER[7], 10, "money"), Column(HEADER[8], 12, "money")]

    def rows():
        for line in found["lines"]:
            yield [line["person"].name, line["village"].name, line["attendance_days"], line["communication"],
                   line["meal_rate"], line["meal"], line["transport_tier"] or "", line["transport"], line["total"]]
        totals = found["totals"]
        yield ["合计", "", totals["attendance_days"], totals["communication"], None, totals["meal"], "",
               totals["transport"], totals["total"]]

    title = f"{unit.name}{year}年{month}月驻村干部补助明细表"
    sheet = Sheet(name=f"{year}-{month:02d}", title=title, columns=columns, rows=rows(),
                  subtitle=f"{found['from']:%Y-%m-%d} 至 {found['to']:%Y-%m-%d}；出勤天数为在岗与外出日（ATT-1），"
                           "金额单位：元", freeze_columns=2, landscape=False, size=len(found["lines"]) + 1)
    return sheet, f"{title}.xlsx"
