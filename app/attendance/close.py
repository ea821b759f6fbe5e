"""The day close (ATT-5): statuses for everyone, counters, streaks, missed logs, alerts, recalls.

``close_day(D)`` closes every day from the watermark up to D in order (so a catch-up after
downtime equals having run daily), each day in ONE transaction: a close killed halfway leaves
nothing behind and its re-run gives the same result. A day is closed set-based: a handful of
INSERT … SELECT / UPDATE … FROM statements over everyone posted that day, costing O(people), not
O(people × days). Days whose CHK-6 grace has ended are then re-evaluated and made final, and only
final statuses open recall cases (ATT-5).

Each day's transaction is a step of the job: the job runner (scheduler/registry.py) commits it,
so the days before a killed close stay closed.
"""

from __future__ import annotations

import logging
from collections.abc import Generator
from datetime import date, timedelta

from sqlalchemy import and_, delete, exists, func, or_, select, text, true, update

from app import clock
from app.attendance import counters, sources, thresholds, withdrawals
from app.attendance.models import DayStatus
from app.calendar.service import calendar_day
from app.extensions import db
from app.jobstate import JobWatermark, lock_job
from app.org.models import Person, Posting
from app.policy import current_policy

log = logging.getLogger(__name__)
JOB = "day-close"


def grace_ended(day: date) -> bool:
    """ATT-5: D's offline grace (CHK-6) has passed, so D's statuses are final."""
    return clock.now() >= clock.end_of_day(day) + timedelta(hours=current_policy().offline_grace_h)


def watermark() -> date | None:
    return db.session.scalar(select(JobWatermark.last_date).where(JobWatermark.job == JOB))


def _set_watermark(day: date) -> None:
    row = db.session.get(JobWatermark, JOB)
    if row is None:
        db.session.add(JobWatermark(job=JOB, last_date=day, updated_at=clock.now()))
    else:
        row.last_date, row.updated_at = day, clock.now()


def _first_day() -> date | None:
    """Where the first close begins: the earliest posting, but never before the city's cadres were
    recorded here — days before the system knew anyone are not judged (no one could check in)."""
    first_posting = db.session.scalar(select(func.min(Posting.start_date)))
    first_recorded = db.session.scalar(select(func.min(Person.created_at)).where(
        Person.id.in_(select(Posting.person_id))))
    if first_posting is None or first_recorded is None:
        return first_posting
    return max(first_posting, clock.business_day(first_recorded))


def close_day(day: date) -> Generator[None, None, dict]:
    """Close ``day`` (and every unclosed day before it), then finalise days whose grace ended.

    A day that has not ended yet (``jobs run day-close`` defaults to today) is not judged: the
    close goes through yesterday and says so, so nobody is marked absent at three in the afternoon.
    A job in steps: it yields after each closed, re-closed and finalised day. Each step begins by
    taking the day close's lock (``lock_job``), held until the step commits, so a second close
    started at the same time waits and then finds the days done: they are listed as
    ``closed_by_another``, never counted twice.
    """
    note = None
    if day >= clock.today():
        day, note = clock.today() - timedelta(days=1), "the day has not ended: closed through yesterday"
    seen = watermark()  # read before any wait: what was closed when this run began
    closed, by_another = [], []
    # ATT-3/ATT-5: days closed earlier whose grace has ended become final first, so that a catch-up
    # closing later days as final at once sees one unbroken run of final days, never a gap.
    finalised = yield from finalise_due()
    current = (seen + timedelta(days=1)) if seen else (_first_day() or day)
    while current <= day:
        done = _close_forward(current)
        yield  # ATT-5: one transaction per closed day
        (closed if done else by_another).append(current.isoformat())
        current += timedelta(days=1)
    reclosed = []
    if seen is not None and day <= seen:
        lock_job(JOB)
        changed = reclose(day)
        yield
        reclosed.append({"date": day.isoformat(), "changed": len(changed)})
    finalised += yield from finalise_due()
    lock_job(JOB)
    thresholds.leave_recalls(day)
    withdrawn = withdrawals.review_open_cases({"kind": "day_close", "date": day.isoformat()})  # RECALL-3
    result = {"job": JOB, "closed": closed, "reclosed": reclosed, "finalised": finalised}
    if withdrawn:
        result["withdrawn_cases"] = withdrawn
    if by_another:
        log.info("another day close closed %s while this one waited for the lock", ", ".join(by_another))
        result["closed_by_another"] = by_another
    return {**result, "note": note} if note else result


def _close_forward(day: date) -> bool:
    """Close one day after the watermark: everything of it in one transaction (the caller's step).

    False when, once the lock is held, the watermark shows that another close already did it.
    """
    lock_job(JOB)
    mark = watermark()
    if mark is not None and mark >= day:
        return False
    cal = calendar_day(day)
    provisional = not grace_ended(day)
    statuses = sources.evaluate(day, cal.working)
    db.session.execute(sources.upsert_statuses(day, statuses, provisional, cal.provisional))
    _analyze_statuses()
    counters.add_day(day)
    counters.advance_streaks(day)
    opened = counters.missed_logs(day)
    thresholds.after_close(day, opened)
    if not provisional:  # closed after its grace (a catch-up): final at once, so recalls apply now
        thresholds.after_final(day)
    _set_watermark(day)
    log.info("closed %s (provisional=%s, calendar_provisional=%s)", day, provisional, cal.provisional)
    return True


def _analyze_statuses() -> None:
    """Let PostgreSQL's planner see the day just written, before the close queries it.

    Its statistics date from before the day existed, so it takes ``day = <that day>`` for a handful
    of rows and reads the whole day through ``ix_day_statuses_day_status`` for every batch of 500
    people the alerts look up (``EXPLAIN ANALYZE``: 100,000 rows read for 500 found), which makes
    the close grow as the square of the city. ``ANALYZE`` inside the transaction samples the
    transaction's own new rows (a fixed-size sample, whatever the city's size).
    """
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE day_statuses"))


def reclose(day: date, person_ids: list[int] | None = None) -> list[int]:
    """Re-evaluate an already closed ``day`` (for some people); fix what changed and return whose
    status changed. Does not commit.

    The comparison is done in SQL, so re-closing a day where nothing changed (the nightly
    finalisation, usually) costs one query over everyone and no Python objects per cadre.
    """
    cal = calendar_day(day)
    e = sources.evaluate(day, cal.working, person_ids).subquery("e")
    stored = and_(DayStatus.person_id == e.c.person_id, DayStatus.day == day)
    rows = db.session.execute(
        select(e.c.person_id, e.c.village_id, e.c.status, e.c.on_duty).outerjoin(DayStatus, stored).where(or_(
            DayStatus.person_id.is_(None), DayStatus.status != e.c.status, DayStatus.on_duty != e.c.on_duty,
            DayStatus.village_id != e.c.village_id))).all()
    mine = DayStatus.day == day
    if person_ids is not None:
        mine = and_(mine, DayStatus.person_id.in_(person_ids))
    # The posting no longer covers the day. NOT EXISTS, not NOT IN: PostgreSQL hashes a NOT IN
    # subquery only while it fits in work_mem, and re-scans it for every row past that (the
    # finalisation of 300,000 cadres took minutes); an anti-join has no such cliff.
    gone = list(db.session.scalars(select(DayStatus.person_id).where(
        mine, ~exists().where(e.c.person_id == DayStatus.person_id))))
    db.session.execute(update(DayStatus).where(mine, DayStatus.calendar_provisional.is_not(cal.provisional))
                       .values(calendar_provisional=cal.provisional))
    if gone:
        db.session.execute(delete(DayStatus).where(mine, DayStatus.person_id.in_(gone)))
    if rows:
        db.session.execute(sources.upsert_rows(day, rows, not grace_ended(day), cal.provisional))
    changed = sorted({r.person_id for r in rows} | set(gone))
    if changed:
        db.session.flush()
        counters.recompute_people(changed, day)
    return changed


def finalise_due() -> Generator[None, None, list[str]]:
    """ATT-5: make final every closed day whose grace has ended (re-evaluated first), in order, a
    step for each day.

    Each step takes the day close's lock and only then looks up its day, so a day another process
    finalised meanwhile is not done twice. The lookup that finds nothing left stays in the caller's
    step, the lock held.
    """
    done = []
    while (day := _next_to_finalise()) is not None:
        reclose(day)
        db.session.execute(update(DayStatus).where(DayStatus.day == day).values(provisional=False)
                           .execution_options(synchronize_session=False))  # no status is an ORM object here
        thresholds.after_final(day)
        yield
        done.append(day.isoformat())
    return done


def _next_to_finalise() -> date | None:
    """Take the lock, then: the oldest closed day still provisional whose grace has ended."""
    lock_job(JOB)
    mark = watermark()
    if mark is None:
        return None
    last = min(mark, clock.business_day(clock.now() - timedelta(hours=current_policy().offline_grace_h))
               - timedelta(days=1))
    return db.session.scalar(select(func.min(DayStatus.day)).where(
        DayStatus.provisional == true(), DayStatus.day <= last))


def reevaluate(person_id: int, days: list[date]) -> None:
    """ATT-5: late data for closed days of one person, re-evaluated in the sender's transaction.

    Under the day close's lock, so it never interleaves with a close of those days.
    """
    lock_job(JOB)
    mark = watermark()
    for day in sorted(set(days)):
        if mark is not None and day <= mark and reclose(day, [person_id]):
            thresholds.streak_alerts(day, [person_id])
            thresholds.cumulative_alerts(day, [person_id])
