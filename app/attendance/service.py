"""Reading attendance: the year summary and the day list, from the materialised tables only."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from app import clock
from app.attendance import rules
from app.attendance.close import watermark
from app.attendance.models import AttendanceState, AttendanceYear, DayStatus
from app.corrections.service import approved_counts, approved_days
from app.extensions import db
from app.leave.service import leave_totals
from app.org.models import Person, Posting
from app.policy import current_policy
from app.worklog.missed import MissedLog


def _postings(person: Person) -> list[tuple[date, date | None]]:
    return [(p.start_date, p.end_date) for p in db.session.scalars(
        select(Posting).where(Posting.person_id == person.id))]


def summary(person: Person, year: int) -> dict:
    """API.md ``/attendance/summary``: counters of ``year`` and what they lead to (ATT-1..4, LOG-3)."""
    policy = current_policy()
    row = db.session.get(AttendanceYear, (person.id, year)) or AttendanceYear(
        person_id=person.id, year=year, present_days=0, business_days=0, leave_days=0, rest_days=0,
        absent_days=0, duty_days_served=0, longest_streak=0)
    planned = rules.planned_posted_days(year, _postings(person))
    elapsed = row.present_days + row.business_days + row.leave_days + row.rest_days + row.absent_days
    closed_through = watermark()
    state = db.session.get(AttendanceState, person.id)
    current = state.run_length if state and state.last_day == closed_through and closed_through.year == year else 0
    missed = dict(db.session.execute(select(MissedLog.status, func.count()).where(
        MissedLog.person_id == person.id, MissedLog.day >= date(year, 1, 1), MissedLog.day <= date(year, 12, 31))
        .group_by(MissedLog.status)).all())
    provisional_from = db.session.scalar(select(func.min(DayStatus.day)).where(
        DayStatus.person_id == person.id, DayStatus.provisional.is_(True)))
    return {
        "person": person, "year": year, "planned_posted_days": planned,
        "target": rules.prorated(policy.attendance_target_days, planned, year),
        "fail_threshold": rules.prorated(policy.attendance_fail_days, planned, year),
        "attendance_days": row.attendance_days, "present_days": row.present_days,
        "business_days": row.business_days, "leave_days": row.leave_days, "absent_days": row.absent_days,
        "rest_days": row.rest_days, "duty_days_served": row.duty_days_served,
        "longest_absence_streak": row.longest_streak, "current_absence_streak": current,
        "projected_attendance_days": rules.projected_attendance(row.attendance_days, elapsed, planned),
        "approved_leave_days": leave_totals(person.id, year)["leave_days"],
        "corrections": approved_counts([person.id], date(year, 1, 1), date(year, 12, 31))[person.id],
        "missed_logs": {s: missed.get(s, 0) for s in ("open", "fixed", "unfixed")},
        "closed_through": closed_through,
        "today_closed": closed_through is not None and closed_through >= clock.today(),
        "provisional_from": provisional_from,
    }


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
