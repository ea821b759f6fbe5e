"""Counters per cadre and year, streak state and missed logs: set-based forward, exact on recompute.

The forward statements touch every cadre of the city and run with ``synchronize_session=False``:
the close holds none of these rows as ORM objects, and the default (``fetch``) would bring back
every updated key and look it up in the session — most of the close's Python time at 100k cadres.

Forward (the nightly close of one day): a few UPDATE … FROM statements add that day's status to
every cadre's counters and advance every open absence run, O(people). Recompute (late data for a
closed day, a handful of people): rebuild those people's counters and run state from their
materialised statuses with the pure rules, so the two paths are checked against each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import and_, case, exists, literal, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from app import clock
from app.attendance import rules
from app.attendance.models import AttendanceState, AttendanceYear, DayStatus
from app.attendance.rules import ABSENT, BUSINESS, LEAVE, NOT_POSTED, PRESENT, REST
from app.extensions import db
from app.policy import current_policy
from app.worklog.missed import MissedLog
from app.worklog.models import WorkLog
from app.worklog.rules import deadline_end

COUNTED = {PRESENT: "present_days", BUSINESS: "business_days", LEAVE: "leave_days", REST: "rest_days",
           ABSENT: "absent_days"}


def _insert(model):
    return (postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert)(model)


def _ensure_rows(model, day: date, extra: dict) -> None:
    """One row per cadre closed on ``day`` in ``model`` (INSERT … SELECT … ON CONFLICT DO NOTHING)."""
    cols = ["person_id", *extra]
    rows = select(DayStatus.person_id, *[literal(v).label(k) for k, v in extra.items()]).where(DayStatus.day == day)
    db.session.execute(_insert(model).from_select(cols, rows).on_conflict_do_nothing())


def add_day(day: date) -> None:
    """ATT-1/ATT-4: add ``day``'s status to each cadre's counters of ``day.year``."""
    _ensure_rows(AttendanceYear, day, {"year": day.year, "present_days": 0, "business_days": 0, "leave_days": 0,
                                       "rest_days": 0, "absent_days": 0, "duty_days_served": 0, "longest_streak": 0})
    values = {col: getattr(AttendanceYear, col) + case((DayStatus.status == status, 1), else_=0)
              for status, col in COUNTED.items()}
    values["duty_days_served"] = AttendanceYear.duty_days_served + case(
        (and_(DayStatus.on_duty.is_(True), DayStatus.status == PRESENT), 1), else_=0)
    db.session.execute(update(AttendanceYear).where(
        AttendanceYear.person_id == DayStatus.person_id, AttendanceYear.year == day.year,
        DayStatus.day == day, ~_counted(day)).values(**values)
        .execution_options(synchronize_session=False))


def _counted(day: date):
    """The cadre's counters already hold ``day``: the run state records the last day counted
    (``advance_streaks`` follows ``add_day``), so adding a day twice changes nothing. An EXISTS
    (an anti-join when negated), not NOT IN, which PostgreSQL re-scans per row past work_mem."""
    return exists().where(AttendanceState.person_id == DayStatus.person_id, AttendanceState.last_day >= day)


def advance_streaks(day: date) -> None:
    """ATT-3 for everyone at once: ``rules.advance`` as one UPDATE … FROM (a gap breaks a run).

    A cadre whose state already holds ``day`` is left alone, so a day advanced twice does not
    restart the run.
    """
    _ensure_rows(AttendanceState, day, {"run_length": 0, "pending_rest": 0})
    s = AttendanceState
    open_run = and_(s.last_day == day - timedelta(days=1), s.run_start.is_not(None))
    absent, rest = DayStatus.status == ABSENT, DayStatus.status == REST
    db.session.execute(update(s).where(
        s.person_id == DayStatus.person_id, DayStatus.day == day,
        or_(s.last_day.is_(None), s.last_day < day)).values(
        run_start=case((absent, case((open_run, s.run_start), else_=day)), (and_(rest, open_run), s.run_start),
                       else_=None),
        run_length=case((absent, case((open_run, s.run_length + s.pending_rest + 1), else_=1)),
                        (and_(rest, open_run), s.run_length), else_=0),
        pending_rest=case((and_(rest, open_run), s.pending_rest + 1), else_=0),
        last_day=day).execution_options(synchronize_session=False))
    # A year's longest run counts runs whose last absent day lies in that year: only an absent day
    # lengthens one (a rest day on 1 January must not carry December's run into the new year).
    db.session.execute(update(AttendanceYear).where(
        AttendanceYear.person_id == s.person_id, AttendanceYear.year == day.year, s.last_day == day,
        DayStatus.person_id == s.person_id, DayStatus.day == day, DayStatus.status == ABSENT,
        s.run_length > AttendanceYear.longest_streak).values(longest_streak=s.run_length)
        .execution_options(synchronize_session=False))


def log_deadline(day: date):
    """LOG-2: the first instant at which a log of ``day`` is late (the work-log rule, not a copy)."""
    return deadline_end(day, current_policy().log_deadline)


def missed_logs(day: date) -> list[int]:
    """LOG-3 at the close of ``day``: open missed logs for due days, end expired windows.

    Returns the cadres whose missed log opened as ``open`` (they and their leader are alerted).
    """
    policy, now = current_policy(), clock.now()
    rectify_by = day + timedelta(days=policy.rectify_days)
    w = select(WorkLog.person_id, WorkLog.first_written_at).where(WorkLog.day == day).subquery("w")
    window_end = log_deadline(rectify_by)
    status = case((and_(w.c.first_written_at.is_not(None), w.c.first_written_at < window_end), "fixed"),
                  else_="open")
    rows = (select(DayStatus.person_id, literal(day).label("day"), status.label("status"),
                   literal(rectify_by).label("rectify_by"), literal(now, MissedLog.opened_at.type).label("opened_at"))
            .outerjoin(w, w.c.person_id == DayStatus.person_id)
            .where(DayStatus.day == day, DayStatus.status.in_(rules.ATTENDANCE),
                   (w.c.first_written_at.is_(None)) | (w.c.first_written_at >= log_deadline(day))))
    opened = db.session.execute(
        _insert(MissedLog).from_select(["person_id", "day", "status", "rectify_by", "opened_at"], rows)
        .on_conflict_do_nothing().returning(MissedLog.person_id, MissedLog.status)).all()
    db.session.execute(update(MissedLog).where(MissedLog.status == "open", MissedLog.rectify_by <= day)
                       .values(status="unfixed", unfixed_at=now).execution_options(synchronize_session=False))
    return [pid for pid, st in opened if st == "open"]


def fix_missed_log(person_id: int, day: date, written_at) -> bool:
    """LOG-3: a back-fill written by the end of ``rectify_by`` fixes the missed log of ``day``."""
    row = db.session.get(MissedLog, (person_id, day))
    if row is None or row.status != "open" or written_at >= log_deadline(row.rectify_by):
        return False
    row.status, row.fixed_at = "fixed", written_at
    return True


def recompute_people(person_ids: Sequence[int], changed_day: date) -> None:
    """Rebuild counters and run state of a few people from their statuses (late data, ATT-5)."""
    for person_id in person_ids:
        history = list(db.session.execute(
            select(DayStatus.day, DayStatus.status, DayStatus.on_duty).where(DayStatus.person_id == person_id)
            .order_by(DayStatus.day)))
        _rebuild_years(person_id, history, changed_day.year)
        _rebuild_state(person_id, history)
        _recheck_missed_log(person_id, changed_day, {d: s for d, s, _ in history}.get(changed_day, NOT_POSTED))


def _rebuild_years(person_id: int, history, from_year: int) -> None:
    years = sorted({d.year for d, _, _ in history if d.year >= from_year})
    longest: dict[int, int] = {}
    state, previous = rules.StreakState(), None
    for day, status, _ in history:
        if previous is not None and day != previous + timedelta(days=1):
            state = rules.StreakState()
        state, previous = rules.advance(state, day, status), day
        if status == ABSENT:
            longest[day.year] = max(longest.get(day.year, 0), state.length)
    for year in years:
        mine = [(s, duty) for d, s, duty in history if d.year == year]
        values = {col: sum(1 for s, _ in mine if s == status) for status, col in COUNTED.items()}
        values["duty_days_served"] = sum(1 for s, duty in mine if duty and s == PRESENT)
        values["longest_streak"] = longest.get(year, 0)
        row = db.session.get(AttendanceYear, (person_id, year))
        if row is None:
            db.session.add(AttendanceYear(person_id=person_id, year=year, **values))
        else:
            for k, v in values.items():
                setattr(row, k, v)


def _rebuild_state(person_id: int, history) -> None:
    if not history and db.session.get(AttendanceState, person_id) is None:
        return  # never closed for this person: nothing to keep
    state, previous, pending = rules.StreakState(), None, 0
    for day, status, _ in history:
        if previous is not None and day != previous + timedelta(days=1):
            state, pending = rules.StreakState(), 0
        state, previous = rules.advance(state, day, status), day
        pending = pending + 1 if (status == REST and state.start is not None) else 0
    row = db.session.get(AttendanceState, person_id) or AttendanceState(person_id=person_id)
    row.run_start, row.run_length = state.start, state.length
    row.pending_rest, row.last_day = (pending if state.start else 0), previous
    db.session.add(row)


def _recheck_missed_log(person_id: int, day: date, status: str) -> None:
    """A closed day's status changed: open its missed log if now due, drop an open one if not."""
    row = db.session.get(MissedLog, (person_id, day))
    due = status in rules.ATTENDANCE
    if not due and row is not None and row.status == "open":
        db.session.delete(row)
    if due and row is None and clock.now() >= log_deadline(day):
        written = db.session.scalar(select(WorkLog.first_written_at).where(
            WorkLog.person_id == person_id, WorkLog.day == day))
        if written is None or written >= log_deadline(day):
            rectify_by = day + timedelta(days=current_policy().rectify_days)
            fixed = written is not None and written < log_deadline(rectify_by)
            db.session.add(MissedLog(person_id=person_id, day=day, status="fixed" if fixed else "open",
                                     rectify_by=rectify_by, opened_at=clock.now(),
                                     fixed_at=written if fixed else None))


def count_final_absences(person_id: int, year: int, through: date) -> list[date]:
    """ATT-4 evidence: the final absent days of ``year`` up to ``through``."""
    return list(db.session.scalars(select(DayStatus.day).where(
        DayStatus.person_id == person_id, DayStatus.status == ABSENT, DayStatus.provisional.is_(False),
        DayStatus.day >= date(year, 1, 1), DayStatus.day <= through).order_by(DayStatus.day)))

