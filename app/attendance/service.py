"""Reading attendance: the year summary and the day list, from the materialised tables only.

``year_figures`` computes the summary of every cadre of a SELECT of person ids in a fixed number of
statements; ``summary`` (one cadre) and the period board (VIEW-2, a whole scope) both read it, so
the two can never disagree.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import Select, and_, case, func, select

from app import clock
from app.attendance import rules
from app.attendance.close import watermark
from app.attendance.counters import COUNTED
from app.attendance.models import AttendanceState, AttendanceYear, DayStatus
from app.attendance.rules import PRESENT
from app.corrections.service import approved_counts, approved_days
from app.extensions import db
from app.leave.service import year_totals
from app.org.models import Person, Posting
from app.policy import current_policy
from app.worklog.missed import MissedLog

MISSED_STATES = ("open", "fixed", "unfixed")
_COUNTS = ("present_days", "business_days", "leave_days", "rest_days", "absent_days", "duty_days_served")


def _postings(person_ids: Select) -> dict[int, list[tuple[date, date | None]]]:
    found: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for pid, start, end in db.session.execute(
            select(Posting.person_id, Posting.start_date, Posting.end_date).where(Posting.person_id.in_(person_ids))):
        found[pid].append((start, end))
    return found


def missed_counts(person_ids: Select, start: date, end: date) -> dict[int, dict[str, int]]:
    """LOG-3: missed logs per person and status dated in [start, end] (one grouped statement)."""
    found: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(MISSED_STATES, 0))
    for pid, status, n in db.session.execute(
            select(MissedLog.person_id, MissedLog.status, func.count())
            .where(MissedLog.person_id.in_(person_ids), MissedLog.day >= start, MissedLog.day <= end)
            .group_by(MissedLog.person_id, MissedLog.status)):
        found[pid][status] = n
    return found


def status_counts(person_ids: Select, start: date, end: date) -> dict[int, dict[str, int]]:
    """ATT-1: closed days per person and §2 status in [start, end], and duty days served (a month of
    the period board, VIEW-2), from the materialised statuses in one grouped statement."""
    columns = [func.sum(case((DayStatus.status == status, 1), else_=0)).label(col)
               for status, col in COUNTED.items()]
    columns.append(func.sum(case((and_(DayStatus.on_duty.is_(True), DayStatus.status == PRESENT), 1), else_=0))
                   .label("duty_days_served"))
    rows = db.session.execute(select(DayStatus.person_id, *columns).where(
        DayStatus.person_id.in_(person_ids), DayStatus.day >= start, DayStatus.day <= end)
        .group_by(DayStatus.person_id))
    return {row.person_id: {k: int(v or 0) for k, v in row._mapping.items() if k != "person_id"} for row in rows}


def year_figures(person_ids: Select, year: int) -> dict[int, dict]:
    """API.md ``/attendance/summary`` of ``year`` for every person of ``person_ids`` (ATT-1..4, LV-6,
    LOG-3), keyed by person id, in a fixed number of statements whatever the number of people."""
    closed_through = watermark()
    postings = _postings(person_ids)
    y, s = AttendanceYear, AttendanceState  # plain rows, not ORM objects: a city is 10,000 of each
    years = {r.person_id: r for r in db.session.execute(
        select(y.person_id, y.longest_streak, *[getattr(y, k) for k in _COUNTS])
        .where(y.person_id.in_(person_ids), y.year == year))}
    # ATT-3: the current run is the one open on the last closed day, if that day is in the year.
    runs = {pid: length for pid, length, last in db.session.execute(
        select(s.person_id, s.run_length, s.last_day).where(s.person_id.in_(person_ids)))
        if closed_through is not None and last == closed_through and last.year == year}
    missed = missed_counts(person_ids, date(year, 1, 1), date(year, 12, 31))
    ids = sorted(set(db.session.scalars(person_ids)))
    leave = year_totals(ids, [year], among=person_ids)
    corrections = approved_counts(person_ids, date(year, 1, 1), date(year, 12, 31))
    shared = {"year": year, "closed_through": closed_through,
              "today_closed": closed_through is not None and closed_through >= clock.today()}
    figures = _figures_of(current_policy(), year)
    return {pid: {**shared, **figures(years.get(pid), postings.get(pid, ()), runs.get(pid, 0),
                                      missed.get(pid), leave[(pid, year)]["leave_days"]),
                  "corrections": corrections.get(pid, 0)} for pid in ids}


def _figures_of(policy, year: int):
    """The summary figures of one cadre from their loaded rows (ATT-1, ATT-2, ATT-3, LV-6, LOG-3)."""
    target_days, fail_days = policy.attendance_target_days, policy.attendance_fail_days

    def figures(row, postings, current: int, missed: dict | None, approved_leave: float) -> dict:
        mapping = row._mapping if row else None  # built once: a board asks this of every cadre
        counts = {k: mapping[k] for k in _COUNTS} if mapping else dict.fromkeys(_COUNTS, 0)
        attendance = counts["present_days"] + counts["business_days"]
        planned = rules.planned_posted_days(year, postings)
        elapsed = attendance + counts["leave_days"] + counts["rest_days"] + counts["absent_days"]
        target, fail = rules.prorated(target_days, planned, year), rules.prorated(fail_days, planned, year)
        return {
            "planned_posted_days": planned, "elapsed_posted_days": elapsed,
            "remaining_posted_days": max(0, planned - elapsed),
            "target": target, "fail_threshold": fail, "attendance_days": attendance, **counts,
            "days_needed_for_target": rules.days_needed(target, attendance),
            "days_needed_for_minimum": rules.days_needed(fail, attendance),
            "longest_absence_streak": row.longest_streak if row else 0, "current_absence_streak": current,
            "projected_attendance_days": rules.projected_attendance(attendance, elapsed, planned),
            "approved_leave_days": approved_leave,
            "missed_logs": dict(missed) if missed else dict.fromkeys(MISSED_STATES, 0),
        }

    return figures


def summary(person: Person, year: int) -> dict:
    """API.md ``/attendance/summary``: counters of ``year`` and what they lead to (ATT-1..4, LOG-3)."""
    figures = year_figures(select(Person.id).where(Person.id == person.id), year)[person.id]
    provisional_from = db.session.scalar(select(func.min(DayStatus.day)).where(
        DayStatus.person_id == person.id, DayStatus.provisional.is_(True)))
    return {"person": person, **figures, "provisional_from": provisional_from}


def days(person: Person, start: date, end: date) -> list[dict]:
    """API.md ``/attendance/days``: each closed day of the range; days not yet closed are left out."""
    closed_through = watermark()
    if closed_through is None:
        return []
    stored = {s.day: s for s in db.session.scalars(select(DayStatus).where(
        DayStatus.person_id == person.id, DayStatus.day >= start, DayStatus.day <= min(end, closed_through)))}
    corrected = approved_days(start, min(end, closed_through), [person.id])
    out = []
    day = start
    while day <= min(end, closed_through):
        s = stored.get(day)
        status = s.status if s else rules.NOT_POSTED
        out.append({"date": day, "status": status, "on_duty": bool(s and s.on_duty),
                    "corrected": status == rules.PRESENT and (person.id, day) in corrected,
                    "provisional": bool(s and s.provisional),
                    "calendar_provisional": bool(s and s.calendar_provisional)})
        day += timedelta(days=1)
    return out
