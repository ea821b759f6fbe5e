"""REPORT-2: what goes into the Excel sheets, read from the materialised day statuses (ATT-5).

The monthly attendance sheet (驻村考勤表) of a town or the whole city: one row per cadre (village,
role, unit), one column per day with the mark of ``rules.day_mark``, the totals at the right. The
evidence of a recall case: the case, then every day it rests on with the day's records. Both are
``sheets.Sheet`` specs, written by ``sheets.write_workbook``; the rows are generators fed from the
database in chunks of cadres, so a city's year never sits in memory.
"""

from __future__ import annotations

from calendar import monthrange
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, exists, func, or_, select

from app import clock
from app.attendance.close import watermark
from app.attendance.models import DayStatus
from app.attendance.rules import PRESENT
from app.corrections.models import Correction
from app.errors import NotFound, RuleViolation
from app.extensions import db
from app.org.models import Person, Posting, Town, Unit, Village
from app.reports import rules
from app.reports.sheets import Column, Sheet

CELLS_PER_QUERY = 50_000  # day statuses read per query: ≈1,600 cadres of a month, ≈136 of a year
WEEKDAYS = "一二三四五六日"
ROLE_NAMES = {"leader": "第一书记", "member": "工作队员"}
STATUS_NAMES = {"present": "在岗", "business": "因公外出", "leave": "请假", "rest": "休息", "absent": "缺勤",
                "not_posted": "未派驻"}
MARK_FORMATS = {"×": {"font_color": "#C00000", "bold": True}, "补": {"font_color": "#7030A0"},
                "值": {"font_color": "#2F5597"}, "公": {"font_color": "#548235"}, "假": {"font_color": "#BF8F00"}}
CITY_NAME = "全市"


def corrected_column() -> ColumnElement[bool]:
    """CHK-9: whether a day is present by an approved correction (补卡) — the sheet's one place for it,
    the same reading as ``/attendance/days``' ``corrected`` (a present day with an approved correction)."""
    return and_(DayStatus.status == PRESENT, exists().where(
        Correction.person_id == DayStatus.person_id, Correction.day == DayStatus.day,
        Correction.status == "approved"))


@dataclass(frozen=True)
class Scope:
    """The towns an export covers: one town, or the whole city (``town`` None)."""

    town: Town | None

    @property
    def name(self) -> str:
        return self.town.name if self.town else CITY_NAME

    def villages(self):
        stmt = select(Village.id)
        return stmt.where(Village.town_id == self.town.id) if self.town else stmt


def export_scope(user, town_id: int | None) -> Scope:
    """ORG-2: a town secretary exports their town; the city office a town or the whole city.

    A ``town_id`` the caller may not see answers 404."""
    if user.role == "town_secretary":
        if town_id is not None and town_id != user.town_id:
            raise NotFound("town", "镇（街道）")
        return Scope(db.session.get(Town, user.town_id))
    if town_id is None:
        return Scope(None)
    town = db.session.get(Town, town_id)
    if town is None:
        raise NotFound("town", "镇（街道）")
    return Scope(town)


def town_scope(key: str | None) -> Scope:
    """The operator's scope (CLI): the town with import key ``key``, or the whole city."""
    if key is None:
        return Scope(None)
    town = db.session.scalar(select(Town).where(Town.key == key))
    if town is None:
        raise NotFound("town", "镇（街道）")
    return Scope(town)


def check_month(scope: Scope, year: int, month: int) -> tuple[date, date]:
    """REPORT-2: a month that has begun and does not end before the scope's first posting.

    An empty town (no posting at all) is not an error: its sheet has the headers and no rows."""
    first, last = date(year, month, 1), date(year, month, monthrange(year, month)[1])
    if first > clock.today():
        raise RuleViolation("REPORT-2", "该月尚未开始，无考勤可导出", "that month has not begun",
                            {"reason": "MONTH_IN_FUTURE", "month": f"{year}-{month:02d}"})
    earliest = db.session.scalar(select(func.min(Posting.start_date)).where(Posting.village_id.in_(scope.villages())))
    if earliest is not None and last < earliest:
        raise RuleViolation("REPORT-2", "该月早于首次派驻，无考勤可导出", "that month is before any posting",
                            {"reason": "BEFORE_POSTINGS", "month": f"{year}-{month:02d}",
                             "first_posting": earliest.isoformat()})
    return first, last


def _cadres(scope: Scope, start: date, end: date) -> list[tuple]:
    """One row per cadre posted in the scope during [start, end]: their latest such posting's
    village and role, and their unit (one query)."""
    stmt = (select(Person.id, Person.name, Village.id, Village.name, Posting.role, Unit.name, Posting.start_date)
            .join(Posting, Posting.person_id == Person.id).join(Village, Village.id == Posting.village_id)
            .outerjoin(Unit, Unit.id == Person.unit_id)
            .where(Posting.village_id.in_(scope.villages()), Posting.start_date <= end,
                   or_(Posting.end_date.is_(None), Posting.end_date >= start))
            .order_by(Person.id, Posting.start_date.desc()))
    latest: dict[int, tuple] = {}
    for row in db.session.execute(stmt):
        latest.setdefault(row[0], row)
    order = {"leader": 0, "member": 1}
    return sorted(latest.values(), key=lambda r: (r[2], order.get(r[4], 2), r[0]))


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def _statuses(scope: Scope, person_ids: Sequence[int], start: date, end: date) -> dict[int, dict[date, tuple]]:
    """The closed days of ``person_ids`` in [start, end] spent in the scope's villages."""
    out: dict[int, dict[date, tuple]] = defaultdict(dict)
    stmt = select(DayStatus.person_id, DayStatus.day, DayStatus.status, DayStatus.on_duty, corrected_column()).where(
        DayStatus.person_id.in_(person_ids), DayStatus.day >= start, DayStatus.day <= end,
        DayStatus.village_id.in_(scope.villages()))
    for person_id, day, status, on_duty, corrected in db.session.execute(stmt):
        out[person_id][day] = (status, bool(on_duty), bool(corrected))
    return out


def attendance_sheet(scope: Scope, start: date, end: date, title: str) -> Sheet:
    """REPORT-2: the attendance sheet of [start, end] (a month; the benchmark writes a year)."""
    closed = watermark()
    shown_end = min(end, closed) if closed else start - timedelta(days=1)
    cadres = _cadres(scope, start, end)
    days = _days(start, end)

    chunk_size = max(1, CELLS_PER_QUERY // len(days))

    def rows() -> Iterator[list]:
        for offset in range(0, len(cadres), chunk_size):
            chunk = cadres[offset:offset + chunk_size]
            statuses = _statuses(scope, [c[0] for c in chunk], start, shown_end) if shown_end >= start else {}
            for number, (person_id, name, _vid, village, role, unit, _s) in enumerate(chunk, offset + 1):
                mine = statuses.get(person_id, {})
                marks = [rules.day_mark(*mine[d]) if d in mine else "" for d in days]
                totals = rules.tally(mine.values())
                yield [number, name, village, ROLE_NAMES.get(role, role), unit or "", *marks,
                       *(totals[key] for key, _ in rules.TOTALS)]

    return sheet_for_days(title, days, rows(), _subtitle(closed, end), size=len(cadres))


def sheet_for_days(title: str, days: Sequence[date], rows, subtitle: str = "", size: int | None = None) -> Sheet:
    """The layout of an attendance sheet: who, a column per day (weekday below), the totals."""
    columns = [Column("序号", 5, "number"), Column("姓名", 9), Column("村", 11), Column("职务", 9),
               Column("派出单位", 16),
               *(Column(str(d.day) if len(days) <= 31 else d.strftime("%m-%d"), 3.2 if len(days) <= 31 else 5.5,
                        "mark", WEEKDAYS[d.weekday()]) for d in days),
               *(Column(label, 5, "number") for _, label in rules.TOTALS)]
    return Sheet(name="考勤", title=title, subtitle=subtitle, columns=columns, rows=rows, freeze_columns=5,
                 mark_formats=MARK_FORMATS, legend=rules.LEGEND, size=size,
                 notes=("出勤天数 = 在岗 + 因公外出（ATT-1）；值班为在岗的值班日（DUTY）；"
                        "补卡为经批准更正为在岗的日期（CHK-9）。",))


def _subtitle(closed: date | None, end: date) -> str:
    made = clock.local_now().strftime("%Y-%m-%d %H:%M")
    if closed is None or closed < end:
        through = closed.isoformat() if closed else "—"
        return f"数据截至 {through}（此后日期尚未结算，留空）；生成于 {made}"
    return f"生成于 {made}"


def monthly_sheet(scope: Scope, year: int, month: int) -> tuple[Sheet, str]:
    """REPORT-2 ``/exports/monthly-sheet`` and ``export monthly-sheet``: the sheet and its Chinese file name."""
    start, end = check_month(scope, year, month)
    title = f"{scope.name}{year}年{month}月驻村考勤表"
    return attendance_sheet(scope, start, end, title), f"{title}.xlsx"
