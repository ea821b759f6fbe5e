"""ATT-5: late data re-evaluates closed days in the sender's transaction (app/signals.py).

The receivers of the day close; ``app/receivers.py`` connects them.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app import clock
from app.attendance.close import JOB, reclose, reevaluate, watermark
from app.attendance.counters import fix_missed_log
from app.attendance.models import DayStatus
from app.attendance.withdrawals import review_open_cases
from app.calendar.service import is_working_day
from app.extensions import db
from app.jobstate import lock_job


def on_day_data_changed(_sender, person_id: int, days: list[date], **_):
    """ATT-5 late data re-evaluates the days; RECALL-3 then withdraws the cases it took the ground of."""
    reevaluate(person_id, days)
    review_open_cases({"kind": "late_data", "days": sorted({d.isoformat() for d in days})}, [person_id])


def on_log_written(_sender, person_id: int, day: date, **_):
    fix_missed_log(person_id, day, clock.now())


def on_calendar_changed(_sender, year: int, version: int | None = None, **_):
    """DUTY-4: re-evaluate the closed days of ``year`` that the new calendar may classify differently
    (every day the provisional calendar decided, and every day the entry changes); RECALL-3 then
    withdraws the open cases of that year (and of the next: a run crosses 1 January) that lost
    their ground."""
    lock_job(JOB)  # never beside a running close of those days (ATT-5)
    mark = watermark()
    days = db.session.scalars(select(DayStatus.day).where(
        DayStatus.day >= date(year, 1, 1), DayStatus.day <= date(year, 12, 31)).distinct().order_by(DayStatus.day))
    for day in list(days):
        flagged = db.session.scalar(select(DayStatus.calendar_provisional).where(DayStatus.day == day).limit(1))
        if mark is not None and day <= mark and (flagged or is_working_day(day) != (day.weekday() < 5)):
            reclose(day)
    review_open_cases({"kind": "calendar", "year": year, "version": version}, years=[year, year + 1])
