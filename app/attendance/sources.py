"""What the day close reads: check-ins, approvals and duty of a day, as SQL subqueries.

``evaluate`` is RULES.md §2 written once in SQL: it gives every cadre posted on the day their status,
in the order of precedence of ``rules.day_status`` (tests/attendance/test_statuses_property.py checks
that the two agree on generated check-ins, approvals, duties and calendars).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import Select, and_, case, func, literal, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from app import clock
from app.attendance.models import DayStatus
from app.attendance.rules import ABSENT, BUSINESS, LEAVE, PRESENT, REST
from app.checkin.models import Checkin
from app.corrections.service import approved_subquery
from app.duty.models import DutyAssignment
from app.extensions import db
from app.leave.models import LeaveRequest
from app.org.models import Posting
from app.policy import current_policy


def checkin_counts(day: date):
    """Accepted check-ins per person captured on ``day`` (ATT §2 `present`, CHK-3)."""
    return (select(Checkin.person_id, func.count().label("n"))
            .where(Checkin.day == day, Checkin.status == "accepted")
            .group_by(Checkin.person_id).subquery("c"))


def approvals(day: date):
    """The approved leave or trip covering ``day`` per person (LV-5: up to the report-back)."""
    return (select(LeaveRequest.person_id, func.max(LeaveRequest.kind).label("kind"))
            .where(LeaveRequest.status == "approved", LeaveRequest.start_date <= day,
                   LeaveRequest.covered_until >= day)
            .group_by(LeaveRequest.person_id).subquery("a"))


def duties(day: date):
    """Cadres on the duty roster on ``day`` (DUTY-3: a working day for them)."""
    return select(DutyAssignment.person_id).where(DutyAssignment.day == day).distinct().subquery("d")


def evaluate(day: date, working: bool, person_ids: Iterable[int] | None = None) -> Select:
    """(person_id, village_id, status, on_duty) for everyone posted on ``day`` (§2; CHK-9 corrections)."""
    c, a, d, k = checkin_counts(day), approvals(day), duties(day), approved_subquery(day)
    whens = [(or_(func.coalesce(c.c.n, 0) >= current_policy().checkins_required_per_day,
                  k.c.person_id.is_not(None)), PRESENT),
             (a.c.kind == "trip", BUSINESS), (a.c.kind == "leave", LEAVE)]
    if not working:
        whens.append((d.c.person_id.is_(None), REST))
    stmt = (select(Posting.person_id, Posting.village_id, case(*whens, else_=ABSENT).label("status"),
                   d.c.person_id.is_not(None).label("on_duty"))
            .outerjoin(c, c.c.person_id == Posting.person_id)
            .outerjoin(a, a.c.person_id == Posting.person_id)
            .outerjoin(d, d.c.person_id == Posting.person_id)
            .outerjoin(k, k.c.person_id == Posting.person_id)
            .where(Posting.start_date <= day, or_(Posting.end_date.is_(None), Posting.end_date >= day)))
    if person_ids is not None:
        stmt = stmt.where(Posting.person_id.in_(list(person_ids)))
    return stmt


def _insert():
    return (postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert)(DayStatus)


def _on_conflict(stmt):
    return stmt.on_conflict_do_update(
        index_elements=[DayStatus.person_id, DayStatus.day],
        set_={name: stmt.excluded[name] for name in ("village_id", "status", "on_duty", "provisional",
                                                     "calendar_provisional", "evaluated_at")})


def upsert_statuses(day: date, evaluated: Select, provisional: bool, calendar_provisional: bool):
    """INSERT … SELECT the evaluated statuses of ``day`` for everyone (idempotent upsert)."""
    e = evaluated.subquery("e")
    rows = select(e.c.person_id, literal(day).label("day"), e.c.village_id, e.c.status, e.c.on_duty,
                  literal(provisional).label("provisional"), literal(calendar_provisional).label("cp"),
                  literal(clock.now(), DayStatus.evaluated_at.type).label("evaluated_at")).where(and_(True))
    cols = ["person_id", "day", "village_id", "status", "on_duty", "provisional", "calendar_provisional",
            "evaluated_at"]
    return _on_conflict(_insert().from_select(cols, rows))


def upsert_rows(day: date, rows: Sequence, provisional: bool, calendar_provisional: bool):
    now = clock.now()
    values = [{"person_id": r.person_id, "day": day, "village_id": r.village_id, "status": r.status,
               "on_duty": bool(r.on_duty), "provisional": provisional, "calendar_provisional": calendar_provisional,
               "evaluated_at": now} for r in rows]
    return _on_conflict(_insert().values(values))
