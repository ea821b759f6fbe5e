"""Why a day is what it is: one closed day of one cadre explained from the raw records (ATT-5, §2).

``explain_day`` reads what the day close read — the calendar and its source, the roster, every
check-in with its decision and reason, the leave and trip requests and the correction (CHK-9) that
cover the day, the work log — and says which counters the day moved (the absence run, the year's
absent and attendance days, a missed log). A cadre, an approver and an auditor read the same answer;
recall cases point at it for their evidence days (RECALL-1).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app.attendance import rules
from app.attendance.close import watermark
from app.attendance.models import DayStatus
from app.calendar.service import year_calendar
from app.checkin.models import Checkin
from app.corrections.queries import corrected_on
from app.duty.models import DutyAssignment
from app.errors import DomainError
from app.extensions import db
from app.leave.models import LeaveRequest
from app.org.models import Person, Village
from app.policy import current_policy
from app.worklog.missed import MissedLog
from app.worklog.models import WorkLog

COUNTER = {rules.PRESENT: "present_days", rules.BUSINESS: "business_days", rules.LEAVE: "leave_days",
           rules.REST: "rest_days", rules.ABSENT: "absent_days"}


def not_closed(day: date) -> DomainError:
    return DomainError("DAY_NOT_CLOSED", f"{day:%Y年%m月%d日}尚未结算（日终考勤尚未运行）",
                       f"{day} has not been closed yet", 404, details={"date": day.isoformat()}, rule="ATT-5")


def _calendar(day: date) -> dict:
    """DUTY-4: the calendar fact of the day and where it came from (official, entered, provisional)."""
    cal = year_calendar(day.year)
    return {"working_day": cal.is_working_day(day), "source": cal.source}


def _approvals(person_id: int, day: date) -> list[dict]:
    requests = db.session.scalars(select(LeaveRequest).where(
        LeaveRequest.person_id == person_id, LeaveRequest.start_date <= day, LeaveRequest.end_date >= day)
        .order_by(LeaveRequest.id))
    return [{"id": r.id, "kind": r.kind, "trip_type": r.trip_type, "status": r.status, "start_date": r.start_date,
             "end_date": r.end_date, "half_day": r.half_day, "decided_at": r.decided_at,
             "reported_back_on": r.reported_back_on,
             "covers": r.status == "approved" and r.start_date <= day <= r.covered_until} for r in requests]


def _history(person_id: int, day: date) -> list[tuple[date, str]]:
    """The cadre's statuses from 1 January of the year before through ``day`` (a run may span years)."""
    return [(d, s) for d, s in db.session.execute(select(DayStatus.day, DayStatus.status).where(
        DayStatus.person_id == person_id, DayStatus.day >= date(day.year - 1, 1, 1), DayStatus.day <= day)
        .order_by(DayStatus.day))]


def _counters(person_id: int, day: date, status: str) -> dict:
    history = _history(person_id, day)
    year = [(d, s) for d, s in history if d.year == day.year]
    missed = db.session.get(MissedLog, (person_id, day))
    return {
        "counted_as": COUNTER.get(status),
        "absence_streak": rules.current_run(history) if status in (rules.ABSENT, rules.REST) else 0,
        "absent_days_through": sum(1 for _, s in year if s == rules.ABSENT),
        "attendance_days_through": sum(1 for _, s in year if s in (rules.PRESENT, rules.BUSINESS)),
        "missed_log": {"status": missed.status, "rectify_by": missed.rectify_by} if missed else None,
    }


def explain_day(person: Person, day: date) -> dict:
    """API.md ``GET /attendance/days/{date}``: the closed ``day`` of ``person``, from the raw records."""
    closed_through = watermark()
    if closed_through is None or day > closed_through:
        raise not_closed(day)
    stored = db.session.get(DayStatus, (person.id, day))
    status = stored.status if stored else rules.NOT_POSTED
    checkins = list(db.session.scalars(select(Checkin).where(Checkin.person_id == person.id, Checkin.day == day)
                                       .order_by(Checkin.captured_at, Checkin.id)))
    accepted = sum(1 for c in checkins if c.status == "accepted")
    correction = corrected_on(person.id, day)
    approvals = _approvals(person.id, day)
    calendar = _calendar(day)
    duty = db.session.scalar(select(DutyAssignment).where(DutyAssignment.person_id == person.id,
                                                          DutyAssignment.day == day).limit(1))
    covering = next((a["kind"] for a in approvals if a["covers"] and a["kind"] == "trip"),
                    next((a["kind"] for a in approvals if a["covers"]), None))
    corrected = correction is not None and correction.status == "approved"
    why, why_en = rules.status_reason(status, accepted=accepted, required=current_policy().checkins_required_per_day,
                                      corrected=corrected, approved=covering,
                                      working_day=calendar["working_day"], on_duty=duty is not None)
    log = db.session.scalar(select(WorkLog).where(WorkLog.person_id == person.id, WorkLog.day == day))
    due = status in (rules.PRESENT, rules.BUSINESS)
    return {
        "person": person, "date": day, "status": status, "why": why, "why_en": why_en,
        "corrected": status == rules.PRESENT and corrected,
        "provisional": bool(stored and stored.provisional),
        "calendar": {**calendar, "provisional": bool(stored and stored.calendar_provisional)},
        "village": db.session.get(Village, stored.village_id) if stored else None,
        "on_duty": bool(stored and stored.on_duty),
        "duty": {"village": db.session.get(Village, duty.village_id)} if duty else None,
        "checkins": checkins, "approvals": approvals, "correction": correction,
        "log": None if log is None and not due else {
            "due": due, "written": log is not None, "late": bool(log and log.late),
            "first_written_at": log.first_written_at if log else None},
        "counters": _counters(person.id, day, status),
        "evaluated_at": stored.evaluated_at if stored else None,
    }


def case_days(rule: str, evidence: dict) -> list[date]:
    """RECALL-1: the days a case's evidence names — an ATT-3 run from its first to its last absent day
    (rest days inside it count), the absent days of ATT-4, the unfixed missed logs of LOG-4; none for
    the year-level grounds (ATT-2, LV-6)."""
    if rule == "ATT-3" and evidence.get("start") and evidence.get("end"):
        first, last = date.fromisoformat(evidence["start"]), date.fromisoformat(evidence["end"])
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]
    key = {"ATT-4": "absent_days", "LOG-4": "unfixed_missed_logs"}.get(rule)
    values = evidence.get(key) if key else None
    return [date.fromisoformat(d) for d in values] if isinstance(values, list) else []


def evidence_days(person: Person, rule: str, evidence: dict) -> list[dict]:
    """RECALL-1: the explanation of each closed evidence day of a case, oldest first (the same
    ``explain_day`` a cadre reads for one day)."""
    closed_through = watermark()
    return [explain_day(person, d) for d in sorted(case_days(rule, evidence))
            if closed_through is not None and d <= closed_through]
